package findings

import (
	"math"
	"testing"

	"funnellab/results"
)

func siriusRun() *Run {
	t := results.NewTable([]string{"objective", "waterfall"}, []string{"marketing_deals_won", "leaked_prospects", "revenue", "marketing_revenue"}, 2)
	set := func(p, m string, v ...float64) {
		for r, x := range v {
			t.Set(r, t.PolicyIndex(p), t.MetricIndex(m), x)
		}
	}
	set("objective", "marketing_deals_won", 30, 0)
	set("objective", "leaked_prospects", 70, 0)
	set("objective", "revenue", 120, 150)
	set("objective", "marketing_revenue", 40, 10)
	set("waterfall", "marketing_deals_won", 10, 0)
	set("waterfall", "leaked_prospects", 90, 0)
	set("waterfall", "revenue", 100, 100)
	set("waterfall", "marketing_revenue", 10, 0)
	return &Run{Table: t}
}

func TestBoughtElsewhereShare(t *testing.T) {
	r := siriusRun()
	q, err := Lookup("bought_elsewhere_share")
	if err != nil {
		t.Fatal(err)
	}
	v, err := q.Compute(r, []int{0})
	if err != nil {
		t.Fatal(err)
	}
	if v[0] != 0.7 || !math.IsNaN(v[1]) {
		t.Errorf("one policy: got %v, want [0.7 NaN]", v)
	}
	v, _ = q.Compute(r, []int{0, 1})
	if v[0] != 0.8 {
		t.Errorf("pooled: got %v, want 0.8 (160 of 200)", v[0])
	}
	s, err := Measure(r, "bought_elsewhere_share", []string{"objective", "waterfall"})
	if err != nil || s.N != 1 || s.Mean != 0.8 {
		t.Errorf("Measure: %+v %v, want the NaN replication left out and mean 0.8", s, err)
	}
}

func TestFirstVsSecond(t *testing.T) {
	r := siriusRun()
	s, err := Measure(r, "revenue_gain_first_vs_second", []string{"objective", "waterfall"})
	if err != nil || s.N != 2 || math.Abs(s.Mean-0.35) > 1e-12 {
		t.Errorf("revenue gain: %+v %v, want mean of 0.2 and 0.5", s, err)
	}
	s, err = Measure(r, "marketing_revenue_ratio_first_vs_second", []string{"objective", "waterfall"})
	if err != nil || s.N != 1 || s.Mean != 4 {
		t.Errorf("marketing revenue ratio: %+v %v, want 4 (the 0/0 replication left out)", s, err)
	}
	if _, err := Measure(r, "revenue_gain_first_vs_second", []string{"objective"}); err == nil {
		t.Error("one policy: want an error")
	}
}
