package lsp

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"

	"go.lsp.dev/jsonrpc2"
)

// maxMessage is the largest message body the server reads (larger ones are skipped).
const maxMessage = 64 << 20

// stream is the Language Server Protocol framing (`Content-Length` headers, JSON bodies)
// over a byte stream, tolerant of bad input: a message with a malformed header or body is
// logged and skipped instead of ending the session (jsonrpc2's own stream fails the
// connection on the first one).
type stream struct {
	in   *bufio.Reader
	out  io.Writer
	c    io.Closer
	logf func(format string, args ...any)
}

var _ jsonrpc2.Stream = (*stream)(nil)

// newStream frames messages over rwc.
func newStream(rwc io.ReadWriteCloser, logf func(string, ...any)) *stream {
	return &stream{in: bufio.NewReader(rwc), out: rwc, c: rwc, logf: logf}
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

// Write sends one message.
func (s *stream) Write(ctx context.Context, msg jsonrpc2.Message) (int64, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	data, err := json.Marshal(msg)
	if err != nil {
		return 0, fmt.Errorf("marshal message: %w", err)
	}
	n, err := fmt.Fprintf(s.out, "Content-Length: %d\r\n\r\n%s", len(data), data)
	if err != nil {
		return int64(n), fmt.Errorf("write message: %w", err)
	}
	return int64(n), nil
}

// Close closes the underlying stream.
func (s *stream) Close() error { return s.c.Close() }
