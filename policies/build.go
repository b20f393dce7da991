package policies

import (
	"errors"
	"fmt"

	"funnellab/scenarios"
)

// Entry returns the scenario entry of preset base under a name, as a file
// with only "name" and "base" would give it.
func Entry(name, base string) scenarios.Policy {
	p := scenarios.Presets[base]
	p.Name, p.Base = name, base
	return p
}

// New builds the policy a resolved scenario entry describes (every key
// set: the scenario loader fills the keys a file leaves out from the
// entry's base preset). The score gate reads the MQL threshold in force
// from the Lead (the simulator starts it at scoring.mql_threshold). New
// rejects unknown values and parts that cannot work together, naming the
// policy.
func New(e scenarios.Policy) (Policy, error) {
	p := &process{name: e.Name, base: e.Base, measured: e.MeasuredOn, minLevel: e.MinLevel}
	if _, ok := scenarios.Presets[e.Base]; !ok {
		return nil, fmt.Errorf("policy %q: unknown base %q (expected one of %v)", e.Name, e.Base, scenarios.PresetNames())
	}
	r := &p.rules
	var errs []error
	try := func(err error) {
		if err != nil {
			errs = append(errs, err)
		}
	}
	var err error
	r.Gate, err = enum(e.Name, "gate", e.Gate, map[string]Gate{"inquiry": GateInquiry, "score": GateScore, "objective": GateObjective, "matrix": GateMatrix})
	try(err)
	r.Qualify, err = enum(e.Name, "qualify", e.Qualify, map[string]Qualifier{"rep": ByRep, "cell": ByCell})
	try(err)
	r.StrictBudget, err = enum(e.Name, "budget", e.Budget, map[string]bool{"allocated": true, "after_solutions": false})
	try(err)
	r.Veto, err = enum(e.Name, "veto", e.Veto, map[string]bool{"judgement": true, "none": false})
	try(err)
	r.Routing, err = enum(e.Name, "routing", e.Routing, map[string]Routing{"pooled": Pooled, "round_robin": RoundRobin, "least_loaded": LeastLoaded, "territory": Territory})
	try(err)
	r.Queue, err = enum(e.Name, "queue", e.Queue, map[string]Discipline{"fifo": FIFO, "lifo": LIFO})
	try(err)
	r.Priority, err = enum(e.Name, "priority", e.Priority, map[string]Priority{"own_first": OwnFirst, "leads_first": LeadsFirst, "sla_first": SLAFirst})
	try(err)
	r.OnSetback, err = enum(e.Name, "on_reject", e.OnReject, map[string]Action{"nurture": Nurture, "drop": Dropped})
	try(err)
	if _, err = enum(e.Name, "measured_on", e.MeasuredOn, map[string]bool{"inquiries": true, "mqls": true, "sals": true, "opportunities": true, "revenue": true}); err != nil {
		try(err)
	}
	try(p.buildMatrix(e))
	try(buildCell(e, &r.Cell))
	switch {
	case e.Attempts < 1 || e.Attempts > 100:
		try(fmt.Errorf("policy %q: attempts: got %d, expected 1 to 100", e.Name, e.Attempts))
	case e.SpacingHours < 0 || e.SLAHours < 0 || e.StallDays < 0 || e.CooldownDays < 0:
		try(fmt.Errorf("policy %q: spacing_hours, sla_hours, stall_days and cooldown_days must be >= 0", e.Name))
	case e.SQLMinBANT < 0 || e.SQLMinBANT > 4:
		try(fmt.Errorf("policy %q: sql_min_bant: got %d, expected 0 to 4", e.Name, e.SQLMinBANT))
	case e.MinLevel < 0 || e.MinLevel > 3:
		try(fmt.Errorf("policy %q: min_level: got %g, expected 0 to 3", e.Name, e.MinLevel))
	}
	r.Attempts, r.SpacingHours, r.SLAHours, r.SQLMinBANT = e.Attempts, e.SpacingHours, e.SLAHours, e.SQLMinBANT
	r.StallDays, r.CooldownDays = e.StallDays, e.CooldownDays
	r.Recycle.Separate, r.Recycle.TouchesPerWeek, r.Recycle.Speedup = e.RecycleTrack.Separate, e.RecycleTrack.TouchesPerWeek, e.RecycleTrack.Speedup
	r.ScoreGate = r.Gate == GateScore || r.Gate == GateMatrix
	l := e.Learning
	r.Learning = Learning{Rate: l.Rate, PeriodHours: l.PeriodDays * 24, TargetOffTarget: l.TargetOffTarget,
		StepPoints: l.StepPoints, MaxThreshold: l.MaxThreshold, MinChannelWeight: l.MinChannelWeight}
	if l.Rate < 0 || l.Rate > 1 || !(l.PeriodDays > 0) || l.MinChannelWeight < 0 || l.MinChannelWeight > 1 {
		try(fmt.Errorf("policy %q: learning: rate and min_channel_weight must be in [0,1] and period_days > 0", e.Name))
	}
	try(checkParts(e.Name, r))
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return p, nil
}

