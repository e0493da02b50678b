//go:build unix

package pgserver

import (
	"io/fs"
	"os"
	"os/exec"
	"syscall"
)

// setCredential makes cmd run with the account's user, group and supplementary groups.
func setCredential(cmd *exec.Cmd, a *Account) {
	groups := make([]uint32, len(a.Groups))
	for i, g := range a.Groups {
		groups[i] = uint32(g)
	}
	if cmd.SysProcAttr == nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{}
	}
	cmd.SysProcAttr.Credential = &syscall.Credential{Uid: uint32(a.UID), Gid: uint32(a.GID), Groups: groups}
}

// canSearch reports whether the account may enter the folder described by fi.
func (a *Account) canSearch(fi fs.FileInfo) bool {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return false
	}
	perm := fi.Mode().Perm()
	switch {
	case int(st.Uid) == a.UID:
		return perm&0o100 != 0
	case a.inGroup(int(st.Gid)):
		return perm&0o010 != 0
	default:
		return perm&0o001 != 0
	}
}

// processAlive reports whether a process with the given id exists.
func processAlive(pid int) bool {
	if pid <= 0 {
		return false
	}
	err := syscall.Kill(pid, 0)
	return err == nil || err == syscall.EPERM
}

// interrupt asks a server process for an immediate shutdown (SIGQUIT), which is all a throwaway
// cluster needs.
func interrupt(p *os.Process) error { return p.Signal(syscall.SIGQUIT) }

// ownedByCaller reports whether path belongs to the calling user.
func ownedByCaller(path string) bool {
	fi, err := os.Stat(path)
	if err != nil {
		return false
	}
	st, ok := fi.Sys().(*syscall.Stat_t)
	return ok && int(st.Uid) == os.Geteuid()
}

// copyOwner gives target the owner and group of the file described by fi, when the caller is root.
func copyOwner(fi fs.FileInfo, target string) error {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok || os.Geteuid() != 0 {
		return nil
	}
	return os.Lchown(target, int(st.Uid), int(st.Gid))
}
