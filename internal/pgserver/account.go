package pgserver

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
)

// Account is the operating-system identity that server programs run as.
type Account struct {
	// Name is the account's login name.
	Name string
	// UID and GID are the account's user and primary group ids.
	UID, GID int
	// Groups are the account's supplementary group ids.
	Groups []int
	// Switch is true when the account differs from the calling process's (the caller is root and
	// runs the server as "postgres"); commands are then started with that account's credentials and
	// folders the server writes are chowned to it.
	Switch bool
}

// ServerAccount returns the account that PostgreSQL programs must run as: the calling user, or,
// when the caller is root (which PostgreSQL refuses), the "postgres" system account. It fails with
// an explanation when the caller is root and no such account exists.
func ServerAccount() (*Account, error) {
	if os.Geteuid() != 0 {
		u, err := user.Current()
		if err != nil {
			return &Account{Name: strconv.Itoa(os.Geteuid()), UID: os.Geteuid(), GID: os.Getegid()}, nil
		}
		return accountOf(u, false), nil
	}
	u, err := user.Lookup("postgres")
	if err != nil {
		return nil, fmt.Errorf("running as root, and PostgreSQL refuses to run as root, but there is no \"postgres\" account to run it as (create one with: useradd --system --home-dir /var/lib/postgresql postgres): %w", err)
	}
	return accountOf(u, true), nil
}

func accountOf(u *user.User, switchTo bool) *Account {
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	a := &Account{Name: u.Username, UID: uid, GID: gid, Switch: switchTo}
	if ids, err := u.GroupIds(); err == nil {
		for _, s := range ids {
			if g, err := strconv.Atoi(s); err == nil && g != gid {
				a.Groups = append(a.Groups, g)
			}
		}
	}
	return a
}

// Chown gives path to the account when the account differs from the caller's; otherwise it does
// nothing.
func (a *Account) Chown(path string) error {
	if !a.Switch {
		return nil
	}
	if err := os.Chown(path, a.UID, a.GID); err != nil {
		return fmt.Errorf("give %s to %s: %w", path, a.Name, err)
	}
	return nil
}

// MkdirPrivate creates dir (and missing parents, owned by the caller with mode 0755) as a folder
// with mode 0700 owned by the account. An existing dir is re-owned and re-moded.
func (a *Account) MkdirPrivate(dir string) error {
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		return fmt.Errorf("create %s: %w", filepath.Dir(dir), err)
	}
	if err := os.Mkdir(dir, 0o700); err != nil && !errors.Is(err, os.ErrExist) {
		return fmt.Errorf("create %s: %w", dir, err)
	}
	if err := os.Chmod(dir, 0o700); err != nil {
		return fmt.Errorf("restrict %s: %w", dir, err)
	}
	return a.Chown(dir)
}

// CanReach reports whether the account can enter every folder on the way to path (which must be
// absolute), judging by owner, group and other permission bits. When the account is the caller's
// it always reports true.
func (a *Account) CanReach(path string) bool {
	if !a.Switch {
		return true
	}
	for p := path; ; p = filepath.Dir(p) {
		fi, err := os.Stat(p)
		if err != nil {
			return false
		}
		if fi.IsDir() && !a.canSearch(fi) {
			return false
		}
		if p == filepath.Dir(p) {
			return true
		}
	}
}

func (a *Account) inGroup(gid int) bool {
	if gid == a.GID {
		return true
	}
	for _, g := range a.Groups {
		if g == gid {
			return true
		}
	}
	return false
}

// Command returns a command that runs program with args as the account, in the root folder (the
// caller's working folder may be unreadable to the account), with PG* variables removed from the
// environment so that the caller's libpq settings cannot redirect the server programs.
func (a *Account) Command(ctx context.Context, program string, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, program, args...)
	cmd.Dir = "/"
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "PG") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	if a.Switch {
		setCredential(cmd, a)
	}
	return cmd
}
