package value

// indexThreshold is the size from which an Object keeps a hash index of its keys; smaller
// objects are scanned linearly, which is faster and allocates less.
const indexThreshold = 8

// Object is a mutable Flow object: string keys kept in insertion order (integer-like keys too,
// unlike JavaScript) with O(1) lookup. Objects have pointer identity like arrays.
type Object struct {
	keys  []string
	vals  []Value
	index map[string]int // nil while len(keys) < indexThreshold
}

// NewObject returns a value referring to a new empty object.
func NewObject() Value { return ObjectValue(&Object{}) }

// NewObjectCap returns a new empty object with room for n keys.
func NewObjectCap(n int) *Object {
	return &Object{keys: make([]string, 0, n), vals: make([]Value, 0, n)}
}

// Grow makes room for n more keys.
func (o *Object) Grow(n int) {
	if n > 0 && cap(o.keys)-len(o.keys) < n {
		o.keys = append(make([]string, 0, len(o.keys)+n), o.keys...)
		o.vals = append(make([]Value, 0, len(o.vals)+n), o.vals...)
	}
}

// Len returns the number of keys.
func (o *Object) Len() int { return len(o.keys) }

func (o *Object) find(key string) int {
	if o.index != nil {
		if i, ok := o.index[key]; ok {
			return i
		}
		return -1
	}
	for i, k := range o.keys {
		if k == key {
			return i
		}
	}
	return -1
}

// Get returns the value stored under key and whether the key is present.
func (o *Object) Get(key string) (Value, bool) {
	if i := o.find(key); i >= 0 {
		return o.vals[i], true
	}
	return Null, false
}

// Has reports whether key is present.
func (o *Object) Has(key string) bool { return o.find(key) >= 0 }

// Set stores v under key: a present key keeps its position, a new key goes last.
func (o *Object) Set(key string, v Value) {
	if i := o.find(key); i >= 0 {
		o.vals[i] = v
		return
	}
	o.keys = append(o.keys, key)
	o.vals = append(o.vals, v)
	if o.index != nil {
		o.index[key] = len(o.keys) - 1
	} else if len(o.keys) >= indexThreshold {
		o.reindex()
	}
}

func (o *Object) reindex() {
	o.index = make(map[string]int, len(o.keys))
	for i, k := range o.keys {
		o.index[k] = i
	}
}

// Delete removes key and reports whether it was present. The other keys keep their order.
func (o *Object) Delete(key string) bool {
	i := o.find(key)
	if i < 0 {
		return false
	}
	o.keys = append(o.keys[:i], o.keys[i+1:]...)
	o.vals = append(o.vals[:i], o.vals[i+1:]...)
	if o.index != nil {
		if len(o.keys) < indexThreshold/2 {
			o.index = nil
		} else {
			o.reindex()
		}
	}
	return true
}

// Keys returns a copy of the keys in order.
func (o *Object) Keys() []string { return append([]string(nil), o.keys...) }

// KeyAt returns the i-th key and its value (0 <= i < Len()).
func (o *Object) KeyAt(i int) (string, Value) { return o.keys[i], o.vals[i] }

// SetAt replaces the value of the i-th key (0 <= i < Len()).
func (o *Object) SetAt(i int, v Value) { o.vals[i] = v }
