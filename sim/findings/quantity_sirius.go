package findings

// Quantities of the SiriusDecisions finding ("about 80% of interested
// prospects buy within 24 months, mostly from someone else") and of seed
// 000's comparison of two policies on the same company.

import "fmt"

func init() {
	Quantities["bought_elsewhere_share"] = Quantity{
		Doc: "share of the counted prospects that bought (from anyone, by the end) who bought from a competitor: " +
			"leaked_prospects / (marketing_deals_won + leaked_prospects), pooled over the policies (SiriusDecisions' \"mostly from someone else\")",
		Unit: "share", Compute: boughtElsewhere,
	}
	Quantities["revenue_gain_first_vs_second"] = Quantity{
		Doc: "relative revenue difference of the finding's first policy over its second, paired per replication: " +
			"(revenue[first] − revenue[second]) / revenue[second] (seed 000: the same company under two policies)",
		Unit: "share", Compute: gainFirstVsSecond("revenue"),
	}
	Quantities["marketing_revenue_ratio_first_vs_second"] = Quantity{
		Doc:  "marketing_revenue of the finding's first policy over that of its second, paired per replication",
		Unit: "ratio", Compute: ratioFirstVsSecond("marketing_revenue"),
	}
}

func boughtElsewhere(r *Run, pols []int) ([]float64, error) {
	won, err := sumOver(r.Table, pols, "marketing_deals_won")
	if err != nil {
		return nil, err
	}
	leaked, err := sumOver(r.Table, pols, "leaked_prospects")
	if err != nil {
		return nil, err
	}
	out := make([]float64, len(won))
	for i := range out {
		out[i] = ratio(leaked[i], won[i]+leaked[i])
	}
	return out, nil
}

// firstSecond returns metric name of the two policies, per replication.
func firstSecond(r *Run, pols []int, name string) (a, b []float64, err error) {
	if len(pols) != 2 {
		return nil, nil, fmt.Errorf("a comparison of two policies needs exactly 2 policies, got %d", len(pols))
	}
	if a, err = column(r.Table, pols[0], name); err != nil {
		return nil, nil, err
	}
	b, err = column(r.Table, pols[1], name)
	return a, b, err
}

func ratioFirstVsSecond(name string) func(*Run, []int) ([]float64, error) {
	return func(r *Run, pols []int) ([]float64, error) {
		a, b, err := firstSecond(r, pols, name)
		if err != nil {
			return nil, err
		}
		out := make([]float64, len(a))
		for i := range out {
			out[i] = ratio(a[i], b[i])
		}
		return out, nil
	}
}

func gainFirstVsSecond(name string) func(*Run, []int) ([]float64, error) {
	return func(r *Run, pols []int) ([]float64, error) {
		a, b, err := firstSecond(r, pols, name)
		if err != nil {
			return nil, err
		}
		out := make([]float64, len(a))
		for i := range out {
			out[i] = ratio(a[i]-b[i], b[i])
		}
		return out, nil
	}
}
