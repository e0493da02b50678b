package builtins

import (
	"time"

	"github.com/rhythmflow/rhythm/engine/value"
	"github.com/rhythmflow/rhythm/lang/catalog"
)

// Duration converts a duration value (spec §6, §12.13): a number of seconds (finite, ≥ 0) or
// a duration string such as "1h30m". Anything else, or a negative or malformed duration, is a
// TypeError.
func Duration(v value.Value) (time.Duration, error) {
	switch v.Kind() {
	case value.NumberKind:
		d, err := catalog.DurationSeconds(v.Num())
		if err != nil {
			return 0, value.TypeErrorf("%v", err)
		}
		return d, nil
	case value.StringKind:
		d, err := catalog.ParseDuration(v.Str())
		if err != nil {
			return 0, value.TypeErrorf("%v", err)
		}
		return d, nil
	}
	return 0, value.TypeErrorf("a duration must be a number of seconds or a string such as \"1h30m\", got %s", value.Describe(v))
}

// CheckOptions checks the options object v of entry e (Task.run, Workflow.run, Signal.next)
// against the entry's option table (spec §6, §12.4): v must be an object; an unknown key or a
// value of the wrong kind is a TypeError (a non-integer `priority` or `retries` included); a
// negative `retries` or a backoff `factor` below 1 is a RangeError. A key holding null counts
// as absent.
func CheckOptions(e *catalog.Entry, v value.Value) error {
	return checkOptionObject(e.Name+" options", e.Options, v)
}

// checkOptionObject checks an object against a table of options; where names it in messages.
func checkOptionObject(where string, table []catalog.Option, v value.Value) error {
	o := v.Obj()
	if o == nil {
		return value.TypeErrorf("%s must be an object, got %s", where, value.Describe(v))
	}
	for i := 0; i < o.Len(); i++ {
		k, val := o.KeyAt(i)
		opt, ok := findOption(table, k)
		if !ok {
			return value.TypeErrorf("%s: unknown option %q (accepted: %s)", where, k, optionNames(table))
		}
		if val.IsNull() {
			continue
		}
		if err := checkOption(where, opt, val); err != nil {
			return err
		}
	}
	return nil
}

// checkOption checks the value of one option.
func checkOption(where string, opt catalog.Option, v value.Value) error {
	bad := func(want string) error {
		return value.TypeErrorf("%s: %s must be %s, got %s", where, opt.Name, want, value.Describe(v))
	}
	switch opt.Type {
	case catalog.TypeString:
		if v.Kind() != value.StringKind {
			return bad("a string")
		}
	case catalog.TypeNumber:
		if v.Kind() != value.NumberKind {
			return bad("a number")
		}
		if opt.Name == "factor" && !(v.Num() >= 1) {
			return value.RangeErrorf("%s: factor must be at least 1, got %s", where, value.Describe(v))
		}
	case catalog.TypeInteger:
		if !v.IsInteger() {
			return bad("an integer")
		}
		if opt.Name == "retries" && v.Num() < 0 {
			return value.RangeErrorf("%s: retries must be at least 0, got %s", where, value.Describe(v))
		}
	case catalog.TypeDuration:
		if _, err := Duration(v); err != nil {
			return value.TypeErrorf("%s: %s: %s", where, opt.Name, errMessage(err))
		}
	case catalog.TypeObject:
		return checkOptionObject(where+": "+opt.Name, opt.Fields, v)
	default:
		return value.TypeErrorf("%s: %s has the unknown kind %q", where, opt.Name, opt.Type)
	}
	return nil
}

func findOption(table []catalog.Option, name string) (catalog.Option, bool) {
	for _, o := range table {
		if o.Name == name {
			return o, true
		}
	}
	return catalog.Option{}, false
}

func optionNames(table []catalog.Option) string {
	s := ""
	for i, o := range table {
		if i > 0 {
			s += ", "
		}
		s += o.Name
	}
	return s
}
