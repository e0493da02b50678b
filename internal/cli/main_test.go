package cli

import (
	"os"
	"testing"

	"github.com/rhythmflow/rhythm/internal/pgtest"
)

func TestMain(m *testing.M) {
	// Worker processes spawned by `rhythm bench` under test run this binary as the CLI.
	if os.Getenv(EnvCLIMain) == "1" {
		os.Exit(Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
	}
	pgtest.Main(m)
}
