package store

import (
	"strings"
	"testing"
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
