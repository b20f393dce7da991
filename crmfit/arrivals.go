package crmfit

import (
	"math"
	"sort"
	"strings"
	"time"

	"funnellab/crm"
)

// SourceArrivals are one source's arrivals.
type SourceArrivals struct {
	Source  string   `json:"source"`
	N       int      `json:"n"`
	PerHour Interval `json:"rate_per_hour"`
}

// Arrivals are the records' arrivals: leads if the export has them, else
// opportunities.
type Arrivals struct {
	From    string           `json:"from"` // the columns read: "leads.csv:created_date, leads.csv:origin"
	Start   time.Time        `json:"start"`
	Days    float64          `json:"days"` // the period of arrivals: from the Monday of the first creation's week to the last creation's day, included
	N       int              `json:"n"`
	Sources []SourceArrivals `json:"sources"`
	// Weekday is the share of arrivals on each day, Monday first.
	Weekday [7]float64 `json:"weekday_share"`
	// Month is the arrival rate in each 30.4-day month from the start
	// (the model's seasonality months), over its mean; nil when the
	// period is shorter than a year.
	Month []float64 `json:"month_factor,omitempty"`
	// Weekend is the work done on Saturdays and Sundays, per day, over
	// that of weekdays, read from what reps do (WeekendFrom: opportunities
	// opened when the export has leads, else closes); SevenDay is set
	// when it is at least 0.25: the company works weekends.
	Weekend     float64 `json:"weekend_per_day_ratio"`
	WeekendFrom string  `json:"weekend_from"`
	SevenDay    bool    `json:"seven_day_calendar"`
}

// arrival is one created record.
type arrival struct {
	t      time.Time
	source string
}

func arrivalsOf(d *crm.Dataset) ([]arrival, string) {
	var out []arrival
	table := "opportunities"
	if len(d.Leads) > 0 {
		table = "leads"
		for _, l := range d.Leads {
			out = append(out, arrival{l.Created, l.Source})
		}
	} else {
		for _, o := range d.Opportunities {
			out = append(out, arrival{o.Created, o.Source})
		}
	}
	from := d.Columns[table+".created"]
	if s := d.Columns[table+".source"]; s != "" {
		from += ", " + s
	}
	return out, from
}

// sourceName is a source as a scenario's channel name: lower case, runs
// of other characters than letters, digits, '.', '-' and '_' as one '_'
// ("paid search" → paid_search); no_source when empty.
func sourceName(s string) string {
	var b strings.Builder
	under := false
	for _, r := range strings.ToLower(strings.TrimSpace(s)) {
		ok := r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '.' || r == '-' || r == '_'
		if !ok {
			under = true
			continue
		}
		if under && b.Len() > 0 {
			b.WriteByte('_')
		}
		under = false
		b.WriteRune(r)
	}
	if b.Len() == 0 {
		return "no_source"
	}
	return b.String()
}

// EstimateArrivals estimates the arrivals by source with their profiles.
func EstimateArrivals(d *crm.Dataset) Arrivals {
	as, from := arrivalsOf(d)
	a := Arrivals{From: from, N: len(as)}
	if len(as) == 0 {
		return a
	}
	first, last := as[0].t, as[0].t
	for _, x := range as {
		if x.t.Before(first) {
			first = x.t
		}
		if x.t.After(last) {
			last = x.t
		}
	}
	// The period starts on the Monday of the first record's week: the
	// model's time 0 is a Monday 00:00.
	day := first.Truncate(24 * time.Hour)
	a.Start = day.AddDate(0, 0, -weekday(day))
	a.Days = math.Floor(last.Sub(a.Start).Hours()/24) + 1
	hours := a.Days * 24
	by := map[string]int{}
	for _, x := range as {
		by[sourceName(x.source)]++
		a.Weekday[weekday(x.t)]++
	}
	for i := range a.Weekday {
		a.Weekday[i] /= float64(len(as))
	}
	for s, n := range by {
		a.Sources = append(a.Sources, SourceArrivals{Source: s, N: n, PerHour: poissonRate(n, hours)})
	}
	sort.Slice(a.Sources, func(i, j int) bool {
		if a.Sources[i].N != a.Sources[j].N {
			return a.Sources[i].N > a.Sources[j].N
		}
		return a.Sources[i].Source < a.Sources[j].Source
	})
	if a.Days >= 365 {
		var cnt, exp [12]float64
		const month = 30.4
		for _, x := range as {
			m := int(x.t.Sub(a.Start).Hours()/24/month) % 12
			cnt[m]++
		}
		for day := 0.0; day < a.Days; day++ {
			exp[int(day/month)%12]++
		}
		var sum float64
		rate := make([]float64, 12)
		for m := range rate {
			if exp[m] > 0 {
				rate[m] = cnt[m] / exp[m]
			}
			sum += rate[m]
		}
		if sum > 0 {
			for m := range rate {
				rate[m] *= 12 / sum
			}
			a.Month = rate
		}
	}
	// Weekends: from what reps do. With a leads file, an opportunity's
	// creation is a rep's (a qualified call opens it); without one, the
	// opportunities are the inquiries and their closes are the reps'.
	// Either needs 30 records, else the creations are read.
	var days []time.Time
	if len(d.Leads) > 0 {
		for _, o := range d.Opportunities {
			days = append(days, o.Created)
		}
		a.WeekendFrom = d.Columns["opportunities.created"]
	} else {
		for _, o := range d.Opportunities {
			if o.Outcome.Closed() {
				days = append(days, o.Closed)
			}
		}
		a.WeekendFrom = d.Columns["opportunities.closed"]
	}
	if len(days) < 30 {
		days = days[:0]
		for _, x := range as {
			days = append(days, x.t)
		}
		a.WeekendFrom = from
	}
	var wk, we float64
	for _, t := range days {
		if weekday(t) >= 5 {
			we++
		} else {
			wk++
		}
	}
	if wk > 0 {
		a.Weekend = (we / 2) / (wk / 5)
	}
	a.SevenDay = a.Weekend >= 0.25
	return a
}

// weekday is t's day, Monday 0.
func weekday(t time.Time) int { return (int(t.Weekday()) + 6) % 7 }
