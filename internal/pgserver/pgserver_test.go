package pgserver

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"
)

func TestFindBinariesMissing(t *testing.T) {
	t.Parallel()
	_, err := FindBinaries(context.Background(), []string{t.TempDir(), ""}, 0)
	if !errors.Is(err, ErrNotInstalled) {
		t.Fatalf("err = %v, want ErrNotInstalled", err)
	}
	for _, want := range []string{"apt-get install postgresql", "brew install postgresql", "RHYTHM_DATABASE_URL"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %q", err, want)
		}
	}
}

func TestFindBinaries(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b, err := FindBinaries(ctx, DefaultSearchPath(), 0)
	if err != nil {
		t.Fatalf("PostgreSQL server binaries are required to build and test Rhythm: %v", err)
	}
	if b.Major < 10 || !strings.HasPrefix(b.Version, strings.Split(b.Version, ".")[0]) {
		t.Errorf("found %+v", b)
	}
	if _, err := FindBinaries(ctx, []string{b.Dir}, b.Major); err != nil {
		t.Errorf("the same version again: %v", err)
	}
	_, err = FindBinaries(ctx, []string{b.Dir}, b.Major+100)
	if !errors.Is(err, ErrNotInstalled) || !strings.Contains(err.Error(), "found "+b.Version) {
		t.Errorf("wrong major: %v", err)
	}
}

func TestReadPIDFile(t *testing.T) {
	t.Parallel()
	p, err := ReadPIDFile("testdata")
	if err != nil {
		t.Fatal(err)
	}
	want := PIDFile{PID: 4242, Port: 54321, SocketDir: "/tmp/rhythm-abc", ListenAddr: "127.0.0.1", Status: "ready"}
	if *p != want || !p.Ready() {
		t.Errorf("ReadPIDFile = %+v, want %+v", *p, want)
	}
	if _, err := ReadPIDFile(t.TempDir()); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("no pid file: %v", err)
	}
}

func TestServerAccount(t *testing.T) {
	t.Parallel()
	a, err := ServerAccount()
	if err != nil {
		t.Fatal(err)
	}
	if (os.Geteuid() == 0) != a.Switch || (a.Switch && a.Name != "postgres") {
		t.Errorf("ServerAccount() = %+v as uid %d", a, os.Geteuid())
	}
	if a.Switch && a.CanReach("/root/x") {
		t.Error("the postgres account should not reach into /root")
	}
	if !a.CanReach("/") {
		t.Error("every account reaches /")
	}
}
