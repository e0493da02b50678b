package catalog

// req returns a required parameter.
func req(name string, t Type, doc string) Param { return Param{Name: name, Type: t, Doc: doc} }

// opt returns an optional parameter (null is the same as omitting it).
func opt(name string, t Type, doc string) Param {
	return Param{Name: name, Type: t, Optional: true, Doc: doc}
}

// rest returns a variadic last parameter.
func rest(name string, t Type, doc string) Param {
	return Param{Name: name, Type: t, Variadic: true, Doc: doc}
}
