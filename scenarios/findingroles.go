package scenarios

import (
	"strconv"
	"strings"
)

// The roles of a finding (Finding.Role): what it is to the world.
const (
	RoleFitted  = "fitted"   // a calibration target of the world
	RoleHeldOut = "held_out" // never used in any fit
	RoleDerived = "derived"  // follows from fitted findings by construction
	RoleBound   = "bound"    // a one-sided published statement
)

// Roles are the values of Finding.Role, in the order reports list them.
var Roles = []string{RoleFitted, RoleHeldOut, RoleDerived, RoleBound}

// The values of Finding.Expected; "" reads as ExpectReproduced.
const (
	ExpectReproduced    = "reproduced"
	ExpectNotReproduced = "not_reproduced"
)

// ExpectedNotReproduced reports whether f is documented as not
// reproduced.
func (f Finding) ExpectedNotReproduced() bool { return f.Expected == ExpectNotReproduced }

// checkFindings checks each finding's role and expectation: a role of
// Roles; derived_from non-empty exactly for derived findings (whether its
// ids exist is for funnel reproduce to check: they may name findings of
// other scenarios); a bound compared at_least or at_most; expected empty,
// reproduced or not_reproduced, with expected_reason given exactly when
// not_reproduced.
func (s *Scenario) checkFindings(errs *Errors) {
	ids := make([]string, len(s.Findings))
	for i, f := range s.Findings {
		ids[i] = f.ID
		key := joinKey("findings", strconv.Itoa(i))
		name := f.ID
		if name == "" {
			name = "#" + strconv.Itoa(i)
		}
		switch f.Role {
		case RoleFitted, RoleHeldOut, RoleDerived, RoleBound:
		case "":
			add(errs, joinKey(key, "role"), "finding %s has no role; expected one of %s", name, strings.Join(Roles, ", "))
		default:
			add(errs, joinKey(key, "role"), "finding %s: got %q, expected one of %s", name, shorten(f.Role), strings.Join(Roles, ", "))
		}
		switch {
		case f.Role == RoleDerived && len(f.DerivedFrom) == 0:
			add(errs, joinKey(key, "derived_from"), "finding %s is derived but names no finding it follows from; expected a non-empty list of finding ids", name)
		case f.Role != RoleDerived && len(f.DerivedFrom) > 0:
			add(errs, joinKey(key, "derived_from"), "finding %s: got %d ids, expected none: derived_from is for role derived only (the role is %q)", name, len(f.DerivedFrom), f.Role)
		}
		for j, d := range f.DerivedFrom {
			if d == "" {
				add(errs, joinKey(joinKey(key, "derived_from"), strconv.Itoa(j)), "finding %s: got an empty id, expected a finding id", name)
			} else if d == f.ID {
				add(errs, joinKey(joinKey(key, "derived_from"), strconv.Itoa(j)), "finding %s cannot be derived from itself", name)
			}
		}
		if f.Role == RoleBound && f.Compare != "at_least" && f.Compare != "at_most" {
			add(errs, joinKey(key, "compare"), "finding %s is a bound but compares %q; expected at_least or at_most (a bound is a one-sided published statement)", name, f.Compare)
		}
		switch f.Expected {
		case "", ExpectReproduced:
			if strings.TrimSpace(f.ExpectedReason) != "" {
				add(errs, joinKey(key, "expected_reason"), "finding %s is expected to reproduce; expected no expected_reason (it is for expected: not_reproduced)", name)
			}
		case ExpectNotReproduced:
			if strings.TrimSpace(f.ExpectedReason) == "" {
				add(errs, joinKey(key, "expected_reason"), "finding %s is documented as not reproduced; expected the mechanism the model lacks", name)
			}
		default:
			add(errs, joinKey(key, "expected"), "finding %s: got %q, expected reproduced (the default) or not_reproduced", name, shorten(f.Expected))
		}
	}
	checkUnique(errs, "findings", "id", "finding id", ids)
}
