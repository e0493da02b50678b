package cli

import (
	"strconv"
	"strings"
	"testing"

	"github.com/rhythmflow/rhythm/internal/pgtest"
	"github.com/rhythmflow/rhythm/migrations"
)

func TestMigrate(t *testing.T) {
	t.Parallel()
	url := pgtest.EmptyURL(t)
	names, err := migrations.Names()
	if err != nil {
		t.Fatal(err)
	}
	out, errOut, code := runCLI(t, "", "migrate", "--status", "--database-url", url)
	if code != 0 || !strings.Contains(out, "schema version 0 of") {
		t.Fatalf("status before: code %d, out %q, err %q", code, out, errOut)
	}
	out, errOut, code = runCLI(t, "", "migrate", "--database-url", url)
	if code != 0 || !strings.Contains(out, "applied now") {
		t.Fatalf("migrate: code %d, out %q, err %q", code, out, errOut)
	}
	out, _, code = runCLI(t, "", "migrate", "--status", "--database-url", url)
	if code != 0 || !strings.Contains(out, "(0 pending)") || !strings.Contains(out, "of "+strconv.Itoa(len(names))) {
		t.Fatalf("status after: code %d, out %q", code, out)
	}
	_, errOut, code = runCLI(t, "", "migrate", "--database-url", "postgres://nobody@127.0.0.1:1/none?connect_timeout=2")
	if code != 1 || !strings.Contains(errOut, "cannot connect to the database") || strings.Count(strings.TrimSpace(errOut), "\n") != 0 {
		t.Fatalf("unreachable database: code %d, stderr %q (want one clear line)", code, errOut)
	}
}
