package crmfit

import (
	"math"
	"time"

	"funnellab/crm"
)

// Target is one figure funnel calibrate --targets fits: a quantity of the
// model (docs/findings.md, quantities) and its value in the export.
type Target struct {
	Quantity string  `json:"quantity"`
	Value    float64 `json:"value"`
	Low      float64 `json:"ci95_low"`
	High     float64 `json:"ci95_high"`
	From     string  `json:"from"`
}

// Targets is targets.json: the scalar targets calibrate fits, and the
// empirical distributions they summarise.
type Targets struct {
	Source  string   `json:"source"`
	AsOf    string   `json:"as_of"`
	Targets []Target `json:"targets"`
	// Distributions are the durations funnel calibrate --targets fits
	// with a distributional loss (--distance wasserstein or ks).
	Distributions []Distribution `json:"distributions"`
	Empiric       Empirical      `json:"empirical"`
}

// Distribution is the export's days to one outcome, by its quantiles.
type Distribution struct {
	Name string `json:"name"`
	// Outcome is won, lost or no_decision; From says where the days
	// start: "opportunity" (its creation) or "inquiry" (an export without
	// leads, whose opportunities are the inquiries: the simulated days run
	// from the inquiry to its opportunity's close).
	Outcome       string    `json:"outcome"`
	From          string    `json:"from"`
	N             int       `json:"n"`
	Probabilities []float64 `json:"probabilities"`
	Quantiles     []float64 `json:"quantiles"`
	Columns       string    `json:"columns"`
}

// Empirical are the export's distributions: cycle quantiles by outcome,
// value quantiles, conversion by source and volume per rep.
type Empirical struct {
	Probabilities     []float64            `json:"probabilities"`
	CycleDays         map[string][]float64 `json:"cycle_days_quantiles"`
	DealValue         []float64            `json:"deal_value_quantiles"`
	OpenShare         float64              `json:"open_share_at_as_of"`
	WinRateClosed     float64              `json:"win_rate_closed"`
	ConversionBySrc   map[string]float64   `json:"conversion_by_source"`
	VolumePerRep      map[string]int       `json:"volume_per_rep"`
	WinRatePerRep     map[string]float64   `json:"win_rate_per_rep_shrunk"`
	ConversionMeaning string               `json:"conversion_meaning"`
}

// MakeTargets returns targets.json. leadsAsOpps says the export has no
// leads file (its opportunities are the inquiries): the model's
// won_per_inquiry and time_to_revenue_median_days are then the targets,
// not its opportunity figures.
func MakeTargets(e *Estimates, source string, asOf time.Time, leadsAsOpps bool) Targets {
	t := Targets{Source: source, AsOf: asOf.Format(time.DateOnly)}
	add := func(q string, iv Interval, from string) {
		if !math.IsNaN(iv.Est) {
			t.Targets = append(t.Targets, Target{q, iv.Est, iv.Low, iv.High, from})
		}
	}
	c := e.Conversion
	if leadsAsOpps {
		add("won_per_inquiry", c.All.OppToWon, c.From)
		if f, ok := e.Cycles.Get(crm.Won); ok {
			add("time_to_revenue_median_days", Interval{f.Quantiles[2], math.NaN(), math.NaN()}, e.Cycles.From)
		}
	} else {
		if c.All.Closed > c.All.Won {
			add("win_rate_closed", c.All.WinClosed, c.From)
		}
		add("open_opportunities_end_share", c.OpenAtAs, c.From)
		for _, f := range e.Cycles.Outcomes {
			add("cycle_days_"+f.Outcome+"_median", Interval{f.Quantiles[2], math.NaN(), math.NaN()}, e.Cycles.From)
			add("cycle_days_"+f.Outcome+"_p90", Interval{f.Quantiles[4], math.NaN(), math.NaN()}, e.Cycles.From)
		}
	}
	from := "opportunity"
	if leadsAsOpps {
		from = "inquiry"
	}
	for _, f := range e.Cycles.Outcomes {
		t.Distributions = append(t.Distributions, Distribution{Name: "cycle_days_" + f.Outcome, Outcome: f.Outcome, From: from, N: f.N,
			Probabilities: []float64{0.1, 0.25, 0.5, 0.75, 0.9}, Quantiles: f.Quantiles, Columns: e.Cycles.From})
	}
	em := Empirical{Probabilities: []float64{0.1, 0.25, 0.5, 0.75, 0.9}, CycleDays: map[string][]float64{},
		ConversionBySrc: map[string]float64{}, VolumePerRep: map[string]int{}, WinRatePerRep: map[string]float64{}}
	for _, f := range e.Cycles.Outcomes {
		em.CycleDays[f.Outcome] = f.Quantiles
	}
	em.DealValue = e.Values.Quantiles
	em.OpenShare = c.OpenAtAs.Est
	em.WinRateClosed = c.All.WinClosed.Est
	em.ConversionMeaning = "won among opportunities, by source"
	for _, s := range c.Sources {
		v := s.OppToWon.Est
		if s.Leads > 0 {
			v = s.LeadToOpp.Est
			em.ConversionMeaning = "opportunities among leads, by source"
		}
		if !math.IsNaN(v) {
			em.ConversionBySrc[s.Source] = v
		}
	}
	for _, r := range e.Reps.Reps {
		em.VolumePerRep[r.Owner] = r.Opportunities
		if !math.IsNaN(r.Shrunk) {
			em.WinRatePerRep[r.Owner] = r.Shrunk
		}
	}
	t.Empiric = em
	return t
}
