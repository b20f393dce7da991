package scenarios

import (
	"reflect"
	"slices"
	"strconv"
)

// commonPolicy holds the values every preset starts from.
var commonPolicy = Policy{
	Gate:     "inquiry",
	MinLevel: 2,
	Matrix: Matrix{InterestPoints: 20, HighFitHighSLA: 24, HighFitLowInterest: "nurture",
		LowFitHighInterest: "nurture", LowFitLowInterest: "drop"},
	Qualify: "rep", SQLMinBANT: 3, Budget: "after_solutions",
	Cell: Cell{Agents: 0, OpenHour: 9, CloseHour: 17, CallHours: Duration{Dist: "lognormal", Mean: 0.2, CV: 0.5}, AttemptHours: 0.05,
		Attempts: 3, SpacingHours: 2, CostPerHour: 45, BANTAccuracy: 0.85, MinBANT: 3, Incentive: "quality"},
	Veto: "none", Routing: "round_robin", Queue: "fifo", Priority: "own_first",
	LeadHours: LeadHours{OpenHour: 0, CloseHour: 24},
	SLAHours:  0, Attempts: 1, SpacingHours: 4, OnReject: "nurture", CooldownDays: 30, StallDays: 0,
	RecycleTrack: RecycleTrack{Separate: false, TouchesPerWeek: 1, Speedup: 0.2},
	Learning:     Learning{Rate: 0, PeriodDays: 30, TargetOffTarget: 0.2, StepPoints: 50, MaxThreshold: 80, MinChannelWeight: 1, KPIWeight: 0},
	MeasuredOn:   "inquiries",
	NurtureCalls: NurtureCalls{PerMonth: 0, Hours: 0.25, Advance: 0.2, MaxPerLead: 3}, // off: no preset calls nurture leads
}

// preset returns the common values changed by f.
func preset(base string, f func(p *Policy)) Policy {
	p := commonPolicy
	p.Base = base
	f(&p)
	return p
}

// Presets are the named processes of docs/policies.md. A policy entry takes
// its base's value for every key the file does not set.
var Presets = map[string]Policy{
	// Every inquiry to sales at once, one call, dropped if it fails.
	"direct": preset("direct", func(p *Policy) {
		p.Routing, p.OnReject = "pooled", "drop"
	}),
	// MQL score -> rep accepts or rejects (SAL) -> BANT call (SQL).
	"waterfall": preset("waterfall", func(p *Policy) {
		p.Gate, p.Veto, p.Attempts, p.MeasuredOn = "score", "judgement", 2, "mqls"
	}),
	// Hand-off on a hand-raise showing a recognised objective; no veto;
	// leads first within an hour; stalled opportunities back to nurture.
	"objective": preset("objective", func(p *Policy) {
		p.Gate, p.Priority, p.Attempts, p.SLAHours, p.StallDays = "objective", "leads_first", 6, 1, 60
		p.MeasuredOn = "opportunities"
	}),
	// MQLs qualified by a BANT call: all four criteria, budget allocated.
	"bant": preset("bant", func(p *Policy) {
		p.Gate, p.SQLMinBANT, p.Budget, p.Attempts, p.MeasuredOn = "score", 4, "allocated", 3, "opportunities"
		// Leads short of four criteria go to a separate, denser nurture
		// track (the long-term "nurture leads" of [bant-nurture] in docs/sources.md;
		// cadence chosen).
		p.RecycleTrack = RecycleTrack{Separate: true, TouchesPerWeek: 2, Speedup: 0.3}
	}),
	// Fit x interest: high/high handed over with a 24-hour follow-up.
	"matrix": preset("matrix", func(p *Policy) {
		p.Gate, p.Attempts, p.MeasuredOn = "matrix", 3, "sals"
	}),
	// A tele-qualification cell calls MQLs fast and hands over the qualified.
	"telequal": preset("telequal", func(p *Policy) {
		p.Gate, p.Qualify, p.Cell.Agents, p.Attempts, p.MeasuredOn = "score", "cell", 2, 2, "sals"
	}),
	// Every inquiry, with a one-hour speed-to-lead commitment enforced.
	"sla": preset("sla", func(p *Policy) {
		p.Routing, p.Priority, p.SLAHours, p.Attempts, p.SpacingHours, p.OnReject = "least_loaded", "sla_first", 1, 6, 2, "drop"
	}),
	// The waterfall, with marketing learning from the reasons reps give.
	"feedback": preset("feedback", func(p *Policy) {
		p.Gate, p.Veto, p.Attempts, p.MeasuredOn = "score", "judgement", 2, "mqls"
		p.Learning.Rate, p.Learning.MinChannelWeight = 0.5, 0.2
	}),
}

// PresetNames returns the preset names, sorted.
func PresetNames() []string {
	names := make([]string, 0, len(Presets))
	for n := range Presets {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// applyPresets gives every key of a policy entry that the file (or a --set)
// did not set its base's value. Entries the file does not give (inherited
// from an extended scenario, already resolved) are left alone, and so are
// inherited entries the file changes without giving base; an unknown base
// is left to validation.
func (d *decoder) applyPresets(s *Scenario) {
	for i := range s.Policies {
		p := &s.Policies[i]
		pre, ok := Presets[p.Base]
		key := joinKey("policies", strconv.Itoa(i))
		if _, given := d.origins[key]; !ok || !given {
			continue
		}
		if _, rebased := d.origins[joinKey(key, "base")]; d.inheritedEntry[key] && !rebased {
			continue // an inherited entry changed in part keeps the parent's values
		}
		d.fill(reflect.ValueOf(p).Elem(), reflect.ValueOf(pre), key)
	}
}

// fill copies into dst each field of src whose key was not given.
func (d *decoder) fill(dst, src reflect.Value, key string) {
	t := dst.Type()
	for i := 0; i < t.NumField(); i++ {
		name := yamlKey(t.Field(i))
		child := joinKey(key, name)
		if name == "name" || name == "base" {
			continue
		}
		if t.Field(i).Type.Kind() == reflect.Struct && t.Field(i).Type != reflect.TypeOf(Duration{}) {
			d.fill(dst.Field(i), src.Field(i), child)
			continue
		}
		if _, given := d.origins[child]; given || d.given(child) {
			continue
		}
		dst.Field(i).Set(src.Field(i))
	}
}

// given reports whether any key below key was given (a Duration set in
// part keeps its own defaults for the rest: it is taken as a whole).
func (d *decoder) given(key string) bool {
	for k := range d.origins {
		if isUnder(k, key) {
			return true
		}
	}
	return false
}
