package crmfit

import (
	"time"

	"funnellab/crm"
)

// Split returns the records of d created before at (fit) and from at on
// (holdout). Both keep d's as_of: the outcomes are those of the export.
func Split(d *crm.Dataset, at time.Time) (fit, holdout *crm.Dataset) {
	fit, holdout = subset(d, time.Time{}, at), subset(d, at, time.Time{})
	return fit, holdout
}

// subset is d's records created in [from, to) (a zero bound is open).
func subset(d *crm.Dataset, from, to time.Time) *crm.Dataset {
	in := func(t time.Time) bool {
		return (from.IsZero() || !t.Before(from)) && (to.IsZero() || t.Before(to))
	}
	s := *d
	s.Leads, s.Opportunities = nil, nil
	for _, l := range d.Leads {
		if in(l.Created) {
			s.Leads = append(s.Leads, l)
		}
	}
	for _, o := range d.Opportunities {
		if in(o.Created) {
			s.Opportunities = append(s.Opportunities, o)
		}
	}
	return &s
}

// SplitDate is the date splitting the period of arrivals at share
// 1−holdout: the start plus (1−holdout) × days, on a day boundary.
func SplitDate(a Arrivals, holdout float64) time.Time {
	days := int((1 - holdout) * a.Days)
	return a.Start.AddDate(0, 0, days)
}
