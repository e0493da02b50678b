package store_test

import (
	"reflect"
	"testing"
	"time"

	"github.com/rhythmflow/rhythm/engine/store"
)

func TestTaskWorkers(t *testing.T) {
	t.Parallel()
	s, clock := newStore(t)
	start := clock.Now()
	register := func(worker string, names ...string) {
		t.Helper()
		var tasks []store.TaskInfo
		for _, n := range names {
			tasks = append(tasks, store.TaskInfo{Name: n})
		}
		if err := s.RegisterTasks(ctx, worker, tasks); err != nil {
			t.Fatal(err)
		}
	}
	register("w-old", "send_email")
	clock.Advance(time.Minute)
	register("w-b", "send_email", "charge_card")
	register("w-a", "send_email") // same time as w-b: ordered by id
	clock.Advance(time.Minute)
	if err := s.TouchWorker(ctx, "w-old"); err != nil { // now the newest
		t.Fatal(err)
	}
	at := func(d time.Duration) time.Time { return start.Add(d) }
	got, err := s.TaskWorkers(ctx, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	for _, ws := range got {
		for i := range ws {
			ws[i].LastSeen = ws[i].LastSeen.UTC()
		}
	}
	want := map[string][]store.TaskWorker{
		"send_email":  {{"w-old", at(2 * time.Minute)}, {"w-a", at(time.Minute)}, {"w-b", at(time.Minute)}},
		"charge_card": {{"w-b", at(time.Minute)}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("task workers = %v, want %v", got, want)
	}
	got, err = s.TaskWorkers(ctx, at(2*time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || len(got["send_email"]) != 1 || got["send_email"][0].ID != "w-old" {
		t.Fatalf("task workers seen since the last minute = %v, want only w-old on send_email", got)
	}
}
