package crmfit

import (
	"bytes"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"funnellab/scenarios"
)

// ScenarioOptions say how Scenario writes the company's scenario.
type ScenarioOptions struct {
	Name   string // the scenario's name
	Source string // what was imported, for the header
	AsOf   time.Time
	// HorizonDays and ObserveDays: inquiries arrive during the first
	// HorizonDays, observed until ObserveDays (the export's as_of).
	HorizonDays, ObserveDays float64
	// World is the world's segment whose behaviour the data cannot tell
	// (the first of the world's segments), WorldSegment its name.
	World        scenarios.Segment
	WorldSegment string
	// Fitted says which records were fitted ("" for all of them).
	Fitted string
}

// clamp keeps an estimate inside the range of its key, and says so.
func clamp(x, lo, hi float64) (float64, string) {
	switch {
	case math.IsNaN(x):
		return lo, " (no estimate: the key's least value)"
	case x < lo:
		return lo, fmt.Sprintf(" (clamped up to the key's least value %s)", num(lo))
	case x > hi:
		return hi, fmt.Sprintf(" (clamped to the key's greatest value %s: too few records to say more)", num(hi))
	}
	return x, ""
}

// num writes a number with 4 significant digits.
func num(x float64) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return "0"
	}
	return strconv.FormatFloat(x, 'g', 4, 64)
}

func ci(iv Interval) string {
	if math.IsNaN(iv.Low) || math.IsNaN(iv.High) {
		return fmt.Sprintf("estimate %s (no interval)", num(iv.Est))
	}
	return fmt.Sprintf("estimate %s (95%% CI %s to %s)", num(iv.Est), num(iv.Low), num(iv.High))
}

// Scenario writes the company's scenario: extends the world, with every
// estimated key commented with its estimate, its interval and the columns
// it came from, and every other key of its segment the world's, said so.
func Scenario(e *Estimates, o ScenarioOptions) []byte {
	var b bytes.Buffer
	w := func(format string, a ...any) { fmt.Fprintf(&b, format, a...) }
	w("# The company of %s, imported by funnel import (docs/import.md).\n", o.Source)
	if o.Fitted != "" {
		w("# Fitted on %s.\n", o.Fitted)
	}
	w("# Every key below is an estimate from the export, with its 95%% interval\n")
	w("# and the columns it came from, or where the data cannot tell (hot\n")
	w("# windows, rep judgement, buyers' journeys before the first record), the\n")
	w("# world's value (extends: world; docs/findings.md, \"The world\"), said so\n")
	w("# key by key. Keys not written are the world's.\n\n")
	w("extends: world\n")
	w("name: %s\n", o.Name)
	w("description: >-\n  The company of %s as its CRM export shows it (as_of %s):\n  %d records fitted, %d sources, %d reps.\n",
		o.Source, o.AsOf.Format(time.DateOnly), e.Arrivals.N, len(e.Arrivals.Sources), e.Reps.Count)
	w("replications: 20\n")
	w("horizon_days: %s            # the export's period of arrivals: %s to %s (%s)\n", num(o.HorizonDays),
		e.Arrivals.Start.Format(time.DateOnly), e.Arrivals.Start.AddDate(0, 0, int(o.HorizonDays)-1).Format(time.DateOnly), e.Arrivals.From)
	w("observe_days: %s            # to the export's date, as_of %s: records open then are open here too\n", num(o.ObserveDays), o.AsOf.Format(time.DateOnly))
	w("warmup_days: 0              # the export starts empty, as the simulation\n\n")
	days := "[mon, tue, wed, thu, fri]"
	if e.Arrivals.SevenDay {
		days = "[mon, tue, wed, thu, fri, sat, sun]"
	}
	w("calendar:\n")
	w("  always_open: false\n")
	w("  working_days: %s   # estimate: weekend work per day is %s of a weekday's (%s); 7 days from 0.25\n\n",
		days, num(e.Arrivals.Weekend), e.Arrivals.WeekendFrom)
	w("marketing:\n  channels:                    # the export's sources (%s)\n", e.Arrivals.From)
	for _, s := range e.Arrivals.Sources {
		w("    - name: %s\n", s.Source)
		w("      rate_per_hour: %s     # %s: %d records in %s days\n", num(s.PerHour.Est), ci(s.PerHour), s.N, num(e.Arrivals.Days))
		if e.Arrivals.Month != nil {
			var fs []string
			for _, m := range e.Arrivals.Month {
				fs = append(fs, num(m))
			}
			w("      seasonality: [%s]   # estimate: every source's arrivals per 30.4-day month over their mean\n", strings.Join(fs, ", "))
		} else {
			w("      seasonality: []      # not estimated: the period is shorter than a year\n")
		}
		w("      inquiry: web_visit     # world: an ordinary channel's mix and first signal (not in the data)\n")
	}
	w("\nsales:\n")
	if e.Reps.Count > 0 {
		w("  reps: %d                    # estimate: the owners of opportunities (%s)\n", e.Reps.Count, e.Reps.From)
		if math.IsNaN(e.Reps.SkillCV.Est) {
			w("  # skill_cv: the world's: the export records no lost opportunity, so no rep's win rate\n")
		} else {
			v, note := clamp(e.Reps.SkillCV.Est, 0, 3)
			w("  skill_cv: %s              # %s%s: the reps' win rates among won and lost, shrunk to the mean (%s)\n", num(v), ci(e.Reps.SkillCV), note, e.Reps.From)
		}
	} else {
		w("  # reps and skill_cv: the world's (the export has no owner column)\n")
	}
	w("  own_load_cv: 0              # world: the data has no record of the reps' own work\n")
	v := e.Values
	if v.Chosen == "product_mix" && len(v.Products) > 0 {
		w("\nsegments:                    # one segment per product: the won deals' mix at the list prices fits the amounts better than a lognormal (KS %s against %s; %s)\n",
			num(v.KSMix), num(v.KSLog), v.From)
		for _, p := range v.Products {
			writeSegment(w, e, o, sourceName(p.Product), num(p.Share)+"               # estimate: "+strconv.Itoa(p.Won)+" of the won deals",
				fmt.Sprintf("{median: %s, sigma: 0}   # the list price of %q (products file)", num(p.Price), p.Product))
		}
	} else {
		w("\nsegments:                    # one segment: the company's deals\n")
		var dv string
		if v.N >= 2 {
			sg, note := clamp(v.Sigma.Est, 0, 5)
			dv = fmt.Sprintf("{median: %s, sigma: %s}   # lognormal, %s, sigma %s%s; KS %s against a 5%% yardstick of %s: %s (%s, %d won deals with an amount)",
				num(v.Median.Est), num(sg), ci(v.Median), ci(v.Sigma), note, num(v.KSLog), num(v.KSRef), fitWord(v.KSLog <= v.KSRef), v.From, v.N)
		} else {
			g := o.World.DealValue
			dv = fmt.Sprintf("{median: %s, sigma: %s}   # world (segments.%s): fewer than 2 won deals with an amount", num(g.Median), num(g.Sigma), o.WorldSegment)
		}
		writeSegment(w, e, o, "company", "1", dv)
	}
	w("\npolicies:\n")
	w("  - name: company\n")
	w("    base: direct               # chosen: every record is worked by sales, as an export of worked records shows\n")
	w("    attempts: 3                # chosen: three tries a day apart (the export has no call log)\n")
	w("    spacing_hours: 24\n")
	w("\nfindings: []                 # the held-out figures are in fit.json and report.html\n")
	w("calibrated: []               # nothing of the world refitted here: see targets.json\n")
	return b.Bytes()
}

