package cli

import (
	"bytes"
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rhythmflow/rhythm/client"
	"github.com/rhythmflow/rhythm/internal/pgtest"
)

// Interrupting `rhythm run` cancels the workflow and exits 130.
func TestRunOnDatabaseInterrupted(t *testing.T) {
	t.Parallel()
	url := pgtest.URL(t)
	c := serve(t, url)
	dir := writeFiles(t, map[string]string{"waiter.flow": "return await Signal.next(\"never\")\n"})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stdout, stderr bytes.Buffer
	done := make(chan error, 1)
	go func() {
		fl := runFlags{db: dbFlags{url: url}}
		done <- runDatabase(ctx, strings.NewReader(""), &stdout, &stderr, filepath.Join(dir, "waiter.flow"), fl)
	}()
	var id string
	eventually(t, func() bool {
		list, err := c.List(context.Background(), client.Filter{Name: "waiter", Status: client.StatusSuspended})
		if err == nil && len(list) == 1 {
			id = list[0].ID
		}
		return id != ""
	})
	cancel()
	var err error
	select {
	case err = <-done:
	case <-time.After(20 * time.Second):
		t.Fatal("rhythm run did not return")
	}
	var ee *exitError
	if !errors.As(err, &ee) || ee.code != 130 {
		t.Fatalf("error %v, want exit 130", err)
	}
	x, gerr := c.Get(context.Background(), id)
	if gerr != nil || x.Status != client.StatusCancelled {
		t.Fatalf("workflow: %v, %v", x, gerr)
	}
	if !strings.Contains(stderr.String(), "interrupted: cancelling "+id) || stdout.Len() != 0 {
		t.Fatalf("stdout %q, stderr %q", stdout.String(), stderr.String())
	}
}
