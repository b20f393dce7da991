package scenarios

import (
	"reflect"
	"strings"
)

// yamlKey returns the key of a struct field: its yaml tag up to the first
// comma, or "" when the field has no key (it is then not part of the schema).
func yamlKey(f reflect.StructField) string {
	name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
	if name == "-" || !f.IsExported() {
		return ""
	}
	return name
}

// omitEmpty reports whether a field's key is left out of the resolved
// form when its value is zero (the alternative units of a channel's rate,
// converted to rate_per_hour when the file is read).
func omitEmpty(f reflect.StructField) bool {
	_, opts, _ := strings.Cut(f.Tag.Get("yaml"), ",")
	return opts == "omitempty"
}

// knownKeys lists the keys of struct type t in field order.
func knownKeys(t reflect.Type) []string {
	var keys []string
	for i := 0; i < t.NumField(); i++ {
		if k := yamlKey(t.Field(i)); k != "" {
			keys = append(keys, k)
		}
	}
	return keys
}

// fieldByKey returns the index of the field of struct type t whose key is
// key, or -1.
func fieldByKey(t reflect.Type, key string) int {
	for i := 0; i < t.NumField(); i++ {
		if yamlKey(t.Field(i)) == key {
			return i
		}
	}
	return -1
}

// newElement returns a pointer to a new list element of type t, with its
// defaults set when *t implements Defaulter.
func newElement(t reflect.Type) reflect.Value {
	p := reflect.New(t)
	if d, ok := p.Interface().(Defaulter); ok {
		d.SetDefaults()
	}
	return p
}
