// Command rhythm-lsp is the language server of Flow (.flow) files. It speaks the Language
// Server Protocol over standard input and output; editors start it and talk to it (the same
// server runs as `rhythm lsp`).
//
// Usage:
//
//	rhythm-lsp [-log file] [-debounce 150ms]
//
// The task registry is read from PostgreSQL: the client's `rhythm.databaseUrl` setting
// (initialization options or workspace/configuration), else RHYTHM_DATABASE_URL, else the
// workspace's development database when it is running (the server never starts it). It is
// reloaded when workers register tasks (a notification) and cached to the workspace's
// .rhythm/registry.json, which, with the workspace's .flow files, serves when there is no
// database or it cannot be reached (unknown task names are then warnings). It exits with status 0 after the client's shutdown and exit, 1
// otherwise.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/rhythmflow/rhythm/internal/lsp"
)

func main() {
	logPath := flag.String("log", "", "append the server's log to this file")
	debounce := flag.Duration("debounce", 0, "quiet period before diagnostics are published (default 150ms)")
	flag.Bool("stdio", true, "talk over standard input and output (the only transport; accepted for editors that pass it)")
	flag.Parse()
	db := lsp.DatabaseRegistry{}
	opts := lsp.Options{Debounce: *debounce, Version: "dev", DatabaseURL: os.Getenv("RHYTHM_DATABASE_URL"),
		LoadRegistry: db.Load, WatchRegistry: db.Watch}
	if *logPath != "" {
		f, err := os.OpenFile(*logPath, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
		if err != nil {
			fmt.Fprintln(os.Stderr, "rhythm-lsp:", err)
			os.Exit(2)
		}
		defer f.Close()
		opts.Log = f
	} else {
		opts.Log = io.Discard
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := lsp.ServeStdio(ctx, opts); err != nil {
		fmt.Fprintln(os.Stderr, "rhythm-lsp:", err)
		os.Exit(1)
	}
}
