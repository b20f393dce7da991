package cli

import (
	"context"
	"fmt"
	"math"
	"sort"
	"strings"
	"sync"
	"time"

	"funnellab/calibration"
	"funnellab/crm"
	"funnellab/crmexport"
	"funnellab/crmfit"
	"funnellab/scenarios"
	"funnellab/sim/funnel"
)

// importSetup is what importFit needs besides the records.
type importSetup struct {
	name, source string
	holdout      float64
	behaviour    string // the world segment to take behaviour from ("": the first)
	reps         int
	seed         uint64
	workers      int
}

// fitEntry is one figure of fit.json: observed in the export, simulated
// by the imported scenario (the mean over replications, and the 2.5% and
// 97.5% quantiles of the replications' values), and whether the observed
// value is within them.
type fitEntry struct {
	Name      string  `json:"name"`
	Split     string  `json:"split"`
	Observed  float64 `json:"observed"`
	Simulated float64 `json:"simulated"`
	Low       float64 `json:"ci95_low"`
	High      float64 `json:"ci95_high"`
	Within    bool    `json:"within"`
}

// importWindow is one split's period and figures.
type importWindow struct {
	split    string // fit or holdout
	from, to time.Time
	observed crmfit.Figures
	sim      []crmfit.Figures // per replication
}

// importResult is everything funnel import writes.
type importResult struct {
	setup       importSetup
	data        *crm.Dataset
	est         *crmfit.Estimates
	scenario    []byte
	targets     crmfit.Targets
	windows     []*importWindow
	entries     []fitEntry
	splitAt     time.Time
	leadsAsOpps bool
	start       time.Time
	days        float64
}

// importFit estimates the company from d (the records of the fit split
// only, with a holdout), writes its scenario and simulates it to compare
// with the export, split by split.
func importFit(ctx context.Context, d *crm.Dataset, st importSetup) (*importResult, error) {
	r := &importResult{setup: st, data: d, leadsAsOpps: len(d.Leads) == 0}
	all := crmfit.EstimateArrivals(d)
	r.start, r.days = all.Start, all.Days
	fitData := d
	r.windows = []*importWindow{{split: "fit", from: all.Start, to: all.Start.AddDate(0, 0, int(all.Days))}}
	if st.holdout > 0 {
		r.splitAt = crmfit.SplitDate(all, st.holdout)
		fitData, _ = crmfit.Split(d, r.splitAt)
		if len(fitData.Opportunities) == 0 {
			return nil, usageErr("import: --holdout %g leaves no opportunity created before %s to fit on", st.holdout, r.splitAt.Format(time.DateOnly))
		}
		r.windows = []*importWindow{
			{split: "fit", from: all.Start, to: r.splitAt},
			{split: "holdout", from: r.splitAt, to: all.Start.AddDate(0, 0, int(all.Days))},
		}
	}
	r.est = crmfit.Estimate(fitData)
	if r.est.CyclesErr != "" && len(r.est.Cycles.Outcomes) == 0 {
		return nil, usageErr("import: %s: %s; the scenario needs closed opportunities", d.Columns["opportunities.outcome"], r.est.CyclesErr)
	}
	world, err := scenarios.LoadEmbedded("world", nil)
	if err != nil {
		return nil, err
	}
	if len(world.Scenario.Segments) == 0 {
		return nil, fmt.Errorf("the world has no segment to take behaviour from")
	}
	seg := world.Scenario.Segments[0]
	if st.behaviour != "" {
		var names []string
		found := false
		for _, g := range world.Scenario.Segments {
			names = append(names, g.Name)
			if g.Name == st.behaviour {
				seg, found = g, true
			}
		}
		if !found {
			return nil, usageErr("import: --behaviour: the world has no segment %q; expected one of %s", st.behaviour, strings.Join(names, ", "))
		}
	}
	observe := math.Ceil(d.AsOf.Sub(all.Start).Hours() / 24)
	fitted := ""
	if st.holdout > 0 {
		fitted = fmt.Sprintf("the records created before %s (the first %g%% of the period); the rest is held out (fit.json)",
			r.splitAt.Format(time.DateOnly), 100*(1-st.holdout))
	}
	r.scenario = crmfit.Scenario(r.est, crmfit.ScenarioOptions{Name: st.name, Source: st.source, AsOf: d.AsOf,
		HorizonDays: all.Days, ObserveDays: math.Max(observe, all.Days), World: seg, WorldSegment: seg.Name, Fitted: fitted})
	r.targets = crmfit.MakeTargets(r.est, st.source, d.AsOf, r.leadsAsOpps)
	res, err := scenarios.Parse(st.name+".yaml", r.scenario, []string{fmt.Sprintf("seed=%d", st.seed)})
	if err != nil {
		return nil, fmt.Errorf("the imported scenario does not load; this is a bug in funnel import: %w\n%s", err, r.scenario)
	}
	model, err := funnel.Compile(res.Scenario)
	if err != nil {
		return nil, fmt.Errorf("the imported scenario does not compile; this is a bug in funnel import: %w", err)
	}
	var sources []string
	for _, s := range r.est.Arrivals.Sources {
		sources = append(sources, s.Source)
	}
	for _, w := range r.windows {
		w.observed = crmfit.Measure(d, w.from, w.to, sources)
		w.sim = make([]crmfit.Figures, st.reps)
	}
	if err := r.simulate(ctx, model, sources); err != nil {
		return nil, err
	}
	r.compare()
	return r, nil
}

// simulate records st.reps replications of the scenario's policy and
// measures each split's figures in each: replication i under the same
// seed gives the same records whatever the workers.
func (r *importResult) simulate(ctx context.Context, model *funnel.Model, sources []string) error {
	workers, _ := capWorkers(r.setup.workers, r.setup.reps)
	jobs := make(chan int)
	errs := make([]error, r.setup.reps)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for rep := range jobs {
				rec, err := crmexport.Record(ctx, model, r.setup.name, rep, 0, r.start)
				if err != nil {
					errs[rep] = err
					continue
				}
				sd := rec.Dataset(r.leadsAsOpps)
				for _, win := range r.windows {
					win.sim[rep] = crmfit.Measure(sd, win.from, win.to, sources)
				}
			}
		}()
	}
	for rep := 0; rep < r.setup.reps; rep++ {
		jobs <- rep
	}
	close(jobs)
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// compare fills fit.json's entries: every observed figure of each split
// against the replications' distribution of it.
func (r *importResult) compare() {
	for _, w := range r.windows {
		for _, s := range w.observed.Stats {
			var xs []float64
			for _, f := range w.sim {
				if v, ok := f.Get(s.Name); ok {
					xs = append(xs, v)
				}
			}
			e := fitEntry{Name: s.Name, Split: w.split, Observed: s.Value, Simulated: math.NaN(), Low: math.NaN(), High: math.NaN()}
			if len(xs) > 0 {
				var sum float64
				for _, x := range xs {
					sum += x
				}
				sort.Float64s(xs)
				e.Simulated = sum / float64(len(xs))
				e.Low, e.High = calibration.Percentile(xs, 0.025), calibration.Percentile(xs, 0.975)
				e.Within = s.Value >= e.Low && s.Value <= e.High
			}
			r.entries = append(r.entries, e)
		}
	}
}
