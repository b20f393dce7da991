package funnel

import (
	"testing"

	"funnellab/scenarios"
)

// BenchmarkSwitchOn runs the default company (365 days, observed to 1095)
// with issue 13's last mechanisms on: "switch" is its objective policy
// switched from its waterfall at day 180, "churn" the objective policy
// with churn by fit (0.1 high, 0.4 low) in every segment. The metrics of
// closed opportunities are always on; BenchmarkDefault is the neutral
// reference.
func BenchmarkSwitchOn(b *testing.B) {
	for _, tc := range []string{"switch", "churn"} {
		b.Run(tc, func(b *testing.B) {
			s := loadDefault(b, 365, 1095, 1)
			pi := 0
			for i, p := range s.Policies {
				if p.Name == "objective" {
					pi = i
				}
			}
			switch tc {
			case "switch":
				s.Policies[pi].SwitchFrom, s.Policies[pi].SwitchAtDays = "waterfall", 180
			case "churn":
				for i := range s.Segments {
					s.Segments[i].Churn = scenarios.Churn{HighFit: 0.1, LowFit: 0.4}
				}
			}
			m, err := Compile(s)
			if err != nil {
				b.Fatal(err)
			}
			benchWarm(b, m, pi)
		})
	}
}
