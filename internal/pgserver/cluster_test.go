package pgserver

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5"
)

// privateDir returns a fresh folder that the server's account can use (t.TempDir's parent is
// closed to other accounts).
func privateDir(t *testing.T, acct *Account) string {
	t.Helper()
	dir, err := os.MkdirTemp("/tmp", "rhythm-pgserver-test-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	if err := acct.MkdirPrivate(dir); err != nil {
		t.Fatal(err)
	}
	return dir
}

// Two clusters initialised at once from an empty cache share one cache entry; a child server
// starts on a copy, answers on its socket, and stops.
func TestInitCachedAndChild(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	acct, err := ServerAccount()
	if err != nil {
		t.Fatal(err)
	}
	bin, err := FindBinaries(ctx, DefaultSearchPath(), 0)
	if err != nil {
		t.Fatal(err)
	}
	dir := privateDir(t, acct)
	cacheRoot, err := os.MkdirTemp("/tmp", "rhythm-pgserver-cache-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(cacheRoot) })
	opts := InitOptions{SuperUser: "tester", AuthLocal: "trust", AuthHost: "reject", Settings: []Setting{{"fsync", "off"}}}

	clusters := []*Cluster{
		{Bin: bin, DataDir: filepath.Join(dir, "a"), Account: acct},
		{Bin: bin, DataDir: filepath.Join(dir, "b"), Account: acct},
	}
	var wg sync.WaitGroup
	errs := make([]error, len(clusters))
	for i, c := range clusters {
		wg.Add(1)
		go func() { defer wg.Done(); errs[i] = c.InitCached(ctx, opts, cacheRoot) }()
	}
	wg.Wait()
	for i, c := range clusters {
		if errs[i] != nil {
			t.Fatal(errs[i])
		}
		if !c.Initialized() || DataMajor(c.DataDir) != bin.Major {
			t.Fatalf("cluster %s not initialised", c.DataDir)
		}
	}
	entries, _ := os.ReadDir(cacheRoot)
	if len(entries) != 1 {
		t.Errorf("cache holds %d entries, want 1", len(entries))
	}
	conf, err := os.ReadFile(filepath.Join(clusters[1].DataDir, "postgresql.conf"))
	if err != nil || !strings.Contains(string(conf), "fsync = 'off'") {
		t.Errorf("settings missing from the copied cluster: %v", err)
	}

	child, err := clusters[0].StartChild(ctx, StartOptions{Port: 5432, SocketDir: dir, LogFile: filepath.Join(dir, "log")})
	if err != nil {
		t.Fatal(err)
	}
	conn, err := pgx.Connect(ctx, "host="+dir+" port=5432 user=tester dbname=postgres")
	if err != nil {
		child.Stop()
		t.Fatal(err)
	}
	var fsync string
	err = conn.QueryRow(ctx, "SHOW fsync").Scan(&fsync)
	conn.Close(ctx)
	if err != nil || fsync != "off" {
		t.Errorf("fsync = %q, %v", fsync, err)
	}
	if err := child.Stop(); err != nil {
		t.Fatal(err)
	}
	if processAlive(child.PID()) {
		t.Error("server still alive after Stop")
	}
}
