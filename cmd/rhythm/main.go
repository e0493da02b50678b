// Command rhythm is the command-line tool of Rhythm: it checks, formats and runs Flow workflows.
// Run `rhythm help` for the list of commands.
package main

import (
	"os"

	"github.com/rhythmflow/rhythm/internal/cli"
)

func main() {
	os.Exit(cli.Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
