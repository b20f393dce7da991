package funnel

import (
	"testing"

	"funnellab/scenarios"
)

// BenchmarkNurtureOutbound runs the default company (365 days, observed to
// 1095, its objective policy) with issue 13's mechanisms 10 and 11 off and
// on: nurture calls (2 a month, a quarter hour each, advance 0.2, at most
// 3 per lead), outbound prospecting (4 h per rep a week at 0.5 prospects an
// hour, the ordinary channel's mix), and both.
func BenchmarkNurtureOutbound(b *testing.B) {
	for _, tc := range []struct {
		name          string
		calls, hoursW float64
	}{
		{"off", 0, 0},
		{"nurture_calls", 2, 0},
		{"outbound", 0, 4},
		{"both", 2, 4},
	} {
		b.Run(tc.name, func(b *testing.B) {
			s := loadDefault(b, 365, 1095, 1)
			s.Sales.Prospecting.HoursPerWeek, s.Sales.Prospecting.InquiriesPerHour = tc.hoursW, 0.5
			pols := append([]scenarios.Policy(nil), s.Policies...)
			pi := 0
			for i := range pols {
				if pols[i].Name == "objective" {
					pi = i
				}
				pols[i].NurtureCalls = scenarios.NurtureCalls{PerMonth: tc.calls, Hours: 0.25, Advance: 0.2, MaxPerLead: 3}
			}
			s.Policies = pols
			m, err := Compile(s)
			if err != nil {
				b.Fatal(err)
			}
			benchWarm(b, m, pi)
		})
	}
}
