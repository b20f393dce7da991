package scenarios

import "strconv"

// checkSwitches checks the policy switches (switch_from, switch_at_days):
// a switch names another policy of the scenario, which does not switch
// itself; neither qualifies by cell (the cell's queue and agents do not
// carry over) and both have the same recycle track (the leads on it keep
// their rates).
func (s *Scenario) checkSwitches(errs *Errors) {
	for i, p := range s.Policies {
		key := joinKey(joinKey("policies", strconv.Itoa(i)), "switch_from")
		if p.SwitchFrom == "" {
			if p.SwitchAtDays > 0 {
				add(errs, key, "got none with switch_at_days %s, expected the name of the policy in force before the switch", formatFloat(p.SwitchAtDays))
			}
			continue
		}
		j := -1
		for k, q := range s.Policies {
			if q.Name == p.SwitchFrom {
				j = k
			}
		}
		switch {
		case j < 0:
			add(errs, key, "got %q, expected the name of another policy of the scenario", p.SwitchFrom)
		case j == i:
			add(errs, key, "got %q, the policy itself, expected another policy of the scenario", p.SwitchFrom)
		case s.Policies[j].SwitchFrom != "":
			add(errs, key, "got %q, which switches itself, expected a policy without switch_from", p.SwitchFrom)
		case p.Qualify == "cell" || s.Policies[j].Qualify == "cell":
			add(errs, key, "got %q with qualify: cell on one side, expected qualify: rep on both: the cell's queue does not carry over a switch", p.SwitchFrom)
		case p.RecycleTrack != s.Policies[j].RecycleTrack:
			add(errs, key, "got %q with another recycle_track, expected the same recycle_track on both sides: the leads on it keep their rates", p.SwitchFrom)
		}
	}
}
