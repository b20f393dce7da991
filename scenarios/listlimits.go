package scenarios

import (
	"fmt"
	"reflect"
	"strconv"

	"gopkg.in/yaml.v3"
)

// checkListLimits counts the entries of every list of the document (a
// sequence, or a mapping of changes to a named list) against listLimits,
// before anything is decoded into Go values, so that a file of 10^6
// channels is refused at the cost of its node tree alone. The walk follows
// the schema (unknown keys are left to the decoder) and does not go into a
// list that is too long. marks names the nodes that came from --set
// arguments, as for the decoder. The errors have no File.
func checkListLimits(root *yaml.Node, marks map[*yaml.Node]string) Errors {
	w := limitWalk{marks: marks}
	w.walk(reflect.TypeOf(Scenario{}), root, root, "", "")
	return w.errs
}

// limitWalk is the state of checkListLimits.
type limitWalk struct {
	marks map[*yaml.Node]string
	errs  Errors
}

// walk checks node n, of schema type t at key (pattern is key with list
// indexes as "*"); at is the node whose line the errors about n name (its
// key, or n itself for a list entry).
func (w *limitWalk) walk(t reflect.Type, n, at *yaml.Node, key, pattern string) {
	n = resolveAlias(n)
	if n == nil || len(w.errs) >= maxErrors {
		return
	}
	switch t.Kind() {
	case reflect.Struct:
		if n.Kind != yaml.MappingNode {
			return
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			kn := resolveAlias(n.Content[i])
			if kn == nil || kn.Kind != yaml.ScalarNode {
				continue
			}
			fi := fieldByKey(t, kn.Value)
			if fi < 0 {
				continue
			}
			w.walk(t.Field(fi).Type, n.Content[i+1], n.Content[i], joinKey(key, kn.Value), joinKey(pattern, kn.Value))
		}
	case reflect.Slice:
		var entries []*yaml.Node // the entries' value nodes
		switch n.Kind {
		case yaml.SequenceNode:
			entries = n.Content
		case yaml.MappingNode: // changes to a named list, by name
			for i := 1; i < len(n.Content); i += 2 {
				entries = append(entries, n.Content[i])
			}
		default:
			return
		}
		limit, ok := listLimits[pattern]
		if !ok { // a list missing from listLimits (TestEveryListHasALimit)
			limit = MaxShortList
		}
		if len(entries) > limit {
			w.errs = append(w.errs, w.tooLong(at, n, key, len(entries), limit))
			return
		}
		for i, en := range entries {
			w.walk(t.Elem(), en, en, joinKey(key, strconv.Itoa(i)), joinKey(pattern, "*"))
		}
	}
}

// tooLong is the error about a list of count entries at key.
func (w *limitWalk) tooLong(at, n *yaml.Node, key string, count, limit int) *FieldError {
	e := &FieldError{Line: at.Line, Key: key,
		Msg: fmt.Sprintf("got a list of %d entries, expected at most %d (the limit on %s; see docs/reliability.md)", count, limit, key)}
	for _, m := range []*yaml.Node{at, n} {
		if arg, ok := w.marks[m]; ok {
			e.Line, e.Set = 0, arg
		}
	}
	return e
}
