package plots

import (
	"math"

	"funnellab/results"
	"funnellab/sim/funnel"
)

// testPolicies are the policies of the fixed test table.
var testPolicies = []string{"waterfall", "objective", "direct"}

// testReps is the number of replications of the fixed test table.
const testReps = 10

// testMeans are the means of the fixed test table by metric and policy,
// close to the default scenario's results (README). Metrics not listed
// are 1.
var testMeans = map[string][3]float64{
	"inquiries":                          {18993, 18993, 18993},
	"handoffs":                           {30180, 12124, 18993},
	"sals":                               {8679, 12124, 18993},
	"rejected":                           {21500, 0, 0},
	"ignored":                            {1064, 157, 0},
	"sqls":                               {902, 3007, 324.7},
	"opportunities":                      {902, 3007, 324.7},
	"deals_won":                          {1679, 2137, 1549},
	"marketing_deals_won":                {204, 668, 96},
	"revenue":                            {58.1e6, 73.5e6, 52.9e6},
	"handoff_waste_share":                {0.7477, 0.01297, 0},
	"leaked_revenue_never_handed":        {23.7e6, 46.2e6, 0},
	"leaked_revenue_rejected":            {168.8e6, 0, 0},
	"leaked_revenue_ignored":             {6.73e6, 4.4e6, 0.448e6},
	"leaked_revenue_too_late":            {18.23e6, 96.1e6, 210.9e6},
	"leaked_revenue_lost_in_competition": {17.24e6, 50.9e6, 4.79e6},
	"leaked_revenue_recycled":            {1.8e6, 22.5e6, 15.68e6},
	"rep_hours_marketing_leads":          {5734, 18170, 4154},
	"rep_hours_wasted":                   {1609, 4936, 2729},
	"marketing_cost":                     {1.5917e6, 1.5908e6, 1.5189e6},
	"off_target_handoff_share":           {0.4823, 0.5325, 0.7146},
	"cost_per_won_deal":                  {9588, 4547, 19480},
}

// testTable returns the fixed test table: every metric of the model for
// testPolicies over testReps replications, deterministic values spread
// around testMeans (shares are not spread, so they stay in [0, 1]).
func testTable() *results.Table {
	t := results.NewTable(testPolicies, funnel.Names(), testReps)
	for m, name := range t.Metrics {
		means, ok := testMeans[name]
		for p := range t.Policies {
			for r := range testReps {
				v := 1.0
				if ok {
					v = means[p]
				}
				if name != "handoff_waste_share" && name != "off_target_handoff_share" {
					v *= 1 + 0.06*math.Sin(1.7*float64(r)+0.9*float64(p)+0.3*float64(m))
				}
				t.Set(r, p, m, v)
			}
		}
	}
	return t
}

// hbrBuckets are the response-delay buckets of the HBR study, the
// engine's (funnel.DelayBuckets; cmd/funnel/cli checks that they agree).
var hbrBuckets = DelayBuckets{5.0 / 60, 0.5, 1, 2, 24}

// testOptions returns engine-fed inputs for the other plots, deterministic.
func testOptions() Options {
	o := Options{DelayBuckets: hbrBuckets}
	for p, name := range testPolicies {
		d := Delays{Policy: name}
		scale := []float64{1.8, 1.0, 18}[p]
		for i := range 300 {
			// A deterministic spread over a few orders of magnitude,
			// about a third of them without delay.
			u := float64(i) / 300
			if u < 0.3 {
				d.Hours = append(d.Hours, 0)
				continue
			}
			d.Hours = append(d.Hours, scale*math.Exp(6*(u-0.65)))
		}
		o.SpeedToLead = append(o.SpeedToLead, d)

		q := DelayRates{Policy: name}
		for k := range len(hbrBuckets) + 1 {
			r := (0.5 - 0.07*float64(k)) / float64(p+1)
			q.Rate = append(q.Rate, r)
			q.Low = append(q.Low, r*0.85)
			q.High = append(q.High, r*1.15)
		}
		if p == 2 {
			q.Rate[0], q.Low[0], q.High[0] = math.NaN(), math.NaN(), math.NaN()
		}
		o.Qualification = append(o.Qualification, q)
	}
	o.OverTime = []TimePlot{{
		Name: "weekly_handoffs", Title: "Hand-offs per week",
		YLabel: "hand-offs per week (count)", Series: weeklySeries(),
	}}
	return o
}

// weeklySeries returns a year of weekly series, one per test policy.
func weeklySeries() []Series {
	var out []Series
	for p, name := range testPolicies {
		s := Series{Policy: name}
		for w := range 52 {
			x := float64(w + 1)
			m := 300 + 150*float64(p) + 60*math.Sin(x/5+float64(p))
			s.X = append(s.X, x)
			s.Mean = append(s.Mean, m)
			s.Low = append(s.Low, m-25)
			s.High = append(s.High, m+25)
		}
		out = append(out, s)
	}
	return out
}
