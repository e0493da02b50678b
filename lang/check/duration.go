package check

import (
	"errors"
	"math"
	"strings"
)

// durationUnits are the units of a duration string, largest first (spec §6).
var durationUnits = []string{"d", "h", "m", "s", "ms"}

// validateDuration checks a duration string against spec §6 and §12.13: one or more
// `<number><unit>` groups, `<number>` being `[0-9]+(\.[0-9]+)?`, units `ms s m h d` in strictly
// decreasing order, no spaces.
func validateDuration(s string) error {
	if s == "" {
		return errors.New("it is empty; write for example \"30s\" or \"1h30m\"")
	}
	last := -1 // index in durationUnits of the previous group's unit
	for i := 0; i < len(s); {
		start := i
		for i < len(s) && isDigit(s[i]) {
			i++
		}
		if i == start {
			return errors.New("expected a number at `" + s[i:] + "` (groups such as \"90s\" or \"1h30m\")")
		}
		if i < len(s) && s[i] == '.' {
			i++
			frac := i
			for i < len(s) && isDigit(s[i]) {
				i++
			}
			if i == frac {
				return errors.New("expected digits after the decimal point")
			}
		}
		ustart := i
		for i < len(s) && s[i] >= 'a' && s[i] <= 'z' {
			i++
		}
		unit := s[ustart:i]
		if unit == "" {
			if i < len(s) {
				return errors.New("unexpected `" + s[i:i+1] + "`; units are ms, s, m, h and d")
			}
			return errors.New("missing unit after `" + s[start:] + "`; units are ms, s, m, h and d")
		}
		u := -1
		for k, name := range durationUnits {
			if name == unit {
				u = k
			}
		}
		if u < 0 {
			return errors.New("unknown unit `" + unit + "`; units are ms, s, m, h and d")
		}
		if u <= last {
			return errors.New("units must come in decreasing order (d, h, m, s, ms), each at most once")
		}
		last = u
	}
	return nil
}

func isDigit(b byte) bool { return b >= '0' && b <= '9' }

// durationNumberOK reports whether a numeric duration is acceptable: finite and ≥ 0.
func durationNumberOK(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) && v >= 0 }

// unitWords maps spelled-out or capitalised units to the duration units.
var unitWords = map[string]string{
	"ms": "ms", "msec": "ms", "msecs": "ms", "millis": "ms", "millisecond": "ms", "milliseconds": "ms",
	"s": "s", "sec": "s", "secs": "s", "second": "s", "seconds": "s",
	"m": "m", "min": "m", "mins": "m", "minute": "m", "minutes": "m",
	"h": "h", "hr": "h", "hrs": "h", "hour": "h", "hours": "h",
	"d": "d", "day": "d", "days": "d",
}

// repairDuration guesses the duration meant by a malformed string ("5 minutes" → "5m",
// "1H 30M" → "1h30m"), or returns "" when it cannot.
func repairDuration(s string) string {
	var b strings.Builder
	t := strings.TrimSpace(strings.ToLower(s))
	for len(t) > 0 {
		i := 0
		for i < len(t) && (isDigit(t[i]) || t[i] == '.') {
			i++
		}
		if i == 0 {
			return ""
		}
		num := t[:i]
		t = strings.TrimLeft(t[i:], " ")
		j := 0
		for j < len(t) && t[j] >= 'a' && t[j] <= 'z' {
			j++
		}
		unit, ok := unitWords[t[:j]]
		if !ok {
			return ""
		}
		b.WriteString(num)
		b.WriteString(unit)
		t = strings.TrimLeft(t[j:], " ,")
		t = strings.TrimPrefix(t, "and ")
	}
	out := b.String()
	if out == s || validateDuration(out) != nil {
		return ""
	}
	return out
}
