//go:build unix && !linux

package pgserver

import "os/exec"

// dieWithParent is not available outside Linux: a child cluster outlives a killed parent there.
func dieWithParent(cmd *exec.Cmd) {}
