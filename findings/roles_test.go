package findings

import (
	"strings"
	"testing"

	"funnellab/scenarios"
)

// The verdict words, the failure rule and the score by role.
func TestScoreByRole(t *testing.T) {
	rs := []Result{
		{ID: "a", Role: scenarios.RoleFitted, Reproduced: true},
		{ID: "b", Role: scenarios.RoleFitted},
		{ID: "c", Role: scenarios.RoleHeldOut, Reproduced: true},
		{ID: "d", Role: scenarios.RoleHeldOut, Expected: scenarios.ExpectNotReproduced},
		{ID: "e", Role: scenarios.RoleBound, Expected: scenarios.ExpectNotReproduced, Reproduced: true},
		{ID: "f", Role: scenarios.RoleDerived, DerivedFrom: []string{"a"}, Reproduced: true},
	}
	words := map[string]string{"a": "reproduced", "b": "NOT reproduced", "d": "not reproduced (documented)", "e": "reproduced, documented as not"}
	for _, r := range rs {
		if w, ok := words[r.ID]; ok && r.Verdict() != w {
			t.Errorf("%s: verdict %q, want %q", r.ID, r.Verdict(), w)
		}
	}
	fails := map[bool][]string{false: {"b"}, true: {"b", "d"}}
	for strict, want := range fails {
		var got []string
		for _, r := range rs {
			if r.Fails(strict) {
				got = append(got, r.ID)
			}
		}
		if strings.Join(got, ",") != strings.Join(want, ",") {
			t.Errorf("strict %v: failing %v, want %v", strict, got, want)
		}
		if s := ScoreOf(rs, strict); s.Failed != len(want) {
			t.Errorf("strict %v: Failed %d, want %d", strict, s.Failed, len(want))
		}
	}
	want := "reproduced: 4 of 6; held out: 1 of 2; fitted: 1 of 2; derived: 1 of 1; bounds: 1 of 1; " +
		"documented as not reproduced: 1; reproduced though documented as not: 1"
	if got := ScoreOf(rs, false).String(); got != want {
		t.Errorf("score line\n got %s\nwant %s", got, want)
	}
	if got := ScoreOf(nil, false).String(); got != "reproduced: 0 of 0; held out: 0 of 0; fitted: 0 of 0; derived: 0 of 0; bounds: 0 of 0; documented as not reproduced: 0" {
		t.Errorf("empty score line: %s", got)
	}
}

func TestCheckDerivedFrom(t *testing.T) {
	run := map[string][]scenarios.Finding{
		"s1": {{ID: "a", Role: scenarios.RoleFitted}, {ID: "b", Role: scenarios.RoleDerived, DerivedFrom: []string{"a", "z"}}},
		"s2": {{ID: "c", Role: scenarios.RoleDerived, DerivedFrom: []string{"x"}}, {ID: "a"}},
	}
	others := map[string][]scenarios.Finding{"s3": {{ID: "z"}}}
	err := CheckDerivedFrom(run, others)
	if err == nil {
		t.Fatal("no error")
	}
	for _, want := range []string{`s2: finding id "a" is also a finding of s1`, `s2: finding c is derived from "x", which is no finding of the finding scenarios`} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
	if strings.Contains(err.Error(), `"z"`) {
		t.Errorf("z is a finding of another scenario: %v", err)
	}
}

// Every embedded finding scenario's derived findings name findings of the
// embedded finding scenarios, and ids are unique over them.
func TestEmbeddedDerivedFrom(t *testing.T) {
	run := map[string][]scenarios.Finding{}
	for _, name := range scenarios.FindingNames() {
		res, err := scenarios.LoadEmbedded(name, nil)
		if err != nil {
			t.Fatal(err)
		}
		run[name] = res.Scenario.Findings
	}
	if err := CheckDerivedFrom(run, nil); err != nil {
		t.Error(err)
	}
}
