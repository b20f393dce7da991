package scenarios

import (
	"fmt"
	"reflect"
	"strings"

	"gopkg.in/yaml.v3"
)

// setter applies --set arguments to a yaml.Node tree.
//
// The tree read from the file is never modified in place: every node on the
// path of an argument is replaced by a shallow copy before it is changed
// (copy on write). So an argument that fails leaves no trace, and changing a
// value reached through an alias does not change the anchor or its other
// aliases.
type setter struct {
	// marks maps every node an argument introduced to that argument, so the
	// decoder can name the argument instead of a file line.
	marks map[*yaml.Node]string
	// inherited holds the names of the entries of each named list of the
	// parent scenario (by key path: "policies", "marketing.channels"), when
	// the file extends one: an index into a list the file does not give, or
	// gives as a mapping of changes, addresses the parent's entry.
	inherited map[string][]string
}

func newSetter() *setter { return &setter{marks: map[*yaml.Node]string{}} }

// inheritedLists returns the names of the entries of every named list of
// the top levels of s (the parent of an extending file).
func inheritedLists(s Scenario) map[string][]string {
	out := map[string][]string{}
	var walk func(v reflect.Value, prefix string)
	walk = func(v reflect.Value, prefix string) {
		t := v.Type()
		for i := 0; i < t.NumField(); i++ {
			key := joinKey(prefix, yamlKey(t.Field(i)))
			switch f := v.Field(i); {
			case f.Kind() == reflect.Struct:
				walk(f, key)
			case f.Kind() == reflect.Slice && nameKey(f.Type().Elem()) != "":
				out[key] = names(f, nameKey(f.Type().Elem()))
			}
		}
	}
	walk(reflect.ValueOf(s), "")
	return out
}

// schemaType returns the type of the value at key path segs (list
// elements addressed by index or name), or nil if there is none.
func schemaType(segs []string) reflect.Type {
	t := reflect.TypeOf(Scenario{})
	for _, seg := range segs {
		switch t.Kind() {
		case reflect.Struct:
			fi := fieldByKey(t, seg)
			if fi < 0 {
				return nil
			}
			t = t.Field(fi).Type
		case reflect.Slice:
			t = t.Elem()
		default:
			return nil
		}
	}
	return t
}

// namedList returns the name key of the named list at segs, or "".
func namedList(segs []string) string {
	t := schemaType(segs)
	if t == nil || t.Kind() != reflect.Slice {
		return ""
	}
	return nameKey(t.Elem())
}

// applyAll applies the arguments in order to the document root and returns
// the new root with one error per failed argument (the failed argument is
// then skipped).
func (s *setter) applyAll(root *yaml.Node, args []string) (*yaml.Node, Errors) {
	var errs Errors
	for _, arg := range args {
		next, err := s.apply(root, arg)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		root = next
	}
	return root, errs
}

// apply applies one "path=value" argument, returning the new root.
func (s *setter) apply(root *yaml.Node, arg string) (*yaml.Node, *FieldError) {
	path, value, ok := strings.Cut(arg, "=")
	path = strings.TrimSpace(path)
	if !ok {
		return nil, &FieldError{Set: arg, Msg: "expected path=value, e.g. sales.reps=12"}
	}
	segs, err := splitPath(path)
	if err != nil {
		return nil, &FieldError{Set: arg, Msg: err.Error()}
	}
	vn, ferr := parseValue(value)
	if ferr != nil {
		ferr.Set, ferr.Key = arg, path
		return nil, ferr
	}
	s.markTree(vn, arg)
	newRoot := s.own(root)
	if ferr := s.place(newRoot, segs, vn, arg); ferr != nil {
		return nil, ferr
	}
	return newRoot, nil
}

// splitPath splits a dotted key path, rejecting empty paths and segments.
func splitPath(path string) ([]string, error) {
	if path == "" {
		return nil, fmt.Errorf("empty key path before '='; expected path=value, e.g. sales.reps=12")
	}
	segs := strings.Split(path, ".")
	for _, seg := range segs {
		if seg == "" {
			return nil, fmt.Errorf("key path %q has an empty segment; write keys separated by single dots, e.g. policies.0.queue", path)
		}
	}
	return segs, nil
}

// parseValue parses the value of an argument as YAML (typically a flow
// scalar or collection such as 12, lifo or [mon,tue]). An empty value is
// null, which leaves the default.
func parseValue(value string) (*yaml.Node, *FieldError) {
	n, ferr := readDocument([]byte(value))
	if ferr != nil {
		ferr.Msg = "invalid value: " + ferr.Msg
		ferr.Line = 0
		return nil, ferr
	}
	if n == nil {
		n = &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null"}
	}
	return n, nil
}

