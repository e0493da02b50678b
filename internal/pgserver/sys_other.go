//go:build !unix

package pgserver

import (
	"io/fs"
	"os"
	"os/exec"
)

// setCredential is not supported here: commands run as the caller.
func setCredential(cmd *exec.Cmd, a *Account) {}

// canSearch assumes the folder can be entered.
func (a *Account) canSearch(fi fs.FileInfo) bool { return true }

// processAlive reports whether the process can be found.
func processAlive(pid int) bool {
	p, err := os.FindProcess(pid)
	return err == nil && p != nil
}

// interrupt kills the process.
func interrupt(p *os.Process) error { return p.Kill() }

// dieWithParent is not available here.
func dieWithParent(cmd *exec.Cmd) {}

// ownedByCaller assumes ownership.
func ownedByCaller(path string) bool { return true }

// copyOwner does nothing here.
func copyOwner(fi fs.FileInfo, target string) error { return nil }
