package builtins

import (
	"sort"

	"github.com/rhythmflow/rhythm/engine/value"
)

// SortByString sorts elems in place as JavaScript's sort() without a comparator: by the string
// form of each element, compared by UTF-16 code units, stably (equal string forms keep their
// order). Flow has no undefined, so null sorts as "null".
func SortByString(elems []value.Value) { _ = sortByString(elems, 0) }

// sortByString is SortByString with the string form of each element bounded by max bytes
// (max <= 0: unbounded); a longer one is value.ErrTooLarge and elems are left as they were.
func sortByString(elems []value.Value, max int) error {
	keys := make([]string, len(elems))
	idx := make([]int, len(elems))
	for i, e := range elems {
		k, err := value.ToStringMax(e, max)
		if err != nil {
			return err
		}
		keys[i] = k
		idx[i] = i
	}
	sort.SliceStable(idx, func(x, y int) bool { return CompareUTF16(keys[idx[x]], keys[idx[y]]) < 0 })
	sorted := make([]value.Value, len(elems))
	for i, j := range idx {
		sorted[i] = elems[j]
	}
	copy(elems, sorted)
	return nil
}
