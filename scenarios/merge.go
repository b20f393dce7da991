package scenarios

import (
	"reflect"
	"slices"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// A named list is a list of mappings with a name key (channels, segments,
// policies; findings are named by id). Under extends its entries can be
// changed one by one:
//
//   - given as a list, it replaces the parent's list, but an entry named
//     like one of the parent's starts from that entry (the keys it gives
//     override; a policy that gives base starts over from that preset);
//   - given as a mapping from names to entries, it changes the parent's
//     list: a name of the parent's changes that entry key by key, a new name
//     adds an entry at the end, a null value removes the entry.

// nameKey returns the key naming the elements of a list of struct type t:
// "name", "id", or "" for a list whose elements have no name.
func nameKey(t reflect.Type) string {
	if t.Kind() != reflect.Struct {
		return ""
	}
	for _, k := range []string{"name", "id"} {
		if fieldByKey(t, k) >= 0 {
			return k
		}
	}
	return ""
}

// entryName returns the value of the scalar key nk of mapping node n.
func entryName(n *yaml.Node, nk string) (string, bool) {
	n = resolveAlias(n)
	if n == nil || n.Kind != yaml.MappingNode || nk == "" {
		return "", false
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := resolveAlias(n.Content[i]), resolveAlias(n.Content[i+1])
		if k != nil && k.Value == nk && v != nil && v.Kind == yaml.ScalarNode {
			return v.Value, true
		}
	}
	return "", false
}

// names returns the names of the elements of named list v.
func names(v reflect.Value, nk string) []string {
	out := make([]string, v.Len())
	if nk == "" {
		return out
	}
	fi := fieldByKey(v.Type().Elem(), nk)
	for i := range out {
		out[i] = v.Index(i).Field(fi).String()
	}
	return out
}

// inheritedStart returns a copy of the element of the current list v (the
// parent's, under extends) named like the list entry en, if there is one.
func inheritedStart(v reflect.Value, en *yaml.Node) (reflect.Value, bool) {
	nk := nameKey(v.Type().Elem())
	name, ok := entryName(en, nk)
	if !ok {
		return reflect.Value{}, false
	}
	if j := slices.Index(names(v, nk), name); j >= 0 {
		p := reflect.New(v.Type().Elem())
		p.Elem().Set(v.Index(j))
		return p, true
	}
	return reflect.Value{}, false
}

// patch applies mapping node n (names to entries) to the named list v:
// entries of v named in n are changed key by key, new names are appended in
// the order of n, and names whose value is null are removed.
func (d *decoder) patch(v reflect.Value, n *yaml.Node, key string, tag string) {
	et := v.Type().Elem()
	nk := nameKey(et)
	have := names(v, nk)
	type change struct {
		name   string
		kn, vn *yaml.Node
		o      origin
	}
	var changes []change
	removed := map[string]bool{}
	seen := map[string]origin{}
	for i := 0; i+1 < len(n.Content) && !d.full(); i += 2 {
		kn, vn := n.Content[i], n.Content[i+1]
		o := d.originOf(kn, vn)
		name, ok := d.keyName(kn, key, o)
		if !ok {
			continue
		}
		if prev, dup := seen[name]; dup {
			d.fail(key, o, "%q is given twice; first %s", name, prev.where())
			continue
		}
		seen[name] = o
		if r := resolveAlias(vn); r == nil || isNull(r) {
			if !slices.Contains(have, name) {
				d.fail(key, o, "got %s: ~ (remove), but %s has no entry %q; expected one of %s",
					name, key, name, orNone(have))
				continue
			}
			removed[name] = true
			continue
		}
		changes = append(changes, change{name, kn, vn, o})
	}
	out := reflect.MakeSlice(v.Type(), 0, v.Len()+len(changes))
	index := map[string]int{}
	for i, name := range have {
		if !removed[name] {
			index[name] = out.Len()
			out = reflect.Append(out, v.Index(i))
		}
	}
	for _, c := range changes {
		if _, ok := index[c.name]; !ok {
			elem := newElement(et).Elem()
			elem.Field(fieldByKey(et, nk)).SetString(c.name)
			index[c.name] = out.Len()
			out = reflect.Append(out, elem)
		}
	}
	for _, c := range changes {
		j := index[c.name]
		child := joinKey(key, strconv.Itoa(j))
		d.origins[child] = c.o
		if slices.Contains(have, c.name) {
			d.inheritedEntry[child] = true
		} else {
			d.origins[joinKey(child, nk)] = c.o
		}
		elem := out.Index(j)
		d.decode(elem, c.vn, child, c.o, tag)
		if got := elem.Field(fieldByKey(et, nk)).String(); got != c.name {
			d.fail(joinKey(child, nk), d.originFor(joinKey(child, nk)),
				"got %q under the entry %q; expected no %s key there, or the same (the key of the mapping names the entry)", got, c.name, nk)
		}
	}
	v.Set(out)
}

// orNone lists names for a message.
func orNone(names []string) string {
	if len(names) == 0 {
		return "none (the list is empty)"
	}
	return strings.Join(names, ", ")
}
