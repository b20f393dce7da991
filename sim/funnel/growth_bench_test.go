package funnel

import (
	"strconv"
	"testing"

	"funnellab/policies"
)

// BenchmarkGrowth measures how the cost grows with the work: the default
// company (one quarter of inquiries, observed a year) at 1, 4, 16 and 64
// times its inquiry rate, with its reps scaled alike ("reps") and with the
// rate alone ("rate": the 12 reps saturate and leads queue), under its
// three policies and the sla preset (routing least_loaded, whose choice of
// rep must not cost a look at every rep: loadindex.go). One op is one
// replication on a fresh Sim; events/prospect is deterministic (it does not
// depend on the machine's load), ns/prospect is the time.
func BenchmarkGrowth(b *testing.B) {
	for _, scaling := range []string{"reps", "rate"} {
		for _, x := range []int{1, 4, 16, 64} {
			s := loadDefault(b, 91, 365, 1)
			for i := range s.Marketing.Channels {
				s.Marketing.Channels[i].RatePerHour *= float64(x)
			}
			if scaling == "reps" {
				s.Sales.Reps *= x
			}
			s.Policies = append(s.Policies, policies.Entry("sla", "sla"))
			m, err := Compile(s)
			if err != nil {
				b.Fatal(err)
			}
			for pi, p := range m.Policies {
				b.Run(p.Name()+"/"+scaling+"/x"+strconv.Itoa(x), func(b *testing.B) {
					prospects, _ := runProspects(b, m, pi)
					b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(prospects), "ns/prospect")
				})
			}
		}
	}
}
