package store

import (
	"strings"
	"testing"
	"time"
)

// The statements for executions without idempotency keys insert plainly (no speculative insert),
// and the leased variant inserts claimed queue rows.
func TestEnqueueVariants(t *testing.T) {
	if !strings.Contains(enqueueSQL, "ON CONFLICT DO NOTHING") {
		t.Fatal("enqueueSQL lost its ON CONFLICT clause")
	}
	for name, sql := range map[string]string{"fresh": enqueueFreshSQL, "leased": enqueueLeasedSQL} {
		if strings.Contains(sql, "ON CONFLICT") {
			t.Errorf("%s: still an ON CONFLICT insert", name)
		}
	}
	if !strings.Contains(enqueueLeasedSQL, "lease_owner") || strings.Contains(enqueueFreshSQL, "lease_owner") {
		t.Error("only the leased variant inserts claimed rows")
	}
}

// Ids go to uuid[] parameters parsed; what is not a UUID becomes NULL.
func TestUUIDs(t *testing.T) {
	id := NewID(time.Now())
	got := uuids([]string{id, "not-a-uuid", "01234567-89ab-cdef-0123-456789abcdeg", ""})
	if !got[0].Valid || got[1].Valid || got[2].Valid || got[3].Valid {
		t.Fatalf("validity %v %v %v %v", got[0].Valid, got[1].Valid, got[2].Valid, got[3].Valid)
	}
	v, err := got[0].Value()
	if err != nil || v != id {
		t.Fatalf("round trip: %v, %v; want %s", v, err, id)
	}
}
