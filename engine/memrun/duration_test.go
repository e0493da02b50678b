package memrun

import (
	"testing"
	"time"
)

func TestParseDuration(t *testing.T) {
	t.Parallel()
	good := map[string]time.Duration{
		"0s":       0,
		"500ms":    500 * time.Millisecond,
		"90s":      90 * time.Second,
		"1.5h":     90 * time.Minute,
		"1h30m":    90 * time.Minute,
		"7d":       7 * 24 * time.Hour,
		"1d2h3m4s": 26*time.Hour + 3*time.Minute + 4*time.Second,
		"1m500ms":  time.Minute + 500*time.Millisecond,
		"2m":       2 * time.Minute,
		"0.25s":    250 * time.Millisecond,
	}
	for in, want := range good {
		got, err := ParseDuration(in)
		if err != nil || got != want {
			t.Errorf("ParseDuration(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"", "5x", "5", "s", "1s1h", "1h1h", "1 h", "-1s", ".5s", "5.s", "1ms1s", "1e3s", "1h 30m", "5sms"} {
		if d, err := ParseDuration(in); err == nil {
			t.Errorf("ParseDuration(%q) = %v, want an error", in, d)
		}
	}
}

func TestSecondsDuration(t *testing.T) {
	t.Parallel()
	if d, err := SecondsDuration(1.5); err != nil || d != 1500*time.Millisecond {
		t.Errorf("SecondsDuration(1.5) = %v, %v", d, err)
	}
	if d, err := SecondsDuration(0); err != nil || d != 0 {
		t.Errorf("SecondsDuration(0) = %v, %v", d, err)
	}
	for _, sec := range []float64{-1, 1e300} {
		if _, err := SecondsDuration(sec); err == nil {
			t.Errorf("SecondsDuration(%v): want an error", sec)
		}
	}
}