// checkParts rejects parts that cannot work together (the scenario
// validation reports the same with the file's line).
func checkParts(name string, r *Rules) error {
	switch {
	case r.Veto && r.Routing == Pooled:
		return fmt.Errorf("policy %q: veto judgement needs a rep to judge: use routing round_robin, least_loaded or territory, not pooled", name)
	case r.Qualify == ByCell && r.Cell.Agents < 1:
		return fmt.Errorf("policy %q: qualify cell needs cell.agents >= 1", name)
	case r.Priority == SLAFirst && r.SLAHours <= 0:
		return fmt.Errorf("policy %q: priority sla_first needs sla_hours > 0", name)
	case r.Learning.Rate > 0 && r.Gate != GateScore:
		return fmt.Errorf("policy %q: learning moves the MQL threshold: it needs gate score", name)
	}
	return nil
}

func (p *process) buildMatrix(e scenarios.Policy) error {
	m := e.Matrix
	p.matrix.interest = m.InterestPoints
	hh := m.HighFitHighSLA
	if hh == 0 {
		hh = e.SLAHours
	}
	p.matrix.act[1][1], p.matrix.sla[1][1] = Hand, hh
	var errs []error
	hl, err := enum(e.Name, "matrix.high_fit_low_interest", m.HighFitLowInterest, map[string]Act{"nurture": Keep, "handoff": Hand})
	errs = append(errs, err)
	p.matrix.act[1][0] = hl // flagged "build interest": no SLA
	lh, err := enum(e.Name, "matrix.low_fit_high_interest", m.LowFitHighInterest, map[string]Act{"handoff": Hand, "nurture": Keep, "drop": Drop})
	errs = append(errs, err)
	p.matrix.act[0][1], p.matrix.sla[0][1] = lh, e.SLAHours
	ll, err := enum(e.Name, "matrix.low_fit_low_interest", m.LowFitLowInterest, map[string]Act{"drop": Drop, "nurture": Keep})
	errs = append(errs, err)
	p.matrix.act[0][0] = ll
	return errors.Join(errs...)
}

func buildCell(e scenarios.Policy, c *Cell) error {
	x := e.Cell
	*c = Cell{Agents: x.Agents, Call: x.CallHours, AttemptHours: x.AttemptHours, Attempts: x.Attempts,
		SpacingHours: x.SpacingHours, CostPerHour: x.CostPerHour, BANTAccuracy: x.BANTAccuracy, MinBANT: x.MinBANT}
	inc, err := enum(e.Name, "cell.incentive", x.Incentive, map[string]int{"quality": 0, "volume": 1})
	if err != nil {
		return err
	}
	c.MinBANT = max(0, x.MinBANT-inc) // paid on volume, the cell hands over one criterion short
	if x.Agents < 0 || x.Attempts < 1 || x.MinBANT < 0 || x.MinBANT > 4 {
		return fmt.Errorf("policy %q: cell: agents >= 0, attempts >= 1 and min_bant in [0,4] expected", e.Name)
	}
	return nil
}
