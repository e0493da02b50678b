package catalog

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// durationUnits are the units of a duration string, largest first.
var durationUnits = []struct {
	name string
	size time.Duration
}{
	{"d", 24 * time.Hour},
	{"h", time.Hour},
	{"m", time.Minute},
	{"s", time.Second},
	{"ms", time.Millisecond},
}

// FormatDuration writes d in the duration syntax ("1h30m", "500ms", "0s"), the inverse of
// ParseDuration for whole milliseconds; a remainder below a millisecond is written in "ns"
// (which ParseDuration does not accept). Negative durations are written as "0s".
func FormatDuration(d time.Duration) string {
	if d <= 0 {
		return "0s"
	}
	var s string
	for _, u := range durationUnits {
		if d >= u.size {
			n := d / u.size
			d -= n * u.size
			s += strconv.FormatInt(int64(n), 10) + u.name
		}
	}
	if d > 0 {
		s += strconv.FormatInt(int64(d), 10) + "ns"
	}
	return s
}

// ErrDuration is wrapped by every error of ParseDuration and DurationSeconds.
var ErrDuration = errors.New("invalid duration")

// ParseDuration parses a duration string (spec §6, §12.13): one or more `<number><unit>` groups
// with no spaces, `<number>` matching `[0-9]+(\.[0-9]+)?`, units `d h m s ms` in strictly
// decreasing order ("500ms", "90s", "1.5h", "1h30m", "7d", "0s"). The result is rounded to the
// nearest nanosecond; a value beyond time.Duration's range is an error.
func ParseDuration(s string) (time.Duration, error) {
	if s == "" {
		return 0, fmt.Errorf("%w: empty string", ErrDuration)
	}
	var total float64
	next := 0 // index in durationUnits of the largest unit still allowed
	for i := 0; i < len(s); {
		start := i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		if i == start {
			return 0, fmt.Errorf("%w %q: expected a number at offset %d", ErrDuration, s, start)
		}
		if i < len(s) && s[i] == '.' {
			i++
			fracStart := i
			for i < len(s) && s[i] >= '0' && s[i] <= '9' {
				i++
			}
			if i == fracStart {
				return 0, fmt.Errorf("%w %q: expected digits after '.'", ErrDuration, s)
			}
		}
		num, err := strconv.ParseFloat(s[start:i], 64)
		if err != nil {
			return 0, fmt.Errorf("%w %q: %w", ErrDuration, s, err)
		}
		unit := -1
		for u := next; u < len(durationUnits); u++ {
			name := durationUnits[u].name
			if len(s)-i >= len(name) && s[i:i+len(name)] == name {
				// "m" must not swallow the "m" of "ms".
				if name == "m" && i+1 < len(s) && s[i+1] == 's' {
					continue
				}
				unit = u
				break
			}
		}
		if unit < 0 {
			return 0, fmt.Errorf("%w %q: expected a unit (d, h, m, s, ms in decreasing order) at offset %d", ErrDuration, s, i)
		}
		i += len(durationUnits[unit].name)
		next = unit + 1
		total += num * float64(durationUnits[unit].size)
	}
	if total >= math.MaxInt64 {
		return 0, fmt.Errorf("%w %q: too long", ErrDuration, s)
	}
	return time.Duration(math.Round(total)), nil
}

// DurationSeconds converts a numeric duration (seconds, fractions allowed) to a
// time.Duration. It must be finite, ≥ 0 and within time.Duration's range.
func DurationSeconds(sec float64) (time.Duration, error) {
	switch {
	case math.IsNaN(sec) || math.IsInf(sec, 0):
		return 0, fmt.Errorf("%w: %v seconds is not finite", ErrDuration, sec)
	case sec < 0:
		return 0, fmt.Errorf("%w: %v seconds is negative", ErrDuration, sec)
	case sec*float64(time.Second) >= math.MaxInt64:
		return 0, fmt.Errorf("%w: %v seconds is too long", ErrDuration, sec)
	}
	return time.Duration(math.Round(sec * float64(time.Second))), nil
}

// ErrInstant is wrapped by every error of ParseInstant.
var ErrInstant = errors.New("invalid instant")

// ParseInstant parses an RFC 3339 instant with `Z` or a numeric offset, fractional seconds
// optional ("2026-01-01T00:00:00Z", "2026-01-01T01:00:00.5+01:00"), as Timer.until accepts.
func ParseInstant(s string) (time.Time, error) {
	// RFC 3339 allows lower-case "t" and "z"; Go's parser accepts only upper case.
	norm := s
	if len(s) > 10 && s[10] == 't' {
		norm = s[:10] + "T" + s[11:]
	}
	if strings.HasSuffix(norm, "z") {
		norm = norm[:len(norm)-1] + "Z"
	}
	t, err := time.Parse(time.RFC3339Nano, norm)
	if err != nil {
		return time.Time{}, fmt.Errorf("%w %q: expected an RFC 3339 time with `Z` or an offset, such as 2026-01-01T00:00:00Z", ErrInstant, s)
	}
	return t, nil
}
