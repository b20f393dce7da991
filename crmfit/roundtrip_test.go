package crmfit_test

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"funnellab/crm"

	"funnellab/crmexport"
	"funnellab/crmfit"
	"funnellab/scenarios"
	"funnellab/sim/funnel"
)

// knownScenario reads the company with known parameters whose records
// the estimators must recover (testdata/import/known.yaml).
func knownScenario(t *testing.T) *scenarios.Resolved {
	t.Helper()
	res, err := scenarios.LoadFile(filepath.Join("..", "testdata", "import", "known.yaml"), nil)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// exportKnown simulates the known company, writes its CRM export and
// reads it back through its mapping, as funnel run --export crm and
// funnel import do.
func exportKnown(t *testing.T) *crm.Dataset {
	t.Helper()
	res := knownScenario(t)
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
	res := knownScenario(t)
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

// recordKnown simulates the known company with sets applied and returns
// its records as the importer reads them.
func recordKnown(t *testing.T, sets ...string) *crm.Dataset {
	t.Helper()
	res, err := scenarios.LoadFile(filepath.Join("..", "testdata", "import", "known.yaml"), sets)
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
	return r.Dataset(false)
}

// TestRoundTripCalendar: the month profile of seasonal arrivals over two
// years, and a team that works every day, are read back.
func TestRoundTripCalendar(t *testing.T) {
	season := []float64{2, 1.5, 1, 0.5, 0.5, 1, 1, 1, 1, 1, 1, 0.5}
	var list []string
	for _, f := range season {
		list = append(list, strconv.FormatFloat(f, 'g', -1, 64))
	}
	s := "[" + strings.Join(list, ",") + "]"
	d := recordKnown(t, "horizon_days=730", "observe_days=900",
		"marketing.channels.0.seasonality="+s, "marketing.channels.1.seasonality="+s)
	a := crmfit.EstimateArrivals(d)
	if len(a.Month) != 12 {
		t.Fatalf("no month profile from %g days", a.Days)
	}
	var mean float64
	for _, f := range season {
		mean += f / 12
	}
	for m, f := range a.Month {
		if want := season[m] / mean; math.Abs(f-want) > 0.1*want {
			t.Errorf("month %d: factor %.3g, want %.3g ± 10%%", m+1, f, want)
		}
	}
	if a.SevenDay {
		t.Errorf("a Monday-to-Friday team read as working weekends (ratio %.3g)", a.Weekend)
	}
	d = recordKnown(t, "calendar.working_days=[mon,tue,wed,thu,fri,sat,sun]")
	if a := crmfit.EstimateArrivals(d); !a.SevenDay || math.Abs(a.Weekend-1) > 0.25 {
		t.Errorf("a team working every day: seven-day %v, weekend/weekday ratio %.3g (want about 1)", a.SevenDay, a.Weekend)
	}
}
