package experiment

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"

	"funnellab/scenarios"
)

// ResolveKey translates a scenario key path in which entries of named
// lists (policies, segments, channels, ...) may be addressed by name into
// the same path with every such entry addressed by its index in sc:
// "policies.objective.sla_hours" becomes "policies.3.sla_hours" when the
// scenario's fourth policy is named objective. Indices are kept as given
// (and checked against the list's length). A name that is no entry of the
// list is an error that lists the entries' names, rather than the new
// entry --set would create. Keys below a mapping (a map-typed field) are
// kept as given; an unknown key of a structure is an error.
func ResolveKey(sc scenarios.Scenario, key string) (string, error) {
	if strings.TrimSpace(key) == "" {
		return "", fmt.Errorf("empty key; expected a scenario key path such as sales.reps or policies.NAME.sla_hours")
	}
	segs := strings.Split(key, ".")
	cur := reflect.ValueOf(sc)
	for i, seg := range segs {
		here := strings.Join(segs[:i], ".")
		if seg == "" {
			return "", fmt.Errorf("key %q has an empty segment; write keys separated by single dots, e.g. policies.0.sla_hours", key)
		}
		for cur.Kind() == reflect.Pointer || cur.Kind() == reflect.Interface {
			if cur.IsNil() {
				return key, nil
			}
			cur = cur.Elem()
		}
		switch cur.Kind() {
		case reflect.Struct:
			found := false
			for f := 0; f < cur.NumField(); f++ {
				if yamlName(cur.Type().Field(f)) == seg {
					cur, found = cur.Field(f), true
					break
				}
			}
			if !found {
				if here == "" {
					return "", fmt.Errorf("key %q: unknown key %q (see docs/scenario.md)", key, seg)
				}
				return "", fmt.Errorf("key %q: %s has no key %q (see docs/scenario.md)", key, here, seg)
			}
		case reflect.Slice, reflect.Array:
			if idx, err := strconv.Atoi(seg); err == nil {
				if idx < 0 || idx >= cur.Len() {
					return "", fmt.Errorf("key %q: %s has %d entries, so index %d is out of range%s", key, here, cur.Len(), idx, nameList(cur))
				}
				cur = cur.Index(idx)
				continue
			}
			nf := nameField(cur.Type().Elem())
			if nf < 0 {
				return "", fmt.Errorf("key %q: %s is a list whose entries have no name; address an entry by index (0 to %d)", key, here, cur.Len()-1)
			}
			idx := -1
			for j := 0; j < cur.Len(); j++ {
				if cur.Index(j).Field(nf).String() == seg {
					idx = j
					break
				}
			}
			if idx < 0 {
				return "", fmt.Errorf("key %q: %s has no entry named %q%s", key, here, seg, nameList(cur))
			}
			segs[i] = strconv.Itoa(idx)
			cur = cur.Index(idx)
		default:
			// A mapping or a value: the rest is --set's to check.
			return strings.Join(segs, "."), nil
		}
	}
	return strings.Join(segs, "."), nil
}

// yamlName is a struct field's YAML key, "" if it has none.
func yamlName(f reflect.StructField) string {
	name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
	if name == "-" || !f.IsExported() {
		return ""
	}
	return name
}

// nameField is the index of the string field keyed "name" (or "id") of a
// list entry type, -1 if it has none.
func nameField(t reflect.Type) int {
	if t.Kind() != reflect.Struct {
		return -1
	}
	for _, k := range []string{"name", "id"} {
		for f := 0; f < t.NumField(); f++ {
			if yamlName(t.Field(f)) == k && t.Field(f).Type.Kind() == reflect.String {
				return f
			}
		}
	}
	return -1
}

// nameList describes the entries of a named list: "; its entries are
// 0 direct, 1 lifo".
func nameList(list reflect.Value) string {
	nf := nameField(list.Type().Elem())
	if nf < 0 || list.Len() == 0 {
		return ""
	}
	parts := make([]string, list.Len())
	for j := range parts {
		parts[j] = fmt.Sprintf("%d %s", j, list.Index(j).Field(nf).String())
	}
	return "; its entries are " + strings.Join(parts, ", ")
}
