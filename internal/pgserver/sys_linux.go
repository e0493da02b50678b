//go:build linux

package pgserver

import (
	"os/exec"
	"syscall"
)

// dieWithParent asks the kernel to send the child an immediate-shutdown signal when the calling
// process exits, so a test binary that is killed does not leave its cluster running.
func dieWithParent(cmd *exec.Cmd) {
	if cmd.SysProcAttr == nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{}
	}
	cmd.SysProcAttr.Pdeathsig = syscall.SIGQUIT
}
