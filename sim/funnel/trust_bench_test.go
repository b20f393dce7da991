package funnel

import (
	"testing"

	"funnellab/scenarios"
)

// BenchmarkTrustMechanisms runs the default company (365 days, observed to
// 1095, its waterfall policy: the one with a veto) with the reps' trust and
// credit (issue 13 mechanisms 7 and 9b) off and on: the cost of each when
// on.
func BenchmarkTrustMechanisms(b *testing.B) {
	on := scenarios.Trust{Rate: 0.05, Reference: 0.2, Sensitivity: 1, FirstSampleLeads: 10, LowTrust: 0.1, LowTrustAttempts: 1}
	for _, tc := range []struct {
		name   string
		trust  bool
		credit float64
	}{
		{"off", false, 1},
		{"trust", true, 1},
		{"credit0.5", false, 0.5},
		{"all", true, 0.5},
	} {
		b.Run(tc.name, func(b *testing.B) {
			s := loadDefault(b, 365, 1095, 1)
			if tc.trust {
				s.Sales.Trust = on
			}
			s.Sales.CreditMarketing = tc.credit
			m, err := Compile(s)
			if err != nil {
				b.Fatal(err)
			}
			pi := 0
			for i, p := range m.Policies {
				if p.Name() == "waterfall" {
					pi = i
				}
			}
			benchWarm(b, m, pi)
		})
	}
}
