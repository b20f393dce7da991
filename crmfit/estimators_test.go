package crmfit

import (
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"funnellab/crm"
)

// TestAalenJohansenKnownAnswer checks the incidence on a hand-computed
// example: 5 opportunities, won at day 1, censored at 2, lost at 3, won
// at 4, open at 5. The survival S is 4/5 after day 1 (the censored one
// leaves the risk set without changing it); at day 3, 3 are at risk and
// one is lost; at day 4, 2 are at risk and one is won: F_won(1) = 1/5,
// F_lost(3) = (4/5)(1/3), F_won(4) = 1/5 + (4/5)(2/3)(1/2).
func TestAalenJohansenKnownAnswer(t *testing.T) {
	sp := []spell{{1, crm.Won}, {2, crm.Open}, {3, crm.Lost}, {4, crm.Won}, {5, crm.Open}}
	inc := aalenJohansen(sp)
	for _, c := range []struct {
		k    crm.Outcome
		t, f float64
	}{
		{crm.Won, 1, 0.2}, {crm.Lost, 1, 0}, {crm.Lost, 3, 0.8 / 3}, {crm.Won, 3, 0.2},
		{crm.Won, 4, 0.2 + 0.8*2.0/3/2}, {crm.Won, 10, 0.2 + 0.8*2.0/3/2}, {crm.Won, 0.5, 0},
	} {
		if got := inc.At(c.k, c.t); math.Abs(got-c.f) > 1e-12 {
			t.Errorf("F_%v(%g) = %g, want %g", c.k, c.t, got, c.f)
		}
	}
}

// TestValuesChoice: amounts at list prices are read as the product mix,
// lognormal amounts as a lognormal.
func TestValuesChoice(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	d := &crm.Dataset{Prices: map[string]float64{"a": 100, "b": 900}, Columns: map[string]string{}}
	for i := 0; i < 200; i++ {
		p := "a"
		if i%4 == 0 {
			p = "b"
		}
		d.Opportunities = append(d.Opportunities, crm.Opportunity{Outcome: crm.Won, Amount: d.Prices[p], Product: p})
	}
	v := EstimateValues(d)
	if v.Chosen != "product_mix" || len(v.Products) != 2 || v.Products[0].Product != "a" || math.Abs(v.Products[0].Share-0.75) > 1e-12 {
		t.Errorf("list-price amounts: chose %s with %+v, want the product mix, a 75%%", v.Chosen, v.Products)
	}
	d = &crm.Dataset{Columns: map[string]string{}}
	for i := 0; i < 2000; i++ {
		d.Opportunities = append(d.Opportunities, crm.Opportunity{Outcome: crm.Won, Amount: 5000 * math.Exp(0.7*r.NormFloat64())})
	}
	v = EstimateValues(d)
	if v.Chosen != "lognormal" || !v.Median.Contains(5000) || !v.Sigma.Contains(0.7) {
		t.Errorf("lognormal amounts: chose %s, median %+v, sigma %+v; want lognormal containing 5000 and 0.7", v.Chosen, v.Median, v.Sigma)
	}
}

// TestCyclesOnlyWins: an export that records only wins (as Olist's) is
// fitted with a share of outcomes never recorded: known won share 0.3,
// lognormal won times of median 10 days and cv 1, the others open for
// ever, all observed for 400 days.
func TestCyclesOnlyWins(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	start := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	d := &crm.Dataset{AsOf: start.AddDate(0, 0, 400), Columns: map[string]string{}}
	sigma := math.Sqrt(math.Log(2))
	for i := 0; i < 3000; i++ {
		c := start.Add(time.Duration(r.Float64()*200*24) * time.Hour)
		o := crm.Opportunity{Created: c}
		if r.Float64() < 0.3 {
			days := 10 * math.Exp(sigma*r.NormFloat64())
			if cl := c.Add(time.Duration(days * 24 * float64(time.Hour))); cl.Before(d.AsOf) {
				o.Outcome, o.Closed = crm.Won, cl
			}
		}
		d.Opportunities = append(d.Opportunities, o)
	}
	c, err := EstimateCycles(d)
	if err != nil {
		t.Fatal(err)
	}
	f, ok := c.Get(crm.Won)
	if !ok || !c.Unrecorded {
		t.Fatalf("fit %+v, want won with unrecorded outcomes", c)
	}
	if !f.MedianDays.Contains(10) || !f.CV.Contains(1) || !f.Share.Contains(0.3) {
		t.Errorf("won: median %+v, cv %+v, share %+v; want intervals containing 10, 1 and 0.3", f.MedianDays, f.CV, f.Share)
	}
}
