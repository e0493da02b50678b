package client_test

import (
	"testing"

	"github.com/rhythmflow/rhythm/client"
	"github.com/rhythmflow/rhythm/internal/devdb"
	"github.com/rhythmflow/rhythm/internal/pgtest"
)

// Connect uses RHYTHM_DATABASE_URL when set, with a pool sized for a worker.
func TestConnectURL(t *testing.T) {
	t.Setenv(devdb.EnvURL, pgtest.URL(t))
	pool, err := client.Connect(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	if got := pool.Config().MaxConns; got != client.DefaultMaxConns {
		t.Fatalf("pool size %d", got)
	}
	if _, err := client.New(pool).List(ctx, client.Filter{}); err != nil {
		t.Fatal(err)
	}
}