// place walks segs from cur (an owned node) and stores vn at the end of the
// path, creating missing mapping keys and appending list elements.
func (s *setter) place(cur *yaml.Node, segs []string, vn *yaml.Node, arg string) *FieldError {
	created := false // whether cur was null or missing before this argument
	for i, seg := range segs {
		var slot int
		here := strings.Join(segs[:i], ".")
		nk := namedList(segs[:i])
		switch {
		case cur.Kind == yaml.MappingNode && nk != "" && isIndex(seg):
			name, ferr := s.inheritedName(here, seg, arg)
			if ferr != nil {
				return ferr
			}
			slot = s.mappingSlot(cur, name, arg)
		case cur.Kind == yaml.MappingNode:
			slot = s.mappingSlot(cur, seg, arg)
		case cur.Kind == yaml.SequenceNode && nk != "" && !isIndex(seg) && i == len(segs)-1:
			return s.setNamed(cur, nk, seg, vn, here, arg)
		case cur.Kind == yaml.SequenceNode && nk != "" && !isIndex(seg):
			slot, _ = s.namedSlot(cur, nk, seg, arg)
		case cur.Kind == yaml.SequenceNode:
			j, ferr := s.sequenceSlot(cur, seg, strings.Join(segs[:i+1], "."), arg, created)
			if ferr != nil {
				return ferr
			}
			slot = j
		default:
			return &FieldError{Set: arg, Key: strings.Join(segs[:i], "."),
				Msg: fmt.Sprintf("got %s, which has no key %q to set", describe(cur), seg)}
		}
		if i == len(segs)-1 {
			cur.Content[slot] = vn
			return nil
		}
		next := segs[i+1]
		if _, ok := s.inherited[strings.Join(segs[:i+1], ".")]; ok {
			next = "changes" // a list the file does not give starts as a mapping of changes to the parent's
		}
		cur, created = s.descend(cur, slot, next)
	}
	return nil
}

// inheritedName returns the name of entry seg (an index) of the parent's
// list at key path here, which the file changes by name.
func (s *setter) inheritedName(here, seg, arg string) (string, *FieldError) {
	have, ok := s.inherited[here]
	idx := atoi(seg)
	if ok && idx < len(have) {
		return have[idx], nil
	}
	if !ok {
		return "", &FieldError{Set: arg, Key: joinKey(here, seg), Msg: fmt.Sprintf(
			"got index %d, but the file gives %s as a mapping from names to entries and extends no scenario; "+
				"address an entry by name (%s.NAME.KEY=VALUE)", idx, here, here)}
	}
	return "", &FieldError{Set: arg, Key: joinKey(here, seg), Msg: fmt.Sprintf(
		"index %d is out of range: the file changes the list %s it inherits from its parent by name, and that list has %s (%s); "+
			"address an entry by name (%s.%s.KEY=VALUE), or add one under a new name (%s.NEW_NAME.KEY=VALUE)",
		idx, here, plural(len(have), "entry"), orNone(have), here, firstOr(have, "NAME"), here)}
}

// namedSlot returns the index in cur.Content of the entry of named list cur
// whose name key nk is name, appending a new entry {nk: name} when there is
// none (under extends it then starts from the parent's entry of that name).
func (s *setter) namedSlot(cur *yaml.Node, nk, name, arg string) (slot int, found bool) {
	for j, en := range cur.Content {
		if got, ok := entryName(en, nk); ok && got == name {
			return j, true
		}
	}
	kn := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: nk}
	vn := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: name}
	en := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Content: []*yaml.Node{kn, vn}}
	s.markTree(en, arg)
	cur.Content = append(cur.Content, en)
	return len(cur.Content) - 1, false
}

// setNamed stores vn as the entry named name of the named list cur (a
// list node): null removes the entry, a mapping without the name key gets
// it, so --set policies.fast='{base: sla}' adds a policy named fast.
func (s *setter) setNamed(cur *yaml.Node, nk, name string, vn *yaml.Node, here, arg string) *FieldError {
	slot, found := s.namedSlot(cur, nk, name, arg)
	switch {
	case isNull(vn) && !found:
		cur.Content = cur.Content[:slot]
		var have []string
		for _, en := range cur.Content {
			n, _ := entryName(en, nk)
			have = append(have, n)
		}
		return &FieldError{Set: arg, Key: joinKey(here, name), Msg: fmt.Sprintf(
			"got null (remove), but %s has no entry %q; expected one of %s", here, name, orNone(have))}
	case isNull(vn):
		cur.Content = append(cur.Content[:slot], cur.Content[slot+1:]...)
	case vn.Kind == yaml.MappingNode:
		if _, named := entryName(vn, nk); !named {
			kn := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: nk}
			nv := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: name}
			s.markTree(kn, arg)
			s.markTree(nv, arg)
			vn.Content = append([]*yaml.Node{kn, nv}, vn.Content...)
		}
		cur.Content[slot] = vn
	default:
		cur.Content[slot] = vn // not a mapping: the decoder reports it
	}
	return nil
}

