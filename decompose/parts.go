package decompose

import (
	"fmt"
	"reflect"
	"slices"
	"strings"

	"funnellab/scenarios"
)

// A Part is a group of policy keys switched from one policy to the other
// as a unit: a factor of the decomposition.
type Part struct {
	// Name is the part's name in the outputs ("gate", "veto", ...); a
	// part merged from several is named by theirs joined with "+".
	Name string
	// Keys are the top-level keys of a policy entry the part switches
	// (a nested key such as matrix or cell is switched whole).
	Keys []string
	// Family is the coarse group the part belongs to: "gate" (the
	// hand-off criterion), "veto" or "effort".
	Family string
}

// Parts are the parts of a policy entry, in the order of the outputs.
// Every key of a policy entry but name, base, switch_from and
// switch_at_days is in exactly one part (TestPartsCoverPolicy).
var Parts = []Part{
	{Name: "gate", Keys: []string{"gate", "min_level", "matrix"}, Family: "gate"},
	{Name: "qualification", Keys: []string{"qualify", "sql_min_bant", "budget", "cell"}, Family: "gate"},
	{Name: "learning", Keys: []string{"learning", "measured_on"}, Family: "gate"},
	{Name: "veto", Keys: []string{"veto"}, Family: "veto"},
	{Name: "routing", Keys: []string{"routing"}, Family: "effort"},
	{Name: "priority", Keys: []string{"priority", "queue"}, Family: "effort"},
	{Name: "sla", Keys: []string{"sla_hours"}, Family: "effort"},
	{Name: "attempts", Keys: []string{"attempts", "spacing_hours"}, Family: "effort"},
	{Name: "lead_hours", Keys: []string{"lead_hours"}, Family: "effort"},
	{Name: "recycle", Keys: []string{"on_reject", "recycle_track", "cooldown_days"}, Family: "effort"},
	{Name: "stall", Keys: []string{"stall_days"}, Family: "effort"},
	{Name: "nurture_calls", Keys: []string{"nurture_calls"}, Family: "effort"},
}

// Families are the coarse parts, in order: the hand-off criterion (gate,
// qualification, learning), the veto, and the effort parts (routing,
// priority, SLA, attempts, lead hours, recycling, stall rule, nurture
// calls).
var Families = []Part{
	{Name: "gate", Family: "gate"},
	{Name: "veto", Family: "veto"},
	{Name: "effort", Family: "effort"},
}

// unswitched are the policy keys no part switches: the name and preset
// (labels, resolved already) and the policy switch (refused).
var unswitched = []string{"name", "base", "switch_from", "switch_at_days"}

// familyParts returns the families with their keys filled in.
func familyParts() []Part {
	out := slices.Clone(Families)
	for i := range out {
		for _, p := range Parts {
			if p.Family == out[i].Name {
				out[i].Keys = append(out[i].Keys, p.Keys...)
			}
		}
	}
	return out
}

// fieldIndex maps a policy entry's top-level keys to their field indexes.
var fieldIndex = func() map[string]int {
	t := reflect.TypeFor[scenarios.Policy]()
	out := map[string]int{}
	for i := 0; i < t.NumField(); i++ {
		key, _, _ := strings.Cut(t.Field(i).Tag.Get("yaml"), ",")
		out[key] = i
	}
	return out
}()

// take copies the keys of part from src into dst.
func take(dst *scenarios.Policy, src scenarios.Policy, part Part) {
	d, s := reflect.ValueOf(dst).Elem(), reflect.ValueOf(src)
	for _, k := range part.Keys {
		i := fieldIndex[k]
		d.Field(i).Set(s.Field(i))
	}
}

// differs reports whether a and b differ in a key of part.
func differs(a, b scenarios.Policy, part Part) bool {
	va, vb := reflect.ValueOf(a), reflect.ValueOf(b)
	for _, k := range part.Keys {
		i := fieldIndex[k]
		if !reflect.DeepEqual(va.Field(i).Interface(), vb.Field(i).Interface()) {
			return true
		}
	}
	return false
}

// merge returns the part made of p and q.
func merge(p, q Part) Part {
	return Part{Name: p.Name + "+" + q.Name, Keys: append(slices.Clone(p.Keys), q.Keys...), Family: p.Family}
}

// Combine returns policy a with the parts of b that set says (set[i]:
// take parts[i] from b).
func Combine(a, b scenarios.Policy, parts []Part, set []bool) scenarios.Policy {
	p := a
	for i, s := range set {
		if s {
			take(&p, b, parts[i])
		}
	}
	return p
}

// Differing returns the parts (from Parts, or Families if families is
// set) in which the resolved entries a and b differ, merging two parts
// when switching one without the other would make an invalid entry (the
// veto's judgement needs a routing other than pooled, priority sla_first
// needs an SLA, learning needs the score gate: scenarios.Policy.Validate
// decides): the merged part is named by both, joined with "+". It returns an error if a or b uses the policy switch, or if
// some combination is still invalid.
func Differing(a, b scenarios.Policy, families bool) ([]Part, error) {
	for _, p := range []scenarios.Policy{a, b} {
		if p.SwitchFrom != "" || p.SwitchAtDays != 0 {
			return nil, fmt.Errorf("policy %q uses the policy switch (switch_from %q, switch_at_days %g): decompose compares policies without one", p.Name, p.SwitchFrom, p.SwitchAtDays)
		}
	}
	all := Parts
	if families {
		all = familyParts()
	}
	var parts []Part
	for _, p := range all {
		if differs(a, b, p) {
			parts = append(parts, p)
		}
	}
	// A part that cannot be switched alone (from A's side or from B's)
	// is merged with the first part that, switched with it, makes a valid
	// entry, until no such part is left.
	for merged := true; merged; {
		merged = false
	pairs:
		for i := range parts {
			for j := range parts {
				if i != j && fixes(a, b, parts[i], parts[j]) {
					lo, hi := min(i, j), max(i, j)
					parts[lo] = merge(parts[lo], parts[hi])
					parts = slices.Delete(parts, hi, hi+1)
					merged = true
					break pairs
				}
			}
		}
	}
	if len(parts) > MaxParts {
		return parts, nil // Plan refuses it, naming the parts
	}
	set := make([]bool, len(parts))
	for mask := 0; mask < 1<<len(parts); mask++ {
		for i := range set {
			set[i] = mask&(1<<i) != 0
		}
		c := Combine(a, b, parts, set)
		if err := c.Validate(); err != nil {
			return nil, fmt.Errorf("policy %q with the parts %s of %q is not a valid policy: %v", a.Name, strings.Join(names(parts, set), ", "), b.Name, err)
		}
	}
	return parts, nil
}

// fixes reports whether part p cannot be switched alone but can with q,
// from a's side (a with p from b) or from b's (b with p from a).
func fixes(a, b scenarios.Policy, p, q Part) bool {
	for _, e := range [][2]scenarios.Policy{{a, b}, {b, a}} {
		alone := Combine(e[0], e[1], []Part{p}, []bool{true})
		both := Combine(e[0], e[1], []Part{p, q}, []bool{true, true})
		if alone.Validate() != nil && both.Validate() == nil {
			return true
		}
	}
	return false
}

func names(parts []Part, set []bool) []string {
	var out []string
	for i, p := range parts {
		if set == nil || set[i] {
			out = append(out, p.Name)
		}
	}
	if len(out) == 0 {
		return []string{"(none)"}
	}
	return out
}
