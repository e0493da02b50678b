package value

// DeepCopy returns a copy of v that shares no array or object with it; shared references and
// cycles inside v are preserved in the copy. Parts nested deeper than MaxDepth become null.
func DeepCopy(v Value) Value {
	return deepCopy(v, map[any]Value{}, 0)
}

func deepCopy(v Value, seen map[any]Value, depth int) Value {
	if depth > MaxDepth {
		return Null
	}
	switch v.kind {
	case ArrayKind:
		if c, ok := seen[v.arr]; ok {
			return c
		}
		a := &Array{Elems: make([]Value, len(v.arr.Elems))}
		c := ArrayValue(a)
		seen[v.arr] = c
		for i, e := range v.arr.Elems {
			a.Elems[i] = deepCopy(e, seen, depth+1)
		}
		return c
	case ObjectKind:
		if c, ok := seen[v.obj]; ok {
			return c
		}
		o := NewObjectCap(len(v.obj.keys))
		c := ObjectValue(o)
		seen[v.obj] = c
		for i, k := range v.obj.keys {
			o.Set(k, deepCopy(v.obj.vals[i], seen, depth+1))
		}
		return c
	case FuncKind:
		if v.arr != nil {
			return BoundMethod(v.str, deepCopy(v.arr.Elems[0], seen, depth+1))
		}
	}
	return v
}

// JSONSafe returns a copy of v that can be converted to JSON: NaN and ±Infinity, handles,
// functions and cyclic references are replaced by their string forms (the failure result of an
// uncaught throw, spec §12.5).
func JSONSafe(v Value) Value {
	return jsonSafe(v, &pathSet{})
}

func jsonSafe(v Value, path *pathSet) Value {
	if path.depth() >= MaxDepth && (v.kind == ArrayKind || v.kind == ObjectKind) {
		return Str("[…]")
	}
	switch v.kind {
	case NumberKind:
		if v.num != v.num || v.num > 1.7976931348623157e308 || v.num < -1.7976931348623157e308 {
			return Str(FormatNumber(v.num))
		}
	case PromiseKind, FuncKind:
		return Str(ToString(v))
	case ArrayKind:
		if path.has(v.arr) {
			return Str(ToString(v))
		}
		path.push(v.arr)
		defer path.pop()
		a := &Array{Elems: make([]Value, len(v.arr.Elems))}
		for i, e := range v.arr.Elems {
			a.Elems[i] = jsonSafe(e, path)
		}
		return ArrayValue(a)
	case ObjectKind:
		if path.has(v.obj) {
			return Str(ToString(v))
		}
		path.push(v.obj)
		defer path.pop()
		o := NewObjectCap(len(v.obj.keys))
		for i, k := range v.obj.keys {
			o.Set(k, jsonSafe(v.obj.vals[i], path))
		}
		return ObjectValue(o)
	}
	return v
}
