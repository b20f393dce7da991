package findings

// Quantities of the SiriusDecisions finding ("about 80% of interested
// prospects buy within 24 months, mostly from someone else") and of the
// comparison of two policies on the same company in
// [waterfall-critique-2012] (docs/sources.md).

import "fmt"

func init() {
	Quantities["bought_elsewhere_share"] = Quantity{
		Doc: "share of the counted prospects that bought (from anyone, by the end) who bought from a competitor: " +
			"leaked_prospects / (marketing_deals_won + leaked_prospects), pooled over the policies (SiriusDecisions' \"mostly from someone else\")",
		Unit: "share", Compute: pairOf("marketing_deals_won", "leaked_prospects", func(won, leaked float64) float64 {
			return ratio(leaked, won+leaked)
		}),
	}
	Quantities["revenue_gain_first_vs_second"] = Quantity{
		Doc: "relative revenue difference of the finding's first policy over its second, paired per replication: " +
			"(revenue[first] − revenue[second]) / revenue[second] ([waterfall-critique-2012]: the same company under two policies)",
		Unit: "share", Compute: firstVsSecond("revenue", func(a, b float64) float64 { return ratio(a-b, b) }),
	}
	Quantities["marketing_revenue_ratio_first_vs_second"] = Quantity{
		Doc:  "marketing_revenue of the finding's first policy over that of its second, paired per replication",
		Unit: "ratio", Compute: firstVsSecond("marketing_revenue", ratio),
	}
}

// firstVsSecond combines metric name of the finding's first and second
// policies (exactly two), in each replication.
func firstVsSecond(name string, f func(a, b float64) float64) func(*Run, []int) ([]float64, error) {
	return func(r *Run, pols []int) ([]float64, error) {
		if len(pols) != 2 {
			return nil, fmt.Errorf("a comparison of two policies needs exactly 2 policies, got %d", len(pols))
		}
		a, err := column(r.Table, pols[0], name)
		if err != nil {
			return nil, err
		}
		b, err := column(r.Table, pols[1], name)
		if err != nil {
			return nil, err
		}
		out := make([]float64, len(a))
		for i := range out {
			out[i] = f(a[i], b[i])
		}
		return out, nil
	}
}
