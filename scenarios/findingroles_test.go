package scenarios

import (
	"strings"
	"testing"
)

// A finding's role, derived_from and expectation are checked with errors
// naming the finding and what was expected.
func TestFindingRoles(t *testing.T) {
	base := "extends: reference\nname: t\nfindings:\n  - {id: f, quantity: handoffs, published: 1, compare: within, tolerance: 0.1, "
	cases := []struct{ finding, want string }{
		{"role: fitted}", ""},
		{"role: held_out, expected: reproduced}", ""},
		{"role: derived, derived_from: [g]}", ""},
		{"role: fitted, expected: not_reproduced, expected_reason: no mechanism}", ""},
		{"}", "finding f has no role; expected one of fitted, held_out, derived, bound"},
		{"role: guess}", `finding f: got "guess", expected one of fitted, held_out, derived, bound`},
		{"role: derived}", "finding f is derived but names no finding it follows from"},
		{"role: fitted, derived_from: [g]}", "derived_from is for role derived only"},
		{"role: derived, derived_from: [f]}", "finding f cannot be derived from itself"},
		{"role: bound}", `finding f is a bound but compares "within"; expected at_least or at_most`},
		{"role: fitted, expected: not_reproduced}", "finding f is documented as not reproduced; expected the mechanism the model lacks"},
		{"role: fitted, expected_reason: because}", "expected no expected_reason"},
		{"role: fitted, expected: maybe}", `finding f: got "maybe", expected reproduced (the default) or not_reproduced`},
	}
	for _, c := range cases {
		_, err := Parse("t.yaml", []byte(base+c.finding+"\n"), nil)
		switch {
		case c.want == "" && err != nil:
			t.Errorf("%s: unexpected error %v", c.finding, err)
		case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
			t.Errorf("%s: got error %v, want one containing %q", c.finding, err, c.want)
		}
	}
	bound := strings.Replace(base, "compare: within", "compare: at_least", 1) + "role: bound}\n"
	_, err := Parse("t.yaml", []byte(bound), nil)
	if err != nil {
		t.Errorf("a bound compared at_least: %v", err)
	}
}
