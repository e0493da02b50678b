package check

import (
	"strings"

	"github.com/rhythmflow/rhythm/lang/catalog"
)

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
	if out == s {
		return ""
	}
	if _, err := catalog.ParseDuration(out); err != nil {
		return ""
	}
	return out
}

func isDigit(b byte) bool { return b >= '0' && b <= '9' }
