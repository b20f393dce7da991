package scenarios

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"reflect"
)

// ParseOverParent is Parse with the scenario's parent replaced: when the
// document (with its --set arguments) extends an embedded scenario, it is
// decoded over parent instead of that scenario, as if the parent's file
// had been changed. A document extending none is parsed as by Parse.
// funnel calibrate --world uses it to put a world file under every finding
// scenario (the same dotted path then addresses the same value
// everywhere).
func ParseOverParent(source string, data []byte, sets []string, parent Scenario) (*Resolved, error) {
	sum := sha256.Sum256(data)
	if len(sets) > MaxSets {
		return nil, Errors{{File: source, Msg: fmt.Sprintf("got %d --set arguments, expected at most %d", len(sets), MaxSets)}}
	}
	root, ferr := readDocument(data)
	if ferr == nil {
		ferr = checkRoot(root)
	}
	if ferr != nil {
		ferr.File = source
		return nil, Errors{ferr}
	}
	if errs := checkListLimits(root, nil); len(errs) > 0 {
		return nil, finish(errs, source, false)
	}
	probe, _ := newSetter().applyAll(root, sets)
	if !extendsGiven(probe) {
		return Parse(source, data, sets)
	}
	s := parent
	st := newSetter()
	st.inherited = inheritedLists(s)
	root, errs := st.applyAll(root, sets)
	if lerrs := checkListLimits(root, st.marks); len(lerrs) > 0 {
		return nil, finish(append(errs, lerrs...), source, false)
	}
	d := newDecoder(st.marks)
	d.decode(reflect.ValueOf(&s).Elem(), root, "", origin{line: root.Line}, "")
	d.resolveRates(s.Marketing.Channels)
	d.applyPresets(&s)
	errs = append(errs, d.errs...)
	errs = append(errs, d.placeValidation(s.Validate())...)
	if len(errs) > 0 {
		return nil, finish(errs, source, d.full())
	}
	return &Resolved{Scenario: s, Source: source, SHA256: hex.EncodeToString(sum[:]), Sets: append([]string(nil), sets...)}, nil
}
