package pgtest_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/rhythmflow/rhythm/internal/pgtest"
	"github.com/rhythmflow/rhythm/migrations"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// Each call gets its own database: a table made in one is absent from the other.
func TestIsolation(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	a, b := pgtest.DB(t), pgtest.DB(t)
	var nameA, nameB string
	if err := a.QueryRow(ctx, "SELECT current_database()").Scan(&nameA); err != nil {
		t.Fatal(err)
	}
	if err := b.QueryRow(ctx, "SELECT current_database()").Scan(&nameB); err != nil {
		t.Fatal(err)
	}
	if nameA == nameB {
		t.Fatalf("two calls share database %s", nameA)
	}
	if _, err := a.Exec(ctx, "CREATE TABLE only_in_a (x int)"); err != nil {
		t.Fatal(err)
	}
	var found bool
	if err := b.QueryRow(ctx, "SELECT to_regclass('only_in_a') IS NOT NULL").Scan(&found); err != nil {
		t.Fatal(err)
	}
	if found {
		t.Fatal("table created in one test database is visible in another")
	}
}

// Databases come migrated to the latest schema.
func TestMigrated(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, pgtest.URL(t))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	st, err := migrations.Status(ctx, conn)
	if err != nil {
		t.Fatal(err)
	}
	if !st.UpToDate() || st.Current == 0 {
		t.Fatalf("status = %+v, want up to date", st)
	}
	if _, err := conn.Exec(ctx, "SELECT count(*) FROM rhythm.executions"); err != nil {
		t.Fatal(err)
	}
}

// Empty databases have no Rhythm schema.
func TestEmpty(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, pgtest.EmptyURL(t))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var n int
	if err := conn.QueryRow(ctx, "SELECT count(*) FROM pg_namespace WHERE nspname = 'rhythm'").Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Fatal("empty database has the rhythm schema")
	}
}

// Parallel tests write the same keys without seeing each other's rows, and each database is dropped
// when its test ends, even with a connection still open.
func TestParallelAndDropped(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	names := make([]string, 6)
	t.Run("group", func(t *testing.T) {
		for i := range names {
			t.Run(fmt.Sprint(i), func(t *testing.T) {
				t.Parallel()
				// A connection still open when the test ends must not stop the drop: close it only
				// after the drop (cleanups run last-registered first).
				var open *pgx.Conn
				t.Cleanup(func() {
					if open != nil {
						open.Close(ctx)
					}
				})
				u := pgtest.URL(t)
				db, err := pgx.Connect(ctx, u)
				if err != nil {
					t.Fatal(err)
				}
				open = db
				if _, err := db.Exec(ctx, "CREATE TABLE items (k text PRIMARY KEY)"); err != nil {
					t.Fatal(err)
				}
				for j := 0; j < 20; j++ {
					if _, err := db.Exec(ctx, "INSERT INTO items VALUES ($1)", fmt.Sprint("key", j)); err != nil {
						t.Fatal(err)
					}
				}
				var n int
				if err := db.QueryRow(ctx, "SELECT count(*) FROM items").Scan(&n); err != nil {
					t.Fatal(err)
				}
				if n != 20 {
					t.Fatalf("count = %d, want 20", n)
				}
				if err := db.QueryRow(ctx, "SELECT current_database()").Scan(&names[i]); err != nil {
					t.Fatal(err)
				}
			})
		}
	})
	probe := pgtest.DB(t)
	for _, name := range names {
		var exists bool
		if err := probe.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)", name).Scan(&exists); err != nil {
			t.Fatal(err)
		}
		if name == "" || exists {
			t.Errorf("database %q still exists after its test ended", name)
		}
	}
}

func TestWithDatabase(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ in, want string }{
		{"postgres://u:p@h:5/old?sslmode=disable", "postgres://u:p@h:5/new?sslmode=disable"},
		{"postgresql://u@h/", "postgresql://u@h/new"},
		{"host=/tmp port=5 dbname=old", "host=/tmp port=5 dbname=old dbname=new"},
	} {
		got, err := pgtest.WithDatabase(tc.in, "new")
		if err != nil || got != tc.want {
			t.Errorf("WithDatabase(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
	if got := pgtest.SocketURL("rhythm", "/tmp/x y", 5432, "db"); got != "postgres://rhythm@localhost:5432/db?host=%2Ftmp%2Fx+y" {
		t.Errorf("SocketURL = %q", got)
	}
}
