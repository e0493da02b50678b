package cli

import (
	"context"
	"os"
	"os/signal"
)

// contextBackground returns a context cancelled by the first interrupt, so that a long run
// stops cleanly on Ctrl-C.
func contextBackground() context.Context {
	ctx, _ := signal.NotifyContext(context.Background(), os.Interrupt)
	return ctx
}
