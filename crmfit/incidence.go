package crmfit

import (
	"sort"

	"funnellab/crm"
)

// Incidence is the Aalen–Johansen cumulative incidence of each outcome at
// the distinct times of closes: F[k][i] is the share of opportunities
// closed with outcome k within T[i] days.
type Incidence struct {
	T []float64
	F map[crm.Outcome][]float64
}

// spell is an opportunity's time: to its close (with its outcome) or, open,
// to as_of (censored, Outcome Open).
type spell struct {
	days float64
	out  crm.Outcome
}

// minDays is the shortest time read: a close on the creation's date is
// read as one hour (the lognormal needs a time above 0).
const minDays = 1.0 / 24

func spells(os []crm.Opportunity, d *crm.Dataset) []spell {
	out := make([]spell, len(os))
	for i := range os {
		t := os[i].Days(d.AsOf)
		if t < minDays {
			t = minDays
		}
		out[i] = spell{t, os[i].Outcome}
	}
	return out
}

// aalenJohansen computes the cumulative incidence of each outcome.
func aalenJohansen(sp []spell) Incidence {
	s := append([]spell(nil), sp...)
	sort.Slice(s, func(i, j int) bool { return s[i].days < s[j].days })
	inc := Incidence{F: map[crm.Outcome][]float64{}}
	outs := []crm.Outcome{crm.Won, crm.Lost, crm.NoDecision}
	cum := map[crm.Outcome]float64{}
	surv := 1.0
	atRisk := len(s)
	for i := 0; i < len(s); {
		j := i
		d := map[crm.Outcome]int{}
		events := 0
		for j < len(s) && s[j].days == s[i].days {
			if s[j].out.Closed() {
				d[s[j].out]++
				events++
			}
			j++
		}
		if events > 0 {
			for _, k := range outs {
				cum[k] += surv * float64(d[k]) / float64(atRisk)
			}
			surv *= 1 - float64(events)/float64(atRisk)
			inc.T = append(inc.T, s[i].days)
			for _, k := range outs {
				inc.F[k] = append(inc.F[k], cum[k])
			}
		}
		atRisk -= j - i
		i = j
	}
	return inc
}

// At returns F_k at t (a step function; 0 before the first close).
func (inc Incidence) At(k crm.Outcome, t float64) float64 {
	i := sort.SearchFloat64s(inc.T, t)
	if i < len(inc.T) && inc.T[i] == t {
		return inc.F[k][i]
	}
	if i == 0 {
		return 0
	}
	return inc.F[k][i-1]
}
