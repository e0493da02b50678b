package pgserver

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// PIDFile is what a running server records in its data folder's postmaster.pid.
type PIDFile struct {
	// PID is the postmaster's process id.
	PID int
	// Port is the port number; the unix socket is SocketDir/.s.PGSQL.<Port>.
	Port int
	// SocketDir is the first unix-socket folder ("" when the server has none).
	SocketDir string
	// ListenAddr is the first TCP listen address ("" when the server listens on no TCP address).
	ListenAddr string
	// Status is the postmaster's state: "starting", "ready", "stopping" or "standby" (empty for
	// servers too old to record it).
	Status string
}

// Ready reports whether the server said it accepts connections.
func (p *PIDFile) Ready() bool { return p.Status == "ready" }

// Alive reports whether the recorded process still exists.
func (p *PIDFile) Alive() bool { return processAlive(p.PID) }

// ReadPIDFile reads dataDir/postmaster.pid. It returns an error satisfying errors.Is(err,
// os.ErrNotExist) when no server has the folder open (or one stopped cleanly).
func ReadPIDFile(dataDir string) (*PIDFile, error) {
	b, err := os.ReadFile(filepath.Join(dataDir, "postmaster.pid"))
	if err != nil {
		return nil, fmt.Errorf("read server pid file: %w", err)
	}
	lines := strings.Split(string(b), "\n")
	field := func(i int) string {
		if i < len(lines) {
			return strings.TrimSpace(lines[i])
		}
		return ""
	}
	p := &PIDFile{SocketDir: field(4), ListenAddr: field(5), Status: field(7)}
	if p.PID, err = strconv.Atoi(field(0)); err != nil {
		return nil, fmt.Errorf("server pid file %s: bad pid line %q", filepath.Join(dataDir, "postmaster.pid"), field(0))
	}
	p.Port, _ = strconv.Atoi(field(3))
	return p, nil
}
