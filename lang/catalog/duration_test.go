package catalog

import (
	"errors"
	"math"
	"testing"
	"time"
)

func TestParseDuration(t *testing.T) {
	t.Parallel()
	good := map[string]time.Duration{
		"500ms":       500 * time.Millisecond,
		"90s":         90 * time.Second,
		"1.5h":        90 * time.Minute,
		"1h30m":       90 * time.Minute,
		"7d":          7 * 24 * time.Hour,
		"0s":          0,
		"1m1ms":       time.Minute + time.Millisecond,
		"1d2h3m4s5ms": 24*time.Hour + 2*time.Hour + 3*time.Minute + 4*time.Second + 5*time.Millisecond,
		"0.001s":      time.Millisecond,
		"2m":          2 * time.Minute,
	}
	for s, want := range good {
		got, err := ParseDuration(s)
		if err != nil || got != want {
			t.Errorf("ParseDuration(%q) = %v, %v; want %v", s, got, err, want)
		}
	}
	bad := []string{"", "1", "s", "1x", "1 s", " 1s", "1s1h", "1m1m", "1ms1s", "-1s", "1.s", ".5s", "1e3s", "1S", "1h 30m", "99999999999d", "1sms"}
	for _, s := range bad {
		if got, err := ParseDuration(s); err == nil || !errors.Is(err, ErrDuration) {
			t.Errorf("ParseDuration(%q) = %v, %v; want an ErrDuration", s, got, err)
		}
	}
}

func TestDurationSeconds(t *testing.T) {
	t.Parallel()
	if d, err := DurationSeconds(1.5); err != nil || d != 1500*time.Millisecond {
		t.Errorf("DurationSeconds(1.5) = %v, %v", d, err)
	}
	if d, err := DurationSeconds(0); err != nil || d != 0 {
		t.Errorf("DurationSeconds(0) = %v, %v", d, err)
	}
	for _, f := range []float64{-1, math.NaN(), math.Inf(1), 1e300} {
		if _, err := DurationSeconds(f); !errors.Is(err, ErrDuration) {
			t.Errorf("DurationSeconds(%v) error = %v", f, err)
		}
	}
}

func TestParseInstant(t *testing.T) {
	t.Parallel()
	good := map[string]time.Time{
		"2026-01-01T00:00:00Z":          time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC),
		"2026-01-01T01:00:00.5+01:00":   time.Date(2026, 1, 1, 0, 0, 0, 5e8, time.UTC),
		"2026-06-30T23:59:59.123-02:30": time.Date(2026, 7, 1, 2, 29, 59, 123e6, time.UTC),
	}
	for s, want := range good {
		got, err := ParseInstant(s)
		if err != nil || !got.Equal(want) {
			t.Errorf("ParseInstant(%q) = %v, %v; want %v", s, got, err, want)
		}
	}
	for _, s := range []string{"", "2026-01-01", "2026-01-01T00:00:00", "tomorrow", "2026-13-01T00:00:00Z"} {
		if _, err := ParseInstant(s); !errors.Is(err, ErrInstant) {
			t.Errorf("ParseInstant(%q) error = %v", s, err)
		}
	}
}

func TestFormatDuration(t *testing.T) {
	t.Parallel()
	for d, want := range map[time.Duration]string{0: "0s", -time.Second: "0s", 90 * time.Minute: "1h30m", 500 * time.Millisecond: "500ms", 49 * time.Hour: "2d1h", time.Second + 5: "1s5ns"} {
		if got := FormatDuration(d); got != want {
			t.Errorf("FormatDuration(%v) = %q, want %q", d, got, want)
		}
	}
	for _, d := range []time.Duration{time.Millisecond, 61 * time.Second, 7*24*time.Hour + 3*time.Minute + 4*time.Millisecond} {
		back, err := ParseDuration(FormatDuration(d))
		if err != nil || back != d {
			t.Errorf("ParseDuration(FormatDuration(%v)) = %v, %v", d, back, err)
		}
	}
}
