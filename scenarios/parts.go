package scenarios

import (
	"fmt"
	"reflect"
	"strings"
	"sync"
)

// A policy part (gate, routing, priority, veto, ...) is declared once, in
// the Policy entry's schema: its key, type, unit, range and documentation
// are the struct tags of its field, and for an enumerated part the range
// tag (oneof=a|b|c) is the one list of its values, in the order of the
// simulator's constants (package policies builds them from that order).
// The rules between parts are declared once too, in Policy.Validate, which
// both the scenario's Validate and policies.New run.

// partValues maps the dotted key of every enumerated Policy field to its
// values.
var partValues = sync.OnceValue(func() map[string][]string {
	out := map[string][]string{}
	var walk func(t reflect.Type, path string)
	walk = func(t reflect.Type, path string) {
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			key := joinKey(path, yamlKey(f))
			switch {
			case f.Type.Kind() == reflect.Struct:
				walk(f.Type, key)
			case f.Type.Kind() == reflect.String && strings.HasPrefix(f.Tag.Get("range"), "oneof="):
				r, err := parseRule(f.Tag.Get("range"))
				if err != nil {
					panic(err) // the schema test parses every tag
				}
				out[key] = r.oneOf
			}
		}
	}
	walk(reflect.TypeFor[Policy](), "")
	return out
})

// PartValues returns the allowed values of the enumerated policy key (a
// dotted key of a policy entry, such as "routing" or "cell.incentive"), in
// their declared order. The slice must not be modified. It panics on a key
// that is not an enumerated policy key: that is a programming error.
func PartValues(key string) []string {
	v, ok := partValues()[key]
	if !ok {
		panic(fmt.Sprintf("scenarios: %q is not an enumerated policy key", key))
	}
	return v
}

// PartIndex returns the position of value among the allowed values of the
// enumerated policy key, or -1 if it is not one of them.
func PartIndex(key, value string) int {
	for i, v := range PartValues(key) {
		if v == value {
			return i
		}
	}
	return -1
}

// Validate checks one policy entry: every key against its range tag, and
// the rules between its parts. Keys in the FieldErrors are relative to the
// entry ("veto", "cell.agents"). It returns Errors, or nil.
func (p Policy) Validate() error {
	var errs Errors
	checkRanges(reflect.ValueOf(&p).Elem(), "", &errs)
	checkPolicyParts(&errs, "", p)
	if len(errs) == 0 {
		return nil
	}
	sortErrors(errs)
	return errs
}

// checkPolicyParts rejects combinations of policy parts that cannot work
// together. key is the entry's key path ("" for the entry itself).
func checkPolicyParts(errs *Errors, key string, p Policy) {
	if p.Veto == "judgement" && p.Routing == "pooled" {
		add(errs, joinKey(key, "veto"), "got judgement with pooled routing, expected routing %s: a rep can only judge a lead routed to it", orList(otherThan(PartValues("routing"), "pooled")))
	}
	if p.LeadHours.CloseHour <= p.LeadHours.OpenHour {
		add(errs, joinKey(key, "lead_hours.close_hour"), "got %s, expected a time after lead_hours.open_hour (%s)", formatFloat(p.LeadHours.CloseHour), formatFloat(p.LeadHours.OpenHour))
	}
	if p.Cell.CloseHour <= p.Cell.OpenHour {
		add(errs, joinKey(key, "cell.close_hour"), "got %s, expected a time after cell.open_hour (%s)", formatFloat(p.Cell.CloseHour), formatFloat(p.Cell.OpenHour))
	}
	if p.Qualify == "cell" && p.Cell.Agents == 0 {
		add(errs, joinKey(key, "cell.agents"), "got 0 agents with qualify: cell, expected at least 1 agent to make the qualification calls")
	}
	if p.Priority == "sla_first" && p.SLAHours == 0 {
		add(errs, joinKey(key, "sla_hours"), "got 0 with priority sla_first, expected sla_hours > 0: there is no SLA to put first")
	}
	if p.Learning.Rate > 0 && p.Gate != "score" {
		add(errs, joinKey(key, "learning.rate"), "got a learning rate with gate %s, expected gate score: learning moves the MQL threshold", p.Gate)
	}
}

// otherThan returns the values other than x.
func otherThan(values []string, x string) []string {
	var out []string
	for _, v := range values {
		if v != x {
			out = append(out, v)
		}
	}
	return out
}

// orList joins values as "a, b or c".
func orList(values []string) string {
	if len(values) < 2 {
		return strings.Join(values, "")
	}
	return strings.Join(values[:len(values)-1], ", ") + " or " + values[len(values)-1]
}
