package pgtest

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// Folders of killed runs are swept; recent ones, live ones and other folders stay.
func TestSweepStale(t *testing.T) {
	t.Parallel()
	base := t.TempDir()
	old := time.Now().Add(-time.Hour)
	mk := func(name string, age time.Time, pid string) string {
		dir := filepath.Join(base, name)
		if err := os.MkdirAll(filepath.Join(dir, "data"), 0o700); err != nil {
			t.Fatal(err)
		}
		if pid != "" {
			if err := os.WriteFile(filepath.Join(dir, "data", "postmaster.pid"), []byte(pid+"\n"), 0o600); err != nil {
				t.Fatal(err)
			}
		}
		if err := os.Chtimes(dir, age, age); err != nil {
			t.Fatal(err)
		}
		return dir
	}
	dead := mk("rhythm-pgtest-1", old, "")
	deadPID := mk("rhythm-pgtest-2", old, "999999999")
	live := mk("rhythm-pgtest-3", old, "1") // pid 1 always exists
	recent := mk("rhythm-pgtest-4", time.Now(), "")
	cache := mk("rhythm-pgtest-cache-0", old, "")
	other := mk("something-else", old, "")
	sweepStale(base)
	for dir, want := range map[string]bool{dead: false, deadPID: false, live: true, recent: true, cache: true, other: true} {
		if _, err := os.Stat(dir); (err == nil) != want {
			t.Errorf("%s: exists=%v, want %v", filepath.Base(dir), err == nil, want)
		}
	}
}
