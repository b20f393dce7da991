package policies

import (
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
// rejects an entry that scenarios.Policy.Validate rejects (unknown values,
// values out of range, parts that cannot work together), naming the
// policy: the parts, their values and their rules are declared once, in
// the scenario schema.
func New(e scenarios.Policy) (Policy, error) {
	if err := e.Validate(); err != nil {
		return nil, fmt.Errorf("policy %q: %w", e.Name, err)
	}
	p := &process{name: e.Name, measured: e.MeasuredOn, minLevel: e.MinLevel}
	r := &p.rules
	r.Gate = part[Gate]("gate", e.Gate)
	r.Qualify = part[Qualifier]("qualify", e.Qualify)
	r.StrictBudget = e.Budget == "allocated"
	r.Veto = e.Veto == "judgement"
	r.Routing = part[Routing]("routing", e.Routing)
	r.Queue = part[Discipline]("queue", e.Queue)
	r.Priority = part[Priority]("priority", e.Priority)
	r.OnSetback = part[Action]("on_reject", e.OnReject)
	p.buildMatrix(e)
	buildCell(e, &r.Cell)
	r.Attempts, r.SpacingHours, r.SLAHours, r.SQLMinBANT = e.Attempts, e.SpacingHours, e.SLAHours, e.SQLMinBANT
	r.StallDays, r.CooldownDays = e.StallDays, e.CooldownDays
	r.Recycle.Separate, r.Recycle.TouchesPerWeek, r.Recycle.Speedup = e.RecycleTrack.Separate, e.RecycleTrack.TouchesPerWeek, e.RecycleTrack.Speedup
	n := e.NurtureCalls
	r.NurtureCalls = NurtureCalls{PerMonth: n.PerMonth, Hours: n.Hours, Advance: n.Advance, MaxPerLead: n.MaxPerLead}
	r.ScoreGate = r.Gate == GateScore || r.Gate == GateMatrix
	l := e.Learning
	r.Learning = Learning{Rate: l.Rate, PeriodHours: l.PeriodDays * 24, TargetOffTarget: l.TargetOffTarget,
		StepPoints: l.StepPoints, MaxThreshold: l.MaxThreshold, MinChannelWeight: l.MinChannelWeight, KPIWeight: l.KPIWeight}
	return p, nil
}

// part returns the constant of an enumerated part's value: its position in
// the values the schema declares (scenarios.PartValues), which is the
// order of the constants. The entry was validated, so the value is known.
func part[T ~uint8](key, value string) T { return T(scenarios.PartIndex(key, value)) }

// name is the schema's name of an enumerated part's constant.
func name[T ~uint8](key string, v T) string { return scenarios.PartValues(key)[v] }

// matrixAct is the act a matrix cell's value names.
func matrixAct(value string) Act {
	switch value {
	case "handoff":
		return Hand
	case "drop":
		return Drop
	}
	return Keep // "nurture"
}

func (p *process) buildMatrix(e scenarios.Policy) {
	m := e.Matrix
	p.matrix.interest = m.InterestPoints
	hh := m.HighFitHighSLA
	if hh == 0 {
		hh = e.SLAHours
	}
	p.matrix.act[1][1], p.matrix.sla[1][1] = Hand, hh
	p.matrix.act[1][0] = matrixAct(m.HighFitLowInterest) // flagged "build interest": no SLA
	p.matrix.act[0][1], p.matrix.sla[0][1] = matrixAct(m.LowFitHighInterest), e.SLAHours
	p.matrix.act[0][0] = matrixAct(m.LowFitLowInterest)
}

func buildCell(e scenarios.Policy, c *Cell) {
	x := e.Cell
	*c = Cell{Agents: x.Agents, AttemptHours: x.AttemptHours, Attempts: x.Attempts,
		SpacingHours: x.SpacingHours, CostPerHour: x.CostPerHour, BANTAccuracy: x.BANTAccuracy}
	volume := scenarios.PartIndex("cell.incentive", x.Incentive) // quality 0, volume 1
	c.MinBANT = max(0, x.MinBANT-volume)                         // paid on volume, the cell hands over one criterion short
}
