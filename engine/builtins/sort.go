package builtins

import (
	"sort"

	"github.com/rhythmflow/rhythm/engine/value"
)

// SortByString sorts elems in place as JavaScript's sort() without a comparator: by the string
// form of each element, compared by UTF-16 code units, stably (equal string forms keep their
// order). Flow has no undefined, so null sorts as "null".
func SortByString(elems []value.Value) {
	keys := make([]string, len(elems))
	idx := make([]int, len(elems))
	for i, e := range elems {
		keys[i] = value.ToString(e)
		idx[i] = i
	}
	sort.SliceStable(idx, func(x, y int) bool { return CompareUTF16(keys[idx[x]], keys[idx[y]]) < 0 })
	sorted := make([]value.Value, len(elems))
	for i, j := range idx {
		sorted[i] = elems[j]
	}
	copy(elems, sorted)
}
