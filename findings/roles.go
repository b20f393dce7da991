package findings

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"funnellab/scenarios"
)

// DocumentedNot reports whether the result's finding is documented as not
// reproduced (expected: not_reproduced).
func (r Result) DocumentedNot() bool { return r.Expected == scenarios.ExpectNotReproduced }

// Fails reports whether the result fails a reproduction: a finding
// expected to reproduce that does not; with strict, any finding not
// reproduced.
func (r Result) Fails(strict bool) bool {
	if r.Reproduced {
		return false
	}
	return strict || !r.DocumentedNot()
}

// Verdict is the result's verdict in words: "reproduced", "NOT
// reproduced", "not reproduced (documented)" for a finding documented as
// not reproduced, or "reproduced, documented as not" when such a finding
// does reproduce.
func (r Result) Verdict() string {
	switch {
	case r.Reproduced && r.DocumentedNot():
		return "reproduced, documented as not"
	case r.Reproduced:
		return "reproduced"
	case r.DocumentedNot():
		return "not reproduced (documented)"
	}
	return "NOT reproduced"
}

// RoleCount counts the findings of a role and those reproduced.
type RoleCount struct {
	Role              string
	Total, Reproduced int
}

// Score is a set of results counted by role.
type Score struct {
	Total, Reproduced int
	// ByRole has one entry per role of scenarios.Roles, in that order
	// (with zero counts for a role no finding has).
	ByRole []RoleCount
	// DocumentedNot counts the findings documented as not reproduced
	// that were not; DocumentedButReproduced those that were.
	DocumentedNot, DocumentedButReproduced int
	// Failed counts the results that fail the reproduction (Fails).
	Failed int
}

// ScoreOf counts rs by role; strict is as in Result.Fails.
func ScoreOf(rs []Result, strict bool) Score {
	s := Score{Total: len(rs)}
	for _, role := range scenarios.Roles {
		s.ByRole = append(s.ByRole, RoleCount{Role: role})
	}
	for _, r := range rs {
		if r.Reproduced {
			s.Reproduced++
		}
		if i := slices.Index(scenarios.Roles, r.Role); i >= 0 {
			s.ByRole[i].Total++
			if r.Reproduced {
				s.ByRole[i].Reproduced++
			}
		}
		switch {
		case r.DocumentedNot() && r.Reproduced:
			s.DocumentedButReproduced++
		case r.DocumentedNot():
			s.DocumentedNot++
		}
		if r.Fails(strict) {
			s.Failed++
		}
	}
	return s
}

// roleLabels are the roles as the verdict line names them.
var roleLabels = map[string]string{
	scenarios.RoleFitted:  "fitted",
	scenarios.RoleHeldOut: "held out",
	scenarios.RoleDerived: "derived",
	scenarios.RoleBound:   "bounds",
}

// String is the verdict line: "reproduced: 25 of 27; held out: 1 of 2;
// fitted: 18 of 19; derived: 0 of 0; bounds: 6 of 6; documented as not
// reproduced: 0", with "; reproduced though documented as not: N" when N
// is not 0. Held-out findings come first after the total, then the other
// roles in the order of scenarios.Roles; every role is listed.
func (s Score) String() string {
	parts := []string{fmt.Sprintf("reproduced: %d of %d", s.Reproduced, s.Total)}
	order := []string{scenarios.RoleHeldOut, scenarios.RoleFitted, scenarios.RoleDerived, scenarios.RoleBound}
	for _, role := range order {
		for _, c := range s.ByRole {
			if c.Role == role {
				parts = append(parts, fmt.Sprintf("%s: %d of %d", roleLabels[role], c.Reproduced, c.Total))
			}
		}
	}
	parts = append(parts, fmt.Sprintf("documented as not reproduced: %d", s.DocumentedNot))
	if s.DocumentedButReproduced > 0 {
		parts = append(parts, fmt.Sprintf("reproduced though documented as not: %d", s.DocumentedButReproduced))
	}
	return strings.Join(parts, "; ")
}

// CheckDerivedFrom checks the findings of the scenarios run (keyed by
// scenario name): that no id is given to two of them, and that every id a
// derived finding names is that of a finding run or of one of others (the
// embedded finding scenarios not run, for example). Errors name the
// scenario and the finding.
func CheckDerivedFrom(run, others map[string][]scenarios.Finding) error {
	where := map[string]string{}
	var errs []string
	for _, n := range sortedKeys(run) {
		for _, f := range run[n] {
			if prev, dup := where[f.ID]; dup {
				errs = append(errs, fmt.Sprintf("%s: finding id %q is also a finding of %s; expected ids unique over the finding scenarios", n, f.ID, prev))
				continue
			}
			where[f.ID] = n
		}
	}
	known := map[string]bool{}
	for id := range where {
		known[id] = true
	}
	for _, fs := range others {
		for _, f := range fs {
			known[f.ID] = true
		}
	}
	for _, n := range sortedKeys(run) {
		for _, f := range run[n] {
			for _, d := range f.DerivedFrom {
				if !known[d] {
					errs = append(errs, fmt.Sprintf("%s: finding %s is derived from %q, which is no finding of the finding scenarios", n, f.ID, d))
				}
			}
		}
	}
	if len(errs) > 0 {
		return errors.New(strings.Join(errs, "\n"))
	}
	return nil
}

func sortedKeys(m map[string][]scenarios.Finding) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
