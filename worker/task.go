package worker

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"runtime"
	"time"
)

// TaskOptions are a task's defaults; Task.run options and client options given by the caller
// take precedence.
type TaskOptions struct {
	// Queue is the queue the task is served on when the caller names none. Default: "default".
	Queue string
	// Retries is the number of retries after a failed first attempt.
	Retries int
	// Backoff is the retry schedule; the zero value means {1s, ×2, max 5m}. Real delays get
	// ±10% jitter.
	Backoff Backoff
	// Timeout limits each attempt (its context's deadline); an attempt over it fails with
	// code "Timeout". Zero means none.
	Timeout time.Duration
	// Doc describes the task in the task registry (shown by editors and `rhythm tasks`).
	Doc string
}

// Backoff is a retry schedule: retry n starts min(Initial × Factor^(n−1), Max) after the failure.
type Backoff struct {
	Initial, Max time.Duration
	Factor       float64
}

// TaskDef is a task ready to register with Worker.Register; build it with Task.
type TaskDef struct {
	name      string
	opts      TaskOptions
	call      func(ctx context.Context, in json.RawMessage) (json.RawMessage, error)
	inSchema  json.RawMessage
	outSchema json.RawMessage
	file      string
	line      int
}

// Name returns the task's name.
func (d *TaskDef) Name() string { return d.name }

// Task defines task name, implemented by fn. The input is decoded from JSON into In (a decode
// failure fails the attempt with a message naming the field) and the output encoded from Out.
// The registry records JSON schemas derived from In and Out, opts.Doc, and fn's source location.
// At most one TaskOptions may be given.
func Task[In, Out any](name string, fn func(ctx context.Context, in In) (Out, error), opts ...TaskOptions) *TaskDef {
	d := &TaskDef{name: name}
	if len(opts) > 0 {
		d.opts = opts[0]
	}
	d.call = func(ctx context.Context, raw json.RawMessage) (json.RawMessage, error) {
		var in In
		if len(raw) > 0 && string(raw) != "null" {
			if err := json.Unmarshal(raw, &in); err != nil {
				return nil, decodeError(name, err)
			}
		}
		out, err := fn(ctx, in)
		if err != nil {
			return nil, err
		}
		b, err := json.Marshal(out)
		if err != nil {
			return nil, &Error{Code: "EncodeError", Message: fmt.Sprintf("encode output of task %q: %v", name, err)}
		}
		return b, nil
	}
	d.inSchema = Schema(reflect.TypeFor[In]())
	d.outSchema = Schema(reflect.TypeFor[Out]())
	if f := runtime.FuncForPC(reflect.ValueOf(fn).Pointer()); f != nil {
		d.file, d.line = f.FileLine(f.Entry())
	}
	return d
}

// decodeError describes an input that does not decode, naming the field at fault.
func decodeError(task string, err error) error {
	var te *json.UnmarshalTypeError
	var se *json.SyntaxError
	switch {
	case errors.As(err, &te) && te.Field != "":
		return &Error{Code: "DecodeError", Message: fmt.Sprintf("decode input of task %q: field %q: cannot use %s as %s", task, te.Field, te.Value, te.Type)}
	case errors.As(err, &te):
		return &Error{Code: "DecodeError", Message: fmt.Sprintf("decode input of task %q: cannot use %s as %s", task, te.Value, te.Type)}
	case errors.As(err, &se):
		return &Error{Code: "DecodeError", Message: fmt.Sprintf("decode input of task %q: %v (at byte %d)", task, se, se.Offset)}
	}
	return &Error{Code: "DecodeError", Message: fmt.Sprintf("decode input of task %q: %v", task, err)}
}

// Error is a task failure with a code and details, as a workflow sees it ({code, message,
// details}: the workflow's error has the code as its cause). A task may return one (wrapped or
// not); any other error becomes {message}.
type Error struct {
	Code    string
	Message string
	// Details is any JSON-encodable value.
	Details any
}

// Error returns the message, prefixed by the code.
func (e *Error) Error() string {
	if e.Code == "" {
		return e.Message
	}
	return e.Code + ": " + e.Message
}

// ErrAsync is returned by a task that handed its work off: the attempt ends without a result,
// and the task is completed later with client.CompleteTask or client.FailTask (see Info for its
// id). It is not retried and does not time out.
var ErrAsync = errors.New("task completes asynchronously")

// Info describes the attempt a task function runs in.
type Info struct {
	// ExecutionID is the task execution's id (what client.CompleteTask takes).
	ExecutionID string
	Task        string
	// Attempt counts from 1; MaxAttempts is 1 + retries.
	Attempt, MaxAttempts int
	// ParentID is the workflow that started the task ("" for a standalone task).
	ParentID string
}

type infoKey struct{}

// InfoFrom returns the Info of the attempt that ctx belongs to.
func InfoFrom(ctx context.Context) (Info, bool) {
	i, ok := ctx.Value(infoKey{}).(Info)
	return i, ok
}
