package crmfit

import (
	"math"
	"sort"
	"time"

	"funnellab/crm"
)

// Stat is one figure of a set of records, as fit.json compares them.
type Stat struct {
	Name  string
	Value float64
}

// Figures are the figures of the records created in one period, read the
// same way from an export and from a simulated company's records.
type Figures struct {
	Stats []Stat
	// Weekly is the number of records created in each week of the period.
	Weekly []float64
	// Cycles are the closed records' days to close, by outcome.
	Cycles map[crm.Outcome][]float64
	// Values are the won deals' amounts (above 0).
	Values []float64
}

// Get returns the figure named name.
func (f *Figures) Get(name string) (float64, bool) {
	for _, s := range f.Stats {
		if s.Name == name {
			return s.Value, true
		}
	}
	return math.NaN(), false
}

// Measure computes the figures of d's records created in [from, to): per
// week, by source (for the sources named), the outcome shares, the
// quantiles of the days to each outcome and of the won deals' values.
// Records of an export with leads are the leads (arrivals, conversion to
// an opportunity) and the opportunities (outcomes); without leads, the
// opportunities are both.
func Measure(d *crm.Dataset, from, to time.Time, sources []string) Figures {
	s := subset(d, from, to)
	f := Figures{Cycles: map[crm.Outcome][]float64{}}
	add := func(name string, v float64) {
		if !math.IsNaN(v) {
			f.Stats = append(f.Stats, Stat{name, v})
		}
	}
	weeks := to.Sub(from).Hours() / (24 * 7)
	f.Weekly = make([]float64, int(math.Ceil(weeks)))
	var created []time.Time
	bySource := map[string]int{}
	convBySource := map[string]int{}
	if len(d.Leads) > 0 {
		for _, l := range s.Leads {
			created = append(created, l.Created)
			bySource[sourceName(l.Source)]++
			if l.Converted {
				convBySource[sourceName(l.Source)]++
			}
		}
	} else {
		for _, o := range s.Opportunities {
			created = append(created, o.Created)
			bySource[sourceName(o.Source)]++
			if o.Outcome == crm.Won {
				convBySource[sourceName(o.Source)]++
			}
		}
	}
	for _, t := range created {
		if w := int(t.Sub(from).Hours() / (24 * 7)); w >= 0 && w < len(f.Weekly) {
			f.Weekly[w]++
		}
	}
	add("arrivals_per_week", float64(len(created))/weeks)
	for _, src := range sources {
		add("arrivals_per_week."+src, float64(bySource[src])/weeks)
	}
	conv := "won_share."
	if len(d.Leads) > 0 {
		conv = "opportunity_share."
	}
	for _, src := range sources {
		if n := bySource[src]; n > 0 {
			add(conv+src, float64(convBySource[src])/float64(n))
		}
	}
	var won, lost, nd, open int
	for _, o := range s.Opportunities {
		switch o.Outcome {
		case crm.Won:
			won++
			if o.Amount > 0 {
				f.Values = append(f.Values, o.Amount)
			}
		case crm.Lost:
			lost++
		case crm.NoDecision:
			nd++
		default:
			open++
		}
		if o.Outcome.Closed() {
			f.Cycles[o.Outcome] = append(f.Cycles[o.Outcome], o.Days(d.AsOf))
		}
	}
	n := len(s.Opportunities)
	if n > 0 {
		if len(d.Leads) > 0 {
			add("opportunities_per_lead", float64(n)/float64(max(1, len(s.Leads))))
		}
		add("won_share", float64(won)/float64(n))
		add("open_share", float64(open)/float64(n))
	}
	if lost+nd > 0 {
		add("win_rate_closed", float64(won)/float64(won+lost+nd))
	}
	for _, k := range []crm.Outcome{crm.Won, crm.Lost, crm.NoDecision} {
		xs := f.Cycles[k]
		if len(xs) < 5 {
			continue
		}
		q := quantiles(xs, []float64{0.25, 0.5, 0.75, 0.9})
		for i, p := range []string{"q25", "q50", "q75", "q90"} {
			add("cycle_days_"+k.String()+"_"+p, q[i])
		}
	}
	if len(f.Values) >= 5 {
		q := quantiles(f.Values, []float64{0.25, 0.5, 0.75})
		for i, p := range []string{"q25", "q50", "q75"} {
			add("deal_value_"+p, q[i])
		}
	}
	return f
}

// QQ returns the quantiles of a and b at the same probabilities (n
// points from 0.05 to 0.95), for a QQ plot.
func QQ(a, b []float64, n int) (qa, qb []float64) {
	if len(a) == 0 || len(b) == 0 {
		return nil, nil
	}
	ps := make([]float64, n)
	for i := range ps {
		ps[i] = 0.05 + 0.9*float64(i)/float64(n-1)
	}
	x := append([]float64(nil), a...)
	y := append([]float64(nil), b...)
	sort.Float64s(x)
	sort.Float64s(y)
	for _, p := range ps {
		qa = append(qa, quantileSorted(x, p))
		qb = append(qb, quantileSorted(y, p))
	}
	return qa, qb
}
