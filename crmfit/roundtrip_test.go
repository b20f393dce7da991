package crmfit_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"funnellab/crm"

	"funnellab/crmexport"
	"funnellab/crmfit"
	"funnellab/scenarios"
	"funnellab/sim/funnel"
)

// knownScenario is a company with known parameters whose records the
// estimators must recover: buyers who are evaluating when they inquire
// and decide within a day (so that an opportunity's time to close is its
// outcome's cycle, not the journey's), and interest that stays hot (so
// that many inquiries become opportunities).
const knownScenario = `
extends: world
name: known
replications: 1
horizon_days: 364
observe_days: 728
marketing:
  channels:
    - {name: web, rate_per_hour: 0.6, inquiry: hand_raise, kinds: {genuine: 0.9, competitor: 0, student: 0, bad_data: 0.1}, stages: {no_need: 0, problem_aware: 0, objective: 0, evaluating: 1}}
    - {name: events, rate_per_hour: 0.2, inquiry: hand_raise, kinds: {genuine: 0.9, competitor: 0, student: 0, bad_data: 0.1}, stages: {no_need: 0, problem_aware: 0, objective: 0, evaluating: 1}}
response:
  hot_window_hours: {dist: exponential, mean: 2000, cv: 1}
sales:
  reps: 20
  skill_cv: 0.5
  own_pipeline: {tasks_per_week: 0}
segments:
  - name: known
    share: 1
    deal_value: {median: 10000, sigma: 0.6}
    win_rate: 0.35
    early_boost: 1.5
    no_decision: 0.3
    sales_cycle_days: 30
    no_need_days: 60
    problem_aware_days: 60
    objective_days: 20
    evaluating_days: 1
    budget_allocated: 0.25
    budget_after_solutions: 0.55
    cycles:
      won: {median_days: 20, cv: 0.8}
      lost: {median_days: 40, cv: 1.0}
      no_decision: {median_days: 60, cv: 0.5}
policies:
  - {name: sales, base: direct, attempts: 3, spacing_hours: 24}
`

// exportKnown simulates the known company, writes its CRM export and
// reads it back through its mapping, as funnel run --export crm and
// funnel import do.
func exportKnown(t *testing.T) *crm.Dataset {
	t.Helper()
	res, err := scenarios.Parse("known.yaml", []byte(knownScenario), nil)
	if err != nil {
		t.Fatal(err)
	}
	m, err := funnel.Compile(res.Scenario)
	if err != nil {
		t.Fatal(err)
	}
	r, err := crmexport.Record(context.Background(), m, "known", 0, 0, time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	files, err := r.Files()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for name, b := range files {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	mp, err := crm.LoadMapping(filepath.Join(dir, "crm.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	d, err := crm.Load(mp, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Bad) != 0 {
		t.Fatalf("the simulated export has bad rows: %+v", d.Bad)
	}
	if len(d.Leads) != len(r.Leads) || len(d.Opportunities) != len(r.Opps) {
		t.Fatalf("read back %d leads and %d opportunities, wrote %d and %d", len(d.Leads), len(d.Opportunities), len(r.Leads), len(r.Opps))
	}
	return d
}

// TestRoundTrip is the core test of funnel import: simulate a company with
// known parameters, export its CRM, import it, and recover every
// parameter within its 95% interval.
func TestRoundTrip(t *testing.T) {
	d := exportKnown(t)
	e := crmfit.Estimate(d)
	within := func(name string, iv crmfit.Interval, truth float64) {
		t.Helper()
		if !iv.Contains(truth) {
			t.Errorf("%s: estimate %.4g, 95%% interval [%.4g, %.4g] misses the true %g", name, iv.Est, iv.Low, iv.High, truth)
		}
		if !(iv.High-iv.Low < truth) {
			t.Errorf("%s: the interval [%.4g, %.4g] is wider than the value %g: too wide to test anything", name, iv.Low, iv.High, truth)
		}
	}
	rates := map[string]float64{"web": 0.6, "events": 0.2}
	if len(e.Arrivals.Sources) != 2 {
		t.Fatalf("sources %+v, want web and events", e.Arrivals.Sources)
	}
	for _, s := range e.Arrivals.Sources {
		within("rate_per_hour of "+s.Source, s.PerHour, rates[s.Source])
	}
	truth := map[crm.Outcome][2]float64{crm.Won: {20, 0.8}, crm.Lost: {40, 1.0}, crm.NoDecision: {60, 0.5}}
	if e.CyclesErr != "" {
		t.Fatal(e.CyclesErr)
	}
	for k, v := range truth {
		f, ok := e.Cycles.Get(k)
		if !ok {
			t.Fatalf("no %s cycle fitted", k)
		}
		within("cycles."+k.String()+".median_days", f.MedianDays, v[0])
		within("cycles."+k.String()+".cv", f.CV, v[1])
		if f.KS > f.KSRef {
			t.Errorf("cycles.%s: KS %.3g above its 5%% yardstick %.3g on the model's own records", k, f.KS, f.KSRef)
		}
	}
	within("deal_value.median", e.Values.Median, 10000)
	within("deal_value.sigma", e.Values.Sigma, 0.6)
	if e.Values.Chosen != "lognormal" {
		t.Errorf("deal values: chose %s for lognormal deals (KS %.3g, yardstick %.3g)", e.Values.Chosen, e.Values.KSLog, e.Values.KSRef)
	}
	if e.Reps.Count != 20 {
		t.Errorf("reps: %d, want 20", e.Reps.Count)
	}
	if e.Arrivals.SevenDay {
		t.Errorf("a Monday-to-Friday company read as working weekends (weekend/weekday ratio %.3g)", e.Arrivals.Weekend)
	}
}

// TestRoundTripSkill checks the reps' skill spread over several
// replications: one company's 20 reps draw their skills once, so a single
// export can miss; over 8 the estimates must centre on the true
// skill_cv 0.5 and most intervals contain it.
func TestRoundTripSkill(t *testing.T) {
	res, err := scenarios.Parse("known.yaml", []byte(knownScenario), nil)
	if err != nil {
		t.Fatal(err)
	}
	m, err := funnel.Compile(res.Scenario)
	if err != nil {
		t.Fatal(err)
	}
	var sum float64
	covered := 0
	const n = 8
	for rep := 0; rep < n; rep++ {
		r, err := crmexport.Record(context.Background(), m, "known", rep, 0, time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC))
		if err != nil {
			t.Fatal(err)
		}
		s := crmfit.Estimate(r.Dataset(false)).Reps.SkillCV
		sum += s.Est
		if s.Contains(0.5) {
			covered++
		}
	}
	if mean := sum / n; mean < 0.4 || mean > 0.6 {
		t.Errorf("skill_cv: mean estimate %.3g over %d exports, want 0.5 ± 0.1", mean, n)
	}
	if covered < 6 {
		t.Errorf("skill_cv: %d of %d intervals contain the true 0.5, want at least 6", covered, n)
	}
}
