package memrun

import (
	"strconv"
	"time"
)

// durationUnits are the units of the language's duration syntax, largest first.
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

// formatDuration writes d in the duration syntax of the language ("1h30m", "500ms", "0s").
func formatDuration(d time.Duration) string {
	if d == 0 {
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
