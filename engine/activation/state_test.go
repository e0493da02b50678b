package activation

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/rhythmflow/rhythm/engine/store"
	"github.com/rhythmflow/rhythm/engine/vm"
)

func TestStateRoundTrip(t *testing.T) {
	m := newMeta()
	m.LastNow = time.Date(2026, 1, 2, 3, 4, 5, 6000, time.UTC)
	m.Calls[3] = "id-3"
	m.Aliases[3] = []int{5, 7}
	m.Signals[4] = "approve"
	m.Deadlines[3] = m.LastNow.Add(time.Minute)
	m.Timers[6] = m.LastNow.Add(time.Hour)
	m.SignalDeadlines[4] = m.LastNow.Add(time.Second)
	snap := []byte("RHYVM\x01snapshot bytes")
	data, err := encodeState(m, snap)
	if err != nil {
		t.Fatal(err)
	}
	got, gotSnap, err := decodeState(FormatVersion, data)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, m) || string(gotSnap) != string(snap) {
		t.Fatalf("round trip:\n%+v %q\nwant\n%+v %q", got, gotSnap, m, snap)
	}
}

// Saved state from another release fails with a clear error, never silently.
func TestStateRefusesUnknownFormats(t *testing.T) {
	data, err := encodeState(newMeta(), []byte("x"))
	if err != nil {
		t.Fatal(err)
	}
	for name, tc := range map[string]struct {
		version int
		data    []byte
	}{
		"newer format":  {FormatVersion + 1, data},
		"bad header":    {FormatVersion, []byte("garbage")},
		"truncated":     {FormatVersion, data[:len(stateMagic)+2]},
		"corrupt meta":  {FormatVersion, append([]byte(stateMagic+"\x02"), "{x"...)},
		"empty payload": {FormatVersion, nil},
	} {
		if _, _, err := decodeState(tc.version, tc.data); !errors.Is(err, errState) {
			t.Errorf("%s: error %v, want errState", name, err)
		}
	}
}

func TestRetryDelay(t *testing.T) {
	b := vm.Backoff{Initial: time.Second, Max: 5 * time.Second, Factor: 2}
	for n, want := range map[int]time.Duration{1: time.Second, 2: 2 * time.Second, 3: 4 * time.Second, 4: 5 * time.Second, 10: 5 * time.Second} {
		for range 20 {
			d := RetryDelay(b, n)
			if d < want*9/10 || d > want*11/10 {
				t.Fatalf("retry %d: %s, want %s ± 10%%", n, d, want)
			}
		}
	}
}

func TestPolicyJSON(t *testing.T) {
	r := 3
	ms := int64(1500)
	p := store.Policy{Retries: &r, TimeoutMS: &ms, Backoff: PolicyOf(vm.DefaultBackoff)}
	got := store.ParsePolicy(p.JSON())
	if !reflect.DeepEqual(got, p) {
		t.Fatalf("%+v, want %+v", got, p)
	}
	if BackoffOf(*got.Backoff) != vm.DefaultBackoff {
		t.Fatalf("backoff %+v", BackoffOf(*got.Backoff))
	}
	if z := store.ParsePolicy([]byte(`{}`)); z.Retries != nil || z.Backoff != nil || z.TimeoutMS != nil {
		t.Fatalf("empty options: %+v", z)
	}
}

func TestProtect(t *testing.T) {
	err := protect(func() error { panic("vm bug") })
	if err == nil || !strings.Contains(err.Error(), "panic: vm bug") || !strings.Contains(err.Error(), "state_test.go") {
		t.Fatalf("%v", err)
	}
	if err := protect(func() error { return errState }); !errors.Is(err, errState) {
		t.Fatalf("%v", err)
	}
}
