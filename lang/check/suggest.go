package check

import (
	"sort"
	"strings"
	"unicode/utf8"
)

// Suggest returns the candidate closest to name for a "did you mean" hint, or "" when none is
// close enough. A candidate that differs only in letter case always qualifies; otherwise the
// edit distance (insertions, deletions, substitutions, transpositions of adjacent characters)
// must be at most a third of the longer name's length (at least 1, at most 3; 3 when the names
// share their first four characters), unless one name starts with the other and that one has
// at least four characters ("toUpper" → "toUpperCase"). Ties go to the
// candidate first in sorted order, so results are deterministic.
func Suggest(name string, candidates []string) string {
	sorted := append([]string(nil), candidates...)
	sort.Strings(sorted)
	best, bestDist := "", -1
	lower := strings.ToLower(name)
	for _, c := range sorted {
		if c == name || c == "" {
			continue
		}
		if strings.ToLower(c) == lower {
			return c
		}
		n := max(utf8.RuneCountInString(name), utf8.RuneCountInString(c))
		limit := min(max(n/3, 1), 3)
		if commonPrefix(lower, strings.ToLower(c)) >= 4 {
			limit = 3 // "retry" → "retries"
		}
		d := editDistance(name, c)
		// A suggestion keeps at least one character of each name ("o" never suggests "a").
		if d >= utf8.RuneCountInString(name) || d >= utf8.RuneCountInString(c) {
			continue
		}
		lc := strings.ToLower(c)
		prefix := min(len(lower), len(lc)) >= 4 && (strings.HasPrefix(lc, lower) || strings.HasPrefix(lower, lc))
		if (d <= limit || prefix) && (bestDist < 0 || d < bestDist) {
			best, bestDist = c, d
		}
	}
	return best
}

// editDistance is the optimal string alignment distance between a and b, counted in runes.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}

// commonPrefix returns the length in bytes of the longest common prefix of a and b.
func commonPrefix(a, b string) int {
	n := 0
	for n < len(a) && n < len(b) && a[n] == b[n] {
		n++
	}
	return n
}
