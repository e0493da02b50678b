package devdb_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/rhythmflow/rhythm/internal/devdb"
	"github.com/rhythmflow/rhythm/internal/pgserver"
	"github.com/rhythmflow/rhythm/migrations"
)

// newProject returns a project folder whose development database is destroyed when the test ends.
// open makes every folder on its path enterable by other accounts (so a root-run server keeps its
// data inside the project); otherwise it is the test's private temporary folder.
func newProject(t *testing.T, open bool) string {
	t.Helper()
	dir := t.TempDir()
	if open {
		var err error
		if dir, err = os.MkdirTemp("/tmp", "rhythm-devdb-test-"); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.RemoveAll(dir) })
	}
	t.Cleanup(func() {
		if err := devdb.Destroy(context.Background(), dir); err != nil {
			t.Errorf("Destroy: %v", err)
		}
	})
	return dir
}

func query(t *testing.T, url, sql string) string {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatalf("connect %s: %v", url, err)
	}
	defer conn.Close(ctx)
	var s string
	if err := conn.QueryRow(ctx, sql).Scan(&s); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	return s
}

// Start, reuse, stop, restart: the data survives and the address stays the same.
func TestLifecycle(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dir := newProject(t, false)
	var log bytes.Buffer

	info, err := devdb.Ensure(ctx, dir, &log)
	if err != nil {
		t.Fatal(err)
	}
	if !info.Started || info.Database != "rhythm" || info.Major == 0 {
		t.Errorf("first Ensure: %+v", info)
	}
	if !strings.Contains(log.String(), "creating a private PostgreSQL") || !strings.Contains(log.String(), info.URL) {
		t.Errorf("log does not tell what happened:\n%s", log.String())
	}
	if got := query(t, info.URL, "SELECT current_database() || ' ' || current_setting('fsync')"); got != "rhythm off" {
		t.Errorf("database/fsync = %q", got)
	}
	if got := query(t, info.TCPURL, "SELECT inet_server_addr()::text"); got != "127.0.0.1/32" {
		t.Errorf("TCP connection from %q", got)
	}
	conn, err := pgx.Connect(ctx, info.URL)
	if err != nil {
		t.Fatal(err)
	}
	st, err := migrations.Status(ctx, conn)
	conn.Close(ctx)
	if err != nil || !st.UpToDate() {
		t.Fatalf("not migrated: %+v, %v", st, err)
	}
	if _, err := os.Stat(filepath.Join(dir, ".rhythm", ".gitignore")); err != nil {
		t.Error(".rhythm has no .gitignore")
	}
	if !strings.Contains(info.PsqlCommand(), info.URL) {
		t.Errorf("PsqlCommand() = %q", info.PsqlCommand())
	}

	// Reuse: nothing started, same address.
	again, err := devdb.Ensure(ctx, dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	if again.Started || again.URL != info.URL || again.TCPURL != info.TCPURL {
		t.Errorf("second Ensure: started=%v url=%q, want reuse of %q", again.Started, again.URL, info.URL)
	}
	if _, running, err := devdb.Status(ctx, dir); err != nil || !running {
		t.Errorf("Status while running: %v, %v", running, err)
	}

	// Losing the bookkeeping while the server runs: reuse it and reset the TCP password.
	if err := os.Remove(filepath.Join(dir, ".rhythm", "devdb.json")); err != nil {
		t.Fatal(err)
	}
	again, err = devdb.Ensure(ctx, dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	if again.Started || again.URL != info.URL || again.Password == info.Password {
		t.Errorf("after losing devdb.json: started=%v url=%q", again.Started, again.URL)
	}
	query(t, again.TCPURL, "SELECT 'ok'")
	info = again

	// Leave something behind, stop, and check the server is gone.
	conn, err = pgx.Connect(ctx, info.URL)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := conn.Exec(ctx, "CREATE TABLE public.kept (v text); INSERT INTO public.kept VALUES ('still here')"); err != nil {
		t.Fatal(err)
	}
	conn.Close(ctx)
	if err := devdb.Stop(ctx, dir); err != nil {
		t.Fatal(err)
	}
	if _, running, err := devdb.Status(ctx, dir); err != nil || running {
		t.Errorf("Status after Stop: %v, %v", running, err)
	}
	if c, err := pgx.Connect(ctx, info.URL); err == nil {
		c.Close(ctx)
		t.Fatal("connected after Stop")
	}
	if err := devdb.Stop(ctx, dir); err != nil {
		t.Errorf("second Stop: %v", err)
	}

	// Restart: same port, data kept.
	restarted, err := devdb.Ensure(ctx, dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !restarted.Started || restarted.URL != info.URL {
		t.Errorf("restart: started=%v url=%q, want %q", restarted.Started, restarted.URL, info.URL)
	}
	if got := query(t, restarted.TCPURL, "SELECT v FROM public.kept"); got != "still here" {
		t.Errorf("after restart: %q", got)
	}
}

// Concurrent Ensure calls start one server; both get its address. The project here is open to the
// server's account, so the data stays inside it.
func TestConcurrentEnsure(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dir := newProject(t, true)
	var wg sync.WaitGroup
	infos := make([]*devdb.Info, 3)
	errs := make([]error, len(infos))
	for i := range infos {
		wg.Add(1)
		go func() {
			defer wg.Done()
			infos[i], errs[i] = devdb.Ensure(ctx, dir, nil)
		}()
	}
	wg.Wait()
	started := 0
	for i, info := range infos {
		if errs[i] != nil {
			t.Fatal(errs[i])
		}
		if info.Started {
			started++
		}
		if info.URL != infos[0].URL {
			t.Errorf("Ensure %d: %q, want %q", i, info.URL, infos[0].URL)
		}
	}
	if started != 1 {
		t.Errorf("%d calls started a server, want 1", started)
	}
	if want := filepath.Join(dir, ".rhythm", "postgres"); infos[0].DataDir != want {
		t.Errorf("data in %s, want %s", infos[0].DataDir, want)
	}
}

// Without server binaries the error says how to get them or what to set instead.
func TestMissingBinaries(t *testing.T) {
	t.Parallel()
	dir := newProject(t, false)
	_, err := devdb.Config{ProjectDir: dir, SearchPath: []string{t.TempDir()}}.Ensure(context.Background())
	if !errors.Is(err, pgserver.ErrNotInstalled) {
		t.Fatalf("err = %v, want ErrNotInstalled", err)
	}
	for _, want := range []string{"apt-get install postgresql", "RHYTHM_DATABASE_URL"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %q", err, want)
		}
	}
}

// RHYTHM_DATABASE_URL wins: nothing is started.
func TestURLFromEnvironment(t *testing.T) {
	dir := t.TempDir()
	t.Setenv(devdb.EnvURL, "postgres://somewhere/else")
	got, err := devdb.URL(context.Background(), dir, nil)
	if err != nil || got != "postgres://somewhere/else" {
		t.Fatalf("URL = %q, %v", got, err)
	}
	if _, err := os.Stat(filepath.Join(dir, ".rhythm")); !errors.Is(err, os.ErrNotExist) {
		t.Error("URL touched the project although RHYTHM_DATABASE_URL is set")
	}
}
