package lsp

import (
	"context"
	"errors"
	"io"
	"os"
)

// stdio joins standard input and output into one stream.
type stdio struct {
	io.Reader
	io.Writer
}

// Close closes standard input and output.
func (stdio) Close() error { return errors.Join(os.Stdin.Close(), os.Stdout.Close()) }

// ServeStdio runs a session over standard input and output (what cmd/rhythm-lsp and
// `rhythm lsp` do). See Serve for the result.
func ServeStdio(ctx context.Context, opts Options) error {
	return Serve(ctx, stdio{Reader: os.Stdin, Writer: os.Stdout}, opts)
}
