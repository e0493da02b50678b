package check

import "testing"

func TestSuggest(t *testing.T) {
	t.Parallel()
	cands := []string{"count", "Math", "a", "retries", "send_email", "items", "item", "toUpperCase"}
	tests := map[string]string{
		"cont":       "count",
		"Mat":        "Math",
		"math":       "Math", // case only
		"retry":      "retries",
		"send_emial": "send_email", // transposition
		"itme":       "item",
		"toUpper":    "toUpperCase", // prefix
		"coun":       "count",
		"o":          "", // too short to guess
		"b":          "",
		"zzzzzz":     "",
		"count":      "", // the name itself is never suggested
	}
	for in, want := range tests {
		if got := Suggest(in, cands); got != want {
			t.Errorf("Suggest(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestEditDistance(t *testing.T) {
	t.Parallel()
	tests := []struct {
		a, b string
		want int
	}{
		{"", "", 0}, {"a", "", 1}, {"", "abc", 3}, {"kitten", "sitting", 3},
		{"ab", "ba", 1}, {"héllo", "hello", 1}, {"send_emial", "send_email", 1},
	}
	for _, tt := range tests {
		if got := editDistance(tt.a, tt.b); got != tt.want {
			t.Errorf("editDistance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestRepairDuration(t *testing.T) {
	t.Parallel()
	tests := map[string]string{
		"5 minutes":        "5m",
		"1H 30M":           "1h30m",
		"2 days, 3 hours":  "2d3h",
		"1 hour and 5 min": "1h5m",
		"90 sec":           "90s",
		"30s":              "", // already valid
		"soon":             "",
		"1m 2h":            "", // wrong order stays wrong
	}
	for in, want := range tests {
		if got := repairDuration(in); got != want {
			t.Errorf("repairDuration(%q) = %q, want %q", in, got, want)
		}
	}
}
