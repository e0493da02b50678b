package value

// Array is a mutable Flow list. Arrays have pointer identity: two values referring to the same
// *Array are the same list (===), and a change through one is seen through the other.
type Array struct {
	Elems []Value
}

// NewArray returns a value referring to a new array holding elems (the slice is used as is).
func NewArray(elems []Value) Value { return ArrayValue(&Array{Elems: elems}) }

// Len returns the number of elements.
func (a *Array) Len() int { return len(a.Elems) }

// Get returns element i, or null when i is out of range.
func (a *Array) Get(i int) Value {
	if i < 0 || i >= len(a.Elems) {
		return Null
	}
	return a.Elems[i]
}

// Set stores v at index i (i >= 0), growing the array with nulls when i is beyond the end.
func (a *Array) Set(i int, v Value) {
	for i >= len(a.Elems) {
		a.Elems = append(a.Elems, Null)
	}
	a.Elems[i] = v
}

// Push appends vs to the array.
func (a *Array) Push(vs ...Value) { a.Elems = append(a.Elems, vs...) }