// firstOr returns the first of names, or def.
func firstOr(names []string, def string) string {
	if len(names) == 0 {
		return def
	}
	return names[0]
}

// mappingSlot returns the index in cur.Content of the value for key seg,
// appending the key (with a null value) when it is missing.
func (s *setter) mappingSlot(cur *yaml.Node, seg, arg string) int {
	for j := len(cur.Content) - 2; j >= 0; j -= 2 {
		if k := resolveAlias(cur.Content[j]); k != nil && k.Kind == yaml.ScalarNode && k.Value == seg {
			return j + 1
		}
	}
	kn := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: seg}
	s.marks[kn] = arg
	cur.Content = append(cur.Content, kn, s.null(arg))
	return len(cur.Content) - 1
}

// null returns a new null node marked as introduced by arg.
func (s *setter) null(arg string) *yaml.Node {
	n := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null"}
	s.marks[n] = arg
	return n
}

// sequenceSlot returns the index in cur.Content of element seg, appending a
// null element when seg equals the length of the list.
func (s *setter) sequenceSlot(cur *yaml.Node, seg, here, arg string, created bool) (int, *FieldError) {
	if !isIndex(seg) {
		return 0, &FieldError{Set: arg, Key: here, Msg: fmt.Sprintf("got %q, expected a list index (0, 1, ...)", seg)}
	}
	idx := atoi(seg)
	n := len(cur.Content)
	switch {
	case idx < n:
		return idx, nil
	case idx == n:
		cur.Content = append(cur.Content, s.null(arg))
		return idx, nil
	case created:
		return 0, &FieldError{Set: arg, Key: here, Msg: fmt.Sprintf(
			"index %d is out of range: the file gives no list here, so only index 0 can be set (or set the whole list, e.g. %s=[...])",
			idx, parentKey(here))}
	default:
		return 0, &FieldError{Set: arg, Key: here, Msg: fmt.Sprintf(
			"index %d is out of range: the list has %s (index %d appends one)", idx, plural(n, "element"), n)}
	}
}

// descend replaces the child at cur.Content[slot] by a node owned by the
// setter and returns it: a copy of an existing child, or, for a child that is
// null (or was just created), an empty mapping or list depending on the next
// path segment; created reports the latter.
func (s *setter) descend(cur *yaml.Node, slot int, next string) (owned *yaml.Node, created bool) {
	owned = s.own(cur.Content[slot])
	created = isNull(owned)
	if created {
		makeContainer(owned, next)
	}
	cur.Content[slot] = owned
	return owned, created
}

// own returns a shallow copy of n (of its anchor if n is an alias) with its
// own Content slice, keeping the line of n and its --set mark.
func (s *setter) own(n *yaml.Node) *yaml.Node {
	target := resolveAlias(n)
	if target == nil {
		target = &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null"}
	}
	c := *target
	c.Anchor = ""
	c.Content = append([]*yaml.Node(nil), target.Content...)
	c.Line, c.Column = n.Line, n.Column
	if arg, ok := s.marks[n]; ok {
		s.marks[&c] = arg
	}
	return &c
}

// makeContainer turns null node n into an empty list when seg is a list
// index, or else into an empty mapping.
func makeContainer(n *yaml.Node, seg string) {
	n.Value, n.Style, n.Content = "", 0, nil
	if isIndex(seg) {
		n.Kind, n.Tag = yaml.SequenceNode, "!!seq"
	} else {
		n.Kind, n.Tag = yaml.MappingNode, "!!map"
	}
}

// markTree marks n and all nodes below it (following Content, not aliases)
// as introduced by arg.
func (s *setter) markTree(n *yaml.Node, arg string) {
	s.marks[n] = arg
	for _, c := range n.Content {
		s.markTree(c, arg)
	}
}

// atoi converts a string accepted by isIndex.
func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

// plural writes a count with its noun: "1 element", "2 elements".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	if stem, ok := strings.CutSuffix(noun, "y"); ok {
		return fmt.Sprintf("%d %sies", n, stem)
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
