package funnel

import (
	"testing"
)

// BenchmarkRepMechanisms runs the default company (365 days, observed to
// 1095, its objective policy) with the rep mechanisms of issue 13 off and
// on: the cost of each when on.
func BenchmarkRepMechanisms(b *testing.B) {
	for _, tc := range []struct {
		name               string
		hours, skill, load float64
	}{
		{"off", 0, 0, 0},
		{"effort4h", 4, 0, 0},
		{"skill0.5", 0, 0.5, 0},
		{"ownload0.5", 0, 0, 0.5},
		{"all", 4, 0.5, 0.5},
	} {
		b.Run(tc.name, func(b *testing.B) {
			s := loadDefault(b, 365, 1095, 1)
			s.Sales.HoursPerOpenWeek, s.Sales.SkillCV, s.Sales.OwnLoadCV = tc.hours, tc.skill, tc.load
			m, err := Compile(s)
			if err != nil {
				b.Fatal(err)
			}
			pi := 0
			for i, p := range m.Policies {
				if p.Name() == "objective" {
					pi = i
				}
			}
			benchWarm(b, m, pi)
		})
	}
}
