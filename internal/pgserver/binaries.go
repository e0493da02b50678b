package pgserver

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// Binaries is one installation of the PostgreSQL server programs (initdb, pg_ctl, postgres).
type Binaries struct {
	// Dir is the folder holding initdb, pg_ctl and postgres, with symbolic links resolved.
	Dir string
	// Major is the server's major version (15 for "15.14").
	Major int
	// Version is the full version string reported by pg_ctl --version, e.g. "15.14".
	Version string
}

// Path returns the path of the named program of this installation.
func (b *Binaries) Path(program string) string { return filepath.Join(b.Dir, program) }

// NotInstalledError reports that no usable PostgreSQL server binaries were found. Its message says
// where the search looked and how to install PostgreSQL or point Rhythm at an existing database.
type NotInstalledError struct {
	// Searched lists the folders that were examined, in order.
	Searched []string
	// WantMajor is the major version that was required (0 for any); a data folder initialised by
	// one major version can only be served by that version.
	WantMajor int
	// Found lists the versions that were found but did not match WantMajor.
	Found []string
}

// Error implements error.
func (e *NotInstalledError) Error() string {
	var b strings.Builder
	if e.WantMajor != 0 {
		fmt.Fprintf(&b, "no PostgreSQL %d server binaries found", e.WantMajor)
		if len(e.Found) > 0 {
			fmt.Fprintf(&b, " (found %s; the data folder was created by version %d)", strings.Join(e.Found, ", "), e.WantMajor)
		}
	} else {
		b.WriteString("no PostgreSQL server binaries (initdb, pg_ctl, postgres) found")
	}
	b.WriteString(" on PATH or in " + strings.Join(defaultGlobs, ", "))
	b.WriteString(": install PostgreSQL (Debian/Ubuntu: apt-get install postgresql; macOS: brew install postgresql)")
	b.WriteString(" or set RHYTHM_DATABASE_URL to an existing database")
	return b.String()
}

// ErrNotInstalled is matched by errors.Is for every *NotInstalledError.
var ErrNotInstalled = errors.New("PostgreSQL server binaries not installed")

// Is lets errors.Is(err, ErrNotInstalled) match.
func (e *NotInstalledError) Is(target error) bool { return target == ErrNotInstalled }

// defaultGlobs are the well-known install locations searched after PATH, newest version first.
var defaultGlobs = []string{
	"/usr/lib/postgresql/*/bin",          // Debian, Ubuntu
	"/usr/pgsql-*/bin",                   // RHEL, Fedora (PGDG)
	"/opt/homebrew/opt/postgresql@*/bin", // Homebrew on Apple silicon
	"/usr/local/opt/postgresql@*/bin",    // Homebrew on Intel
	"/opt/homebrew/opt/postgresql/bin",   // Homebrew, unversioned formula
	"/usr/local/opt/postgresql/bin",      // Homebrew, unversioned formula
	"/Applications/Postgres.app/Contents/Versions/*/bin",
}

// DefaultSearchPath returns the folders searched for server binaries: the folders on PATH (in
// order), then the well-known install locations with the newest major version first.
func DefaultSearchPath() []string {
	dirs := filepath.SplitList(os.Getenv("PATH"))
	for _, g := range defaultGlobs {
		matches, _ := filepath.Glob(g)
		sort.SliceStable(matches, func(i, j int) bool {
			return versionKey(matches[i]) > versionKey(matches[j])
		})
		dirs = append(dirs, matches...)
	}
	return dirs
}

var digitsRe = regexp.MustCompile(`\d+`)

// versionKey extracts the first number in a path ("/usr/lib/postgresql/15/bin" → 15) for ordering.
func versionKey(path string) int {
	n, _ := strconv.Atoi(digitsRe.FindString(path))
	return n
}

var versionRe = regexp.MustCompile(`\(PostgreSQL\)\s+(\d+)(?:\.(\d+))?`)

// FindBinaries returns the first installation in dirs (in order) that has initdb, pg_ctl and
// postgres and, when wantMajor is not 0, whose major version is wantMajor. Symbolic links are
// resolved, so a folder of links (such as /usr/local/bin) yields the real installation folder. When
// none fits it returns a *NotInstalledError.
func FindBinaries(ctx context.Context, dirs []string, wantMajor int) (*Binaries, error) {
	seen := map[string]bool{}
	var found []string
	for _, d := range dirs {
		if d == "" {
			continue
		}
		ctl, err := filepath.EvalSymlinks(filepath.Join(d, "pg_ctl"))
		if err != nil || !isExecutable(ctl) {
			continue
		}
		dir := filepath.Dir(ctl)
		if seen[dir] || !isExecutable(filepath.Join(dir, "initdb")) || !isExecutable(filepath.Join(dir, "postgres")) {
			continue
		}
		seen[dir] = true
		out, err := exec.CommandContext(ctx, ctl, "--version").Output()
		if err != nil {
			continue
		}
		m := versionRe.FindStringSubmatch(string(out))
		if m == nil {
			continue
		}
		major, _ := strconv.Atoi(m[1])
		version := m[1]
		if m[2] != "" {
			version += "." + m[2]
		}
		if wantMajor != 0 && major != wantMajor {
			found = append(found, version+" in "+dir)
			continue
		}
		return &Binaries{Dir: dir, Major: major, Version: version}, nil
	}
	return nil, &NotInstalledError{Searched: dirs, WantMajor: wantMajor, Found: found}
}

func isExecutable(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.Mode().IsRegular() && fi.Mode().Perm()&0o111 != 0
}
