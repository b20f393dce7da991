package scenarios

import (
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"
)

// NumberAt returns the number at a dotted key path of s (list elements by
// index or by name, as with --set: "response.hot_window_hours.mean",
// "policies.1.sla_hours", "segments.smb.win_rate"), whether it is an integer, and the bounds of its
// range tag (infinite where the tag has none).
func NumberAt(s Scenario, path string) (v float64, integer bool, lo, hi float64, err error) {
	cur, field, err := valueAt(s, path)
	if err != nil {
		return 0, false, 0, 0, err
	}
	lo, hi = math.Inf(-1), math.Inf(1)
	if r, err := parseRule(field.Tag.Get("range")); err == nil && r.interval {
		lo, hi = r.lo, r.hi
	}
	switch cur.Kind() {
	case reflect.Float32, reflect.Float64:
		return cur.Float(), false, lo, hi, nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return float64(cur.Int()), true, lo, hi, nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return float64(cur.Uint()), true, lo, hi, nil
	}
	return 0, false, 0, 0, fmt.Errorf("%s: got a %s, expected a number", path, typeName(cur.Type()))
}

// OpenEnds reports which ends of the range of the key at path are open
// ("(0,1e5]" is open at 0): a value there is out of range.
func OpenEnds(s Scenario, path string) (lo, hi bool, err error) {
	_, field, err := valueAt(s, path)
	if err != nil {
		return false, false, err
	}
	r, err := parseRule(field.Tag.Get("range"))
	if err != nil || !r.interval {
		return false, false, nil
	}
	return r.loOpen, r.hiOpen, nil
}

// valueAt walks a dotted key path of s to its value and the struct field
// that holds it.
func valueAt(s Scenario, path string) (reflect.Value, reflect.StructField, error) {
	cur := reflect.ValueOf(s)
	var field reflect.StructField
	for _, seg := range strings.Split(path, ".") {
		switch cur.Kind() {
		case reflect.Struct:
			found := false
			for i := 0; i < cur.NumField(); i++ {
				f := cur.Type().Field(i)
				if yamlKey(f) == seg {
					cur, field, found = cur.Field(i), f, true
					break
				}
			}
			if !found {
				return cur, field, fmt.Errorf("%s: unknown key %q", path, seg)
			}
		case reflect.Slice:
			i, err := strconv.Atoi(seg)
			if err != nil {
				i = indexByName(cur, seg)
			}
			if i < 0 || i >= cur.Len() {
				return cur, field, fmt.Errorf("%s: %q is neither an index nor a name of an entry of a list of %d", path, seg, cur.Len())
			}
			cur = cur.Index(i)
		default:
			return cur, field, fmt.Errorf("%s: %q is below a value, not a mapping or list", path, seg)
		}
	}
	return cur, field, nil
}

// indexByName returns the index of the entry of list l whose name (or id)
// is name, or -1.
func indexByName(l reflect.Value, name string) int {
	nk := nameKey(l.Type().Elem())
	if nk == "" {
		return -1
	}
	f := fieldByKey(l.Type().Elem(), nk)
	for i := 0; i < l.Len(); i++ {
		if v := l.Index(i).Field(f); v.Kind() == reflect.String && v.String() == name {
			return i
		}
	}
	return -1
}
