package conformance

import (
	"context"
	"encoding/json"
	"errors"
	"testing"

	"github.com/rhythmflow/rhythm/engine/memrun"
)

// TestNonObjectInputsRejected pins §8: "`Inputs` — the workflow's input object. Non-object
// inputs are rejected when the execution is created, with a clear error." Nothing runs.
func TestNonObjectInputsRejected(t *testing.T) {
	t.Parallel()
	for _, in := range []string{`[1]`, `5`, `"s"`, `true`, `null`, `{"a":`} {
		ran := false
		_, err := memrun.Run(context.Background(), memrun.Options{
			File:   "main.flow",
			Source: []byte("console.log(\"ran\")\nreturn Inputs\n"),
			Inputs: json.RawMessage(in),
			OnLog:  func(memrun.LogLine) { ran = true },
		})
		var ie *memrun.InputError
		if !errors.As(err, &ie) {
			t.Errorf("inputs %s: want a *memrun.InputError, got %v", in, err)
		} else if ie.Message == "" {
			t.Errorf("inputs %s: the error says nothing", in)
		}
		if ran {
			t.Errorf("inputs %s: the workflow ran", in)
		}
	}
}
