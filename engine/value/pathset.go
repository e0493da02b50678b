package value

// pathSet holds the lists and objects on the path from the root of a value being walked, to
// detect cycles. Short paths are scanned; long ones get a hash set.
type pathSet struct {
	stack []any
	set   map[any]struct{}
}

func (p *pathSet) has(x any) bool {
	if p.set != nil {
		_, ok := p.set[x]
		return ok
	}
	for _, q := range p.stack {
		if q == x {
			return true
		}
	}
	return false
}

func (p *pathSet) push(x any) {
	p.stack = append(p.stack, x)
	if p.set != nil {
		p.set[x] = struct{}{}
	} else if len(p.stack) > 32 {
		p.set = make(map[any]struct{}, 64)
		for _, q := range p.stack {
			p.set[q] = struct{}{}
		}
	}
}

func (p *pathSet) pop() {
	x := p.stack[len(p.stack)-1]
	p.stack = p.stack[:len(p.stack)-1]
	if p.set != nil {
		delete(p.set, x)
	}
}

func (p *pathSet) depth() int { return len(p.stack) }
