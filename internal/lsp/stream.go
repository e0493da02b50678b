package lsp

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
	"time"

	"go.lsp.dev/jsonrpc2"
)

// maxMessage is the largest message body the server reads (larger ones are skipped).
const maxMessage = 64 << 20

// stream is the Language Server Protocol framing (`Content-Length` headers, JSON bodies)
// over a byte stream, tolerant of bad input: a message with a malformed header or body is
// logged and skipped instead of ending the session (jsonrpc2's own stream fails the
// connection on the first one).
//
// Writes are queued and sent by a goroutine of their own, in order: the read loop, which
// replies to some messages itself, never waits for the client to read, so a client that
// writes while the server writes (both over synchronous pipes) cannot deadlock the session.
type stream struct {
	in   *bufio.Reader
	out  io.Writer
	c    io.Closer
	logf func(format string, args ...any)

	mu      sync.Mutex
	cond    *sync.Cond
	queue   [][]byte
	closed  bool
	werr    error
	flushed chan struct{} // closed when the writer goroutine ends
}

var _ jsonrpc2.Stream = (*stream)(nil)

// newStream frames messages over rwc and starts the writer.
func newStream(rwc io.ReadWriteCloser, logf func(string, ...any)) *stream {
	s := &stream{in: bufio.NewReader(rwc), out: rwc, c: rwc, logf: logf, flushed: make(chan struct{})}
	s.cond = sync.NewCond(&s.mu)
	go s.writer()
	return s
}

// writer sends the queued messages until the stream is closed and the queue empty.
func (s *stream) writer() {
	defer close(s.flushed)
	for {
		s.mu.Lock()
		for len(s.queue) == 0 && !s.closed {
			s.cond.Wait()
		}
		if len(s.queue) == 0 {
			s.mu.Unlock()
			return
		}
		msg := s.queue[0]
		s.queue[0] = nil
		s.queue = s.queue[1:]
		failed := s.werr != nil
		s.mu.Unlock()
		if failed {
			continue
		}
		if _, err := s.out.Write(msg); err != nil {
			s.mu.Lock()
			s.werr = err
			s.mu.Unlock()
			s.logf("write: %v", err)
		}
	}
}

// Read returns the next well-formed message. Only an error of the underlying reader (end of
// input, closed pipe) or a cancelled ctx is returned.
func (s *stream) Read(ctx context.Context) (jsonrpc2.Message, int64, error) {
	var total int64
	for {
		if err := ctx.Err(); err != nil {
			return nil, total, err
		}
		length := -1
		bad := false
		for {
			line, err := s.in.ReadString('\n')
			total += int64(len(line))
			if err != nil {
				return nil, total, fmt.Errorf("read header: %w", err)
			}
			line = strings.TrimSpace(line)
			if line == "" {
				if length < 0 && !bad {
					continue // stray blank line between messages
				}
				break
			}
			name, value, ok := strings.Cut(line, ":")
			if !ok {
				bad = true
				continue
			}
			if strings.EqualFold(strings.TrimSpace(name), "Content-Length") {
				n, err := strconv.Atoi(strings.TrimSpace(value))
				if err != nil || n < 0 {
					bad = true
					continue
				}
				length = n
			}
		}
		if length < 0 {
			s.logf("skipping a message without a valid Content-Length header")
			continue
		}
		if length > maxMessage {
			s.logf("skipping a message of %d bytes (limit %d)", length, maxMessage)
			if _, err := io.CopyN(io.Discard, s.in, int64(length)); err != nil {
				return nil, total, fmt.Errorf("skip body: %w", err)
			}
			total += int64(length)
			continue
		}
		body := make([]byte, length)
		if _, err := io.ReadFull(s.in, body); err != nil {
			return nil, total, fmt.Errorf("read body: %w", err)
		}
		total += int64(length)
		msg, err := jsonrpc2.DecodeMessage(body)
		if err != nil {
			s.logf("skipping a malformed message: %v", err)
			continue
		}
		return msg, total, nil
	}
}

// Write queues one message. It fails only when the message cannot be encoded, the stream is
// closed or an earlier write failed.
func (s *stream) Write(ctx context.Context, msg jsonrpc2.Message) (int64, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	data, err := json.Marshal(msg)
	if err != nil {
		return 0, fmt.Errorf("marshal message: %w", err)
	}
	frame := fmt.Appendf(nil, "Content-Length: %d\r\n\r\n%s", len(data), data)
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case s.closed:
		return 0, errors.New("write message: stream closed")
	case s.werr != nil:
		return 0, fmt.Errorf("write message: %w", s.werr)
	}
	s.queue = append(s.queue, frame)
	s.cond.Signal()
	return int64(len(frame)), nil
}

// Close sends the messages still queued (for at most a second), then closes the underlying
// stream.
func (s *stream) Close() error {
	s.mu.Lock()
	already := s.closed
	s.closed = true
	s.cond.Signal()
	s.mu.Unlock()
	if !already {
		select {
		case <-s.flushed:
		case <-time.After(time.Second):
		}
	}
	return s.c.Close()
}
