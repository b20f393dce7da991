package scenarios

import (
	"encoding/base64"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// maxErrors bounds the number of errors collected from one file. Aliases let
// a small file repeat a large bad mapping many times; the bound keeps both
// the report and the work finite.
const maxErrors = 100

// origin is where a value came from: a file line, or a --set argument.
type origin struct {
	line int
	set  string
}

// where describes an origin for messages: "on line 3", "by --set a=b".
func (o origin) where() string {
	if o.set != "" {
		return "by --set " + o.set
	}
	return "on line " + strconv.Itoa(o.line)
}

// decoder walks a yaml.Node tree and a Go value together, filling the value
// and recording errors and the origin of every key path.
type decoder struct {
	marks   map[*yaml.Node]string // nodes introduced by --set -> the argument
	origins map[string]origin     // key path -> where it was given
	failed  map[string]bool       // key paths whose value could not be decoded
	// inheritedEntry marks the list entries (key paths such as
	// "policies.0") the file changes rather than adds: they start from the
	// parent's entry of the same name.
	inheritedEntry map[string]bool
	// noVolume is set when a channel gives no rate: the total rate is then
	// not reported as well.
	noVolume bool
	errs     Errors
}

func newDecoder(marks map[*yaml.Node]string) *decoder {
	return &decoder{marks: marks, origins: map[string]origin{}, failed: map[string]bool{}, inheritedEntry: map[string]bool{}}
}

// full reports whether the error budget is spent; the walk then stops and
// the report says so.
func (d *decoder) full() bool { return len(d.errs) >= maxErrors }

// fail records an error about key.
func (d *decoder) fail(key string, o origin, format string, args ...any) {
	if d.full() {
		return
	}
	d.errs = append(d.errs, &FieldError{Line: o.line, Set: o.set, Key: key, Msg: fmt.Sprintf(format, args...)})
}

// typeError records that node n could not be stored at key, which expects
// want. Validation errors at or below key are then not reported: the value
// there is a leftover default, not what the file says.
func (d *decoder) typeError(key string, o origin, n *yaml.Node, want string) {
	d.failed[key] = true
	d.fail(key, o, "got %s, expected %s", describe(n), want)
}

// originOf returns the origin of a value given by nodes (a key node and its
// value node, or a list element): the --set argument if any of them came from
// one, otherwise the line of the first.
func (d *decoder) originOf(nodes ...*yaml.Node) origin {
	for _, n := range nodes {
		if arg, ok := d.marks[n]; ok {
			return origin{set: arg}
		}
	}
	return origin{line: nodes[0].Line}
}

// originFor returns the origin of key, or of its nearest ancestor that has
// one, so that an error about a key missing from the file names the section
// it belongs in.
func (d *decoder) originFor(key string) origin {
	for k := key; k != ""; k = parentKey(k) {
		if o, ok := d.origins[k]; ok {
			return o
		}
	}
	return origin{}
}

// decode stores node n into v. key is the path of v and o where n came from;
// tag is the range tag of the field (used in messages). A null node leaves v
// as it is, i.e. at its default.
func (d *decoder) decode(v reflect.Value, n *yaml.Node, key string, o origin, tag string) {
	n = resolveAlias(n)
	if n == nil || isNull(n) || d.full() {
		return
	}
	switch v.Kind() {
	case reflect.Struct:
		d.mapping(v, n, key, o)
	case reflect.Slice:
		d.sequence(v, n, key, o, tag)
	default:
		d.scalar(v, n, key, o, tag)
	}
}

// mapping decodes a mapping node into struct v, key by key.
func (d *decoder) mapping(v reflect.Value, n *yaml.Node, key string, o origin) {
	t := v.Type()
	if n.Kind != yaml.MappingNode {
		d.typeError(key, o, n, expectation(t, ""))
		return
	}
	seen := map[string]origin{}
	for i := 0; i+1 < len(n.Content) && !d.full(); i += 2 {
		kn, vn := n.Content[i], n.Content[i+1]
		ko := d.originOf(kn, vn)
		name, ok := d.keyName(kn, key, ko)
		if !ok {
			continue
		}
		child := joinKey(key, name)
		fi := fieldByKey(t, name)
		if fi < 0 {
			d.fail(child, ko, "unknown key %q; known keys%s: %s", name, inSection(key), strings.Join(knownKeys(t), ", "))
			continue
		}
		if prev, dup := seen[name]; dup {
			d.fail(child, ko, "duplicate key %q; first given %s", name, prev.where())
			continue
		}
		seen[name] = ko
		d.origins[child] = ko
		d.decode(v.Field(fi), vn, child, ko, t.Field(fi).Tag.Get("range"))
	}
}

// keyName returns the text of a mapping key, rejecting merge keys and keys
// that are not scalars.
func (d *decoder) keyName(kn *yaml.Node, parent string, o origin) (string, bool) {
	k := resolveAlias(kn)
	if k == nil || k.Kind != yaml.ScalarNode {
		d.fail(parent, o, "got %s as a key, expected a plain key name", describe(k))
		return "", false
	}
	if k.ShortTag() == "!!merge" {
		d.fail(joinKey(parent, "<<"), o, "merge keys (<<) are not supported; write the keys out in full")
		return "", false
	}
	return k.Value, true
}

// inSection is " in KEY" for a nested mapping and " at the top level" for
// the root.
func inSection(key string) string {
	if key == "" {
		return " at the top level"
	}
	return " in " + key
}

// sequence decodes a sequence node into slice v, building new elements that
// start from their defaults, or, in a named list, from the current element
// of the same name (the parent's, under extends; see merge.go). A mapping
// node changes a named list entry by entry (patch).
func (d *decoder) sequence(v reflect.Value, n *yaml.Node, key string, o origin, tag string) {
	if n.Kind == yaml.MappingNode && nameKey(v.Type().Elem()) != "" {
		d.patch(v, n, key, tag)
		return
	}
	if n.Kind != yaml.SequenceNode {
		d.typeError(key, o, n, expectation(v.Type(), tag))
		return
	}
	et := v.Type().Elem()
	out := reflect.MakeSlice(v.Type(), 0, len(n.Content))
	for i, en := range n.Content {
		if d.full() {
			return
		}
		child := joinKey(key, strconv.Itoa(i))
		eo := d.originOf(en)
		d.origins[child] = eo
		elem, inherited := inheritedStart(v, en)
		if inherited {
			d.inheritedEntry[child] = true
		} else {
			elem = newElement(et)
		}
		d.decode(elem.Elem(), en, child, eo, tag)
		out = reflect.Append(out, elem.Elem())
	}
	v.Set(out)
}

// scalar decodes a scalar node into a string, bool, integer or float field.
func (d *decoder) scalar(v reflect.Value, n *yaml.Node, key string, o origin, tag string) {
	if n.Kind != yaml.ScalarNode || !setScalar(v, n) {
		d.typeError(key, o, n, expectation(v.Type(), tag))
	}
}

// setScalar converts scalar node n to the kind of v and stores it, reporting
// whether the node holds a value of that kind.
func setScalar(v reflect.Value, n *yaml.Node) bool {
	switch v.Kind() {
	case reflect.String:
		s, ok := stringValue(n)
		if ok {
			v.SetString(s)
		}
		return ok
	case reflect.Bool:
		b, ok := yamlValue(n).(bool)
		if ok {
			v.SetBool(b)
		}
		return ok
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		i, ok := intValue(yamlValue(n))
		if ok && !v.OverflowInt(i) {
			v.SetInt(i)
			return true
		}
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		u, ok := uintValue(yamlValue(n))
		if ok && !v.OverflowUint(u) {
			v.SetUint(u)
			return true
		}
	case reflect.Float32, reflect.Float64:
		f, ok := floatValue(yamlValue(n))
		if ok && !v.OverflowFloat(f) {
			v.SetFloat(f)
			return true
		}
	}
	return false
}

// yamlValue resolves a scalar the way YAML does (plain 12 is an int, "12" a
// string, 1e3 a float, true a bool, .inf a float). It returns nil when the
// scalar does not resolve (for example "!!int 2.5").
func yamlValue(n *yaml.Node) any {
	var x any
	if err := n.Decode(&x); err != nil {
		return nil
	}
	return x
}

// stringValue returns the text of any scalar; a !!binary scalar is decoded
// from base64, as YAML encoders write strings that are not valid UTF-8.
func stringValue(n *yaml.Node) (string, bool) {
	if n.ShortTag() != "!!binary" {
		return n.Value, true
	}
	b, err := base64.StdEncoding.DecodeString(strings.Join(strings.Fields(n.Value), ""))
	return string(b), err == nil
}

func intValue(x any) (int64, bool) {
	switch x := x.(type) {
	case int:
		return int64(x), true
	case int64:
		return x, true
	case uint64:
		if x <= math.MaxInt64 {
			return int64(x), true
		}
	}
	return 0, false
}

func uintValue(x any) (uint64, bool) {
	switch x := x.(type) {
	case int:
		return uint64(x), x >= 0
	case int64:
		return uint64(x), x >= 0
	case uint64:
		return x, true
	}
	return 0, false
}

// floatValue accepts YAML ints and finite floats.
func floatValue(x any) (float64, bool) {
	switch x := x.(type) {
	case int:
		return float64(x), true
	case int64:
		return float64(x), true
	case uint64:
		return float64(x), true
	case float64:
		return x, !math.IsInf(x, 0) && !math.IsNaN(x)
	}
	return 0, false
}

// resolveAlias follows an alias to its anchor. YAML anchors cannot be
// aliases themselves, but the loop is bounded anyway.
func resolveAlias(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && n.Kind == yaml.AliasNode && i < 8; i++ {
		n = n.Alias
	}
	if n != nil && n.Kind == yaml.AliasNode {
		return nil
	}
	return n
}

// isNull reports whether n is a null scalar (~, null or nothing at all).
func isNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null"
}

// describe shows a node in a message: a scalar as written (strings quoted),
// collections by kind.
func describe(n *yaml.Node) string {
	n = resolveAlias(n)
	if n == nil {
		return "nothing"
	}
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		if isNull(n) {
			return "null"
		}
		if n.ShortTag() == "!!str" || n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0 {
			return strconv.Quote(shorten(n.Value))
		}
		return shorten(n.Value)
	}
	return "an unsupported YAML node"
}

// shorten cuts long values in messages to 40 runes.
func shorten(s string) string {
	const max = 40
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	return string([]rune(s)[:max]) + "..."
}
