package memrun

import (
	"fmt"
	"math"
	"strconv"
	"time"
)

// durationUnits are the units of a duration string in the only order they may appear
// (strictly decreasing), with their length.
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

// maxDuration bounds parsed durations so that virtual time never overflows.
const maxDuration = time.Duration(math.MaxInt64 / 4)

// ParseDuration parses a duration string of the Flow language (spec §6, §12.13): one or more
// groups `<number><unit>`, number `[0-9]+(\.[0-9]+)?`, units `d h m s ms` in strictly decreasing
// order, no spaces ("500ms", "1.5h", "1h30m", "0s"). It returns an error for anything else.
func ParseDuration(s string) (time.Duration, error) {
	if s == "" {
		return 0, fmt.Errorf("invalid duration %q", s)
	}
	var total float64
	next := 0 // index in durationUnits of the largest unit still allowed
	for i := 0; i < len(s); {
		start := i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		if i == start {
			return 0, fmt.Errorf("invalid duration %q", s)
		}
		if i < len(s) && s[i] == '.' {
			i++
			frac := i
			for i < len(s) && s[i] >= '0' && s[i] <= '9' {
				i++
			}
			if i == frac {
				return 0, fmt.Errorf("invalid duration %q", s)
			}
		}
		num, err := strconv.ParseFloat(s[start:i], 64)
		if err != nil {
			return 0, fmt.Errorf("invalid duration %q", s)
		}
		u := -1
		for j := next; j < len(durationUnits); j++ {
			name := durationUnits[j].name
			if len(s)-i >= len(name) && s[i:i+len(name)] == name {
				// "m" must not swallow the "m" of "ms".
				if name == "m" && len(s)-i >= 2 && s[i+1] == 's' {
					continue
				}
				u = j
				break
			}
		}
		if u < 0 {
			return 0, fmt.Errorf("invalid duration %q", s)
		}
		i += len(durationUnits[u].name)
		next = u + 1
		total += num * float64(durationUnits[u].size)
	}
	if total > float64(maxDuration) {
		return 0, fmt.Errorf("duration %q is too long", s)
	}
	return time.Duration(math.Round(total)), nil
}

// SecondsDuration converts a number of seconds (finite, ≥ 0, fractions allowed) to a duration.
func SecondsDuration(sec float64) (time.Duration, error) {
	if math.IsNaN(sec) || math.IsInf(sec, 0) || sec < 0 {
		return 0, fmt.Errorf("invalid duration %s", strconv.FormatFloat(sec, 'g', -1, 64))
	}
	d := sec * float64(time.Second)
	if d > float64(maxDuration) {
		return 0, fmt.Errorf("duration of %s seconds is too long", strconv.FormatFloat(sec, 'g', -1, 64))
	}
	return time.Duration(math.Round(d)), nil
}
