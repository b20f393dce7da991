package funnel

import (
	"testing"

	"funnellab/policies"
	"funnellab/scenarios"
)

// BenchmarkLearnMechanisms runs the default company (365 days, observed to
// 1095) under the feedback policy (the waterfall with learning) with the
// learning mechanisms of issue 13 off and on: noisy reasons
// (sales.reason_accuracy 0.8) and learning that chases the KPI
// (learning.kpi_weight 1, measured on MQLs or revenue).
func BenchmarkLearnMechanisms(b *testing.B) {
	for _, tc := range []struct {
		name     string
		accuracy float64
		kpi      string
		weight   float64
	}{
		{"neutral", 1, "mqls", 0},
		{"reasons0.8", 0.8, "mqls", 0},
		{"kpi_mqls", 1, "mqls", 1},
		{"kpi_revenue", 1, "revenue", 1},
		{"all", 0.8, "revenue", 0.5},
	} {
		b.Run(tc.name, func(b *testing.B) {
			s := loadDefault(b, 365, 1095, 1)
			fb := policies.Entry("feedback", "feedback")
			fb.MeasuredOn, fb.Learning.KPIWeight = tc.kpi, tc.weight
			s.Policies = []scenarios.Policy{fb}
			s.Sales.ReasonAccuracy = tc.accuracy
			m, err := Compile(s)
			if err != nil {
				b.Fatal(err)
			}
			benchWarm(b, m, 0)
		})
	}
}
