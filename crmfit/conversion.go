package crmfit

import (
	"sort"

	"funnellab/crm"
)

// SourceConversion is one source's conversion: leads to opportunities
// (when the export has leads), and opportunities to won.
type SourceConversion struct {
	Source        string   `json:"source"`
	Leads         int      `json:"leads,omitempty"`
	Opportunities int      `json:"opportunities"`
	Won           int      `json:"won"`
	Closed        int      `json:"closed"`
	LeadToOpp     Interval `json:"lead_to_opportunity"` // NaN without leads
	OppToWon      Interval `json:"opportunity_to_won"`  // won among all opportunities, open ones included
	WinClosed     Interval `json:"win_rate_closed"`     // won among closed
}

// Conversion is the conversion by source, and overall.
type Conversion struct {
	From     string             `json:"from"`
	Sources  []SourceConversion `json:"sources"`
	All      SourceConversion   `json:"all"`
	OpenAtAs Interval           `json:"open_share"` // share of opportunities open at as_of
}

// EstimateConversion estimates conversion by source and the win rate
// among closed opportunities (Wilson intervals).
func EstimateConversion(d *crm.Dataset) Conversion {
	c := Conversion{From: d.Columns["opportunities.outcome"]}
	if s := d.Columns["opportunities.source"]; s != "" {
		c.From += ", " + s
	}
	by := map[string]*SourceConversion{}
	get := func(s string) *SourceConversion {
		s = sourceName(s)
		if by[s] == nil {
			by[s] = &SourceConversion{Source: s}
		}
		return by[s]
	}
	all := SourceConversion{Source: "all"}
	leadSource := map[string]string{}
	for _, l := range d.Leads {
		get(l.Source).Leads++
		all.Leads++
		if l.Opportunity != "" {
			leadSource[l.Opportunity] = l.Source
		}
	}
	open := 0
	for _, o := range d.Opportunities {
		src := o.Source
		if s, ok := leadSource[o.ID]; ok && src == "" {
			src = s
		}
		for _, sc := range []*SourceConversion{get(src), &all} {
			sc.Opportunities++
			if o.Outcome == crm.Won {
				sc.Won++
			}
			if o.Outcome.Closed() {
				sc.Closed++
			}
		}
		if !o.Outcome.Closed() {
			open++
		}
	}
	// Leads converted: counted on the leads (an opportunity's source may
	// be missing).
	conv := map[string]int{}
	for _, l := range d.Leads {
		if l.Converted {
			conv[sourceName(l.Source)]++
			conv["all"]++
		}
	}
	fill := func(sc *SourceConversion) {
		if sc.Leads > 0 {
			sc.LeadToOpp = wilson(conv[sc.Source], sc.Leads)
		} else {
			sc.LeadToOpp = wilson(0, 0)
		}
		sc.OppToWon = wilson(sc.Won, sc.Opportunities)
		sc.WinClosed = wilson(sc.Won, sc.Closed)
	}
	for _, sc := range by {
		fill(sc)
		c.Sources = append(c.Sources, *sc)
	}
	fill(&all)
	c.All = all
	sort.Slice(c.Sources, func(i, j int) bool {
		a, b := c.Sources[i], c.Sources[j]
		if a.Leads+a.Opportunities != b.Leads+b.Opportunities {
			return a.Leads+a.Opportunities > b.Leads+b.Opportunities
		}
		return a.Source < b.Source
	})
	c.OpenAtAs = wilson(open, len(d.Opportunities))
	return c
}