func fitWord(ok bool) string {
	if ok {
		return "fits"
	}
	return "does not fit (the model draws lognormal values: the empirical quantiles are targets)"
}

// writeSegment writes one segment: its name, share and deal value, the
// fitted cycles and the world's journey.
func writeSegment(w func(string, ...any), e *Estimates, o ScenarioOptions, name, share, dealValue string) {
	w("  - name: %s\n", name)
	w("    share: %s\n", share)
	w("    deal_value: %s\n", dealValue)
	w("    cycles:                    # time from an opportunity's creation to each outcome, competing risks, open ones censored at as_of (%s)\n", e.Cycles.From)
	for _, k := range []struct{ key, out string }{{"won", "won"}, {"lost", "lost"}, {"no_decision", "no_decision"}} {
		found := false
		for _, f := range e.Cycles.Outcomes {
			if f.Outcome != k.out {
				continue
			}
			found = true
			med, n1 := clamp(f.MedianDays.Est, 0.01, 3650)
			cv, n2 := clamp(f.CV.Est, 0, 10)
			w("      %s: {median_days: %s, cv: %s}   # median %s%s; cv %s%s; %d closed; KS %s (yardstick %s)\n",
				k.key, num(med), num(cv), ci(f.MedianDays), n1, ci(f.CV), n2, f.N, num(f.KS), num(f.KSRef))
		}
		if !found {
			w("      %s: {median_days: 0, cv: 0}   # not in the data: the exponential sales_cycle_days below\n", k.key)
		}
	}
	g := o.World
	ws := "world (segments." + o.WorldSegment + "): not in the data"
	w("    win_rate: %s               # %s; fit it with funnel calibrate --targets targets.json\n", num(g.WinRate), ws)
	w("    early_boost: %s            # %s\n", num(g.EarlyBoost), ws)
	w("    no_decision: %s            # %s\n", num(g.NoDecision), ws)
	w("    sales_cycle_days: %s       # %s\n", num(g.SalesCycleDays), ws)
	w("    no_need_days: %s           # %s (the journey before the first record)\n", num(g.NoNeedDays), ws)
	w("    problem_aware_days: %s     # %s\n", num(g.ProblemAwareDays), ws)
	w("    objective_days: %s         # %s\n", num(g.ObjectiveDays), ws)
	w("    evaluating_days: %s        # %s\n", num(g.EvaluatingDays), ws)
	w("    budget_allocated: %s       # %s\n", num(g.BudgetAllocated), ws)
	w("    budget_after_solutions: %s # %s\n", num(g.BudgetAfterSolutions), ws)
	w("    qualify_in_market: %s      # %s\n", num(g.QualifyInMarket), ws)
}
