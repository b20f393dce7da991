package findings

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"

	"funnellab/results"
	"funnellab/sim/funnel"
)

// Run is what a quantity is measured on: a run's results table
// (replications.csv) and detail table (detail.csv).
type Run struct {
	Table, Detail *results.Table
}

// Quantity is a measurable figure.
type Quantity struct {
	Doc  string
	Unit string
	// Compute returns the quantity in each replication, pooled over the
	// policies pols (indexes in the tables); NaN where undefined.
	Compute func(r *Run, pols []int) ([]float64, error)
	// Pooled, if set, is used instead of Compute: the quantity is a
	// function (Combine) of counts summed over every replication, as a
	// study pooling all its leads measures it; Parts returns the counts
	// per replication ([part][replication]). Rates of rare events (a
	// handful of reached calls in a delay bucket per replication) are
	// estimated this way without the bias of averaging ratios of small
	// counts; the confidence interval is a bootstrap over replications.
	Pooled *Pooled
}

// Pooled is a quantity computed from counts pooled over replications.
type Pooled struct {
	Parts   func(r *Run, pols []int) ([][]float64, error)
	Combine func(sums []float64) float64
}

// Quantities are the named quantities a finding or a calibration target
// may use. Besides these, every metric name of the model is a quantity:
// its value summed over the policies (for counts) or, for one policy, its
// value.
var Quantities = map[string]Quantity{
	"qual_ratio_1h_vs_2h": {
		Doc:  "qualification rate of first contacts attempted within an hour, over that of first contacts attempted 1–2 hours after the hand-off (from the hand-off, not the inquiry) (HBR 2011's 'an hour later')",
		Unit: "ratio", Pooled: pooledRatio(qualifiedOf, []int{0, 1, 2}, []int{3}),
	},
	"qual_ratio_1h_vs_2h_24h": {
		Doc:  "qualification rate of first contacts within an hour, over that of first contacts 2–24 hours after the hand-off (from the hand-off, not the inquiry); no published figure: the point between HBR 2011's two on its curve",
		Unit: "ratio", Pooled: pooledRatio(qualifiedOf, []int{0, 1, 2}, []int{4}),
	},
	"qual_ratio_1h_vs_24h": {
		Doc:  "qualification rate of first contacts within an hour, over that of first contacts 24 hours or more after the hand-off (from the hand-off, not the inquiry)",
		Unit: "ratio", Pooled: pooledRatio(qualifiedOf, []int{0, 1, 2}, []int{5}),
	},
	"contact_ratio_5m_vs_30m": {
		Doc:  "share of first attempts that reach the prospect when made within 5 minutes, over that of first attempts made 30–60 minutes after the hand-off (from the hand-off, not the inquiry) (MIT/InsideSales 2007)",
		Unit: "ratio", Pooled: pooledRatio(reachedOf, []int{0}, []int{2}),
	},
	"qual_ratio_5m_vs_30m": {
		Doc:  "qualification rate of first contacts within 5 minutes, over that of first contacts 30–60 minutes after the hand-off (from the hand-off, not the inquiry)",
		Unit: "ratio", Pooled: pooledRatio(qualifiedOf, []int{0}, []int{2}),
	},
	"response_within_1h_share": {
		Doc:  "share of hand-offs whose first attempt came within an hour",
		Unit: "share", Compute: responseShare(0, 1),
	},
	"response_1h_24h_share": {
		Doc:  "share of hand-offs whose first attempt came 1–24 hours after",
		Unit: "share", Compute: responseShare(1, 24),
	},
	"response_after_24h_share": {
		Doc:  "share of hand-offs whose first attempt came after 24 hours or more",
		Unit: "share", Compute: responseShare(24, math.Inf(1)),
	},
	"never_responded_share": {
		Doc:  "share of hand-offs never attempted before the end of the observation",
		Unit: "share", Compute: pairOf("handoffs", "contacted", func(h, c float64) float64 { return ratio(h-c, h) }),
	},
	"response_mean_h": {
		Doc:  "mean time from hand-off to first attempt of the hand-offs attempted within 30 days, in hours (HBR 2011's audit)",
		Unit: "hours", Compute: responseMean,
	},
	"followed_up_share": {
		Doc:  "share of inquiries sales attempted at least once (first touches over inquiries; Obermayer's 'sales follows up 25% of inquiries')",
		Unit: "share", Compute: ratioOf("contacted", "inquiries"),
	},
	"valid_share":   {Doc: "share of inquiries with valid contact data", Unit: "share", Compute: ratioOf("valid_inquiries", "inquiries")},
	"mql_per_valid": {Doc: "MQLs over valid inquiries", Unit: "share", Compute: ratioOf("mqls", "valid_inquiries")},
	"sal_per_mql":   {Doc: "SALs over MQLs", Unit: "share", Compute: ratioOf("sals", "mqls")},
	"sql_per_sal":   {Doc: "SQLs over SALs", Unit: "share", Compute: ratioOf("sqls", "sals")},
	"won_per_sql":   {Doc: "marketing deals won over SQLs", Unit: "share", Compute: ratioOf("marketing_deals_won", "sqls")},
	"won_per_inquiry": {
		Doc: "marketing deals won over inquiries", Unit: "share", Compute: ratioOf("marketing_deals_won", "inquiries"),
	},
	"top5_at_least_3_share": {
		Doc:  "share of replications in which 3 or more of the 5 largest deals won came from marketing [vendor-case], for one policy",
		Unit: "share", Compute: top5AtLeast3,
	},
}

// Names lists the quantities: the named ones, then the metrics.
func Names() []string {
	var out []string
	for n := range Quantities {
		out = append(out, n)
	}
	sort.Strings(out)
	return append(out, funnel.Names()...)
}

// Lookup returns the quantity called name: a named quantity, or a metric.
func Lookup(name string) (Quantity, error) {
	if q, ok := Quantities[name]; ok {
		return q, nil
	}
	if slices.Contains(funnel.Names(), name) {
		return Quantity{Doc: "the metric " + name + " (docs/metrics.md)", Compute: metricOf(name)}, nil
	}
	return Quantity{}, fmt.Errorf("unknown quantity %q; quantities: %s", name, strings.Join(Names(), ", "))
}

// column returns the values of metric name for policy p in t.
func column(t *results.Table, p int, name string) ([]float64, error) {
	m := t.MetricIndex(name)
	if m < 0 {
		return nil, fmt.Errorf("no metric %s in the results", name)
	}
	return t.Values[p][m], nil
}

// sumOver sums metric name of t over the policies pols, per replication.
func sumOver(t *results.Table, pols []int, name string) ([]float64, error) {
	out := make([]float64, t.Replications)
	for _, p := range pols {
		v, err := column(t, p, name)
		if err != nil {
			return nil, err
		}
		for r, x := range v {
			out[r] += x
		}
	}
	return out, nil
}

func reachedOf(k int) string   { return funnel.ReachedMetric(k) }
func qualifiedOf(k int) string { return funnel.QualifiedMetric(k) }

// pooledRatio is the rate of num (per first touch) in buckets a over the
// same rate in buckets b, from counts pooled over the policies and the
// replications.
func pooledRatio(num func(int) string, a, b []int) *Pooled {
	parts := func(r *Run, pols []int) ([][]float64, error) {
		out := make([][]float64, 4) // num a, touches a, num b, touches b
		for i := range out {
			out[i] = make([]float64, r.Detail.Replications)
		}
		for side, ks := range [2][]int{a, b} {
			for _, k := range ks {
				for j, name := range []string{num(k), funnel.TouchesMetric(k)} {
					x, err := sumOver(r.Detail, pols, name)
					if err != nil {
						return nil, err
					}
					for i, v := range x {
						out[2*side+j][i] += v
					}
				}
			}
		}
		return out, nil
	}
	return &Pooled{Parts: parts, Combine: func(s []float64) float64 { return ratio(ratio(s[0], s[1]), ratio(s[2], s[3])) }}
}

// responseShare is the share of hand-offs whose first attempt came
// between lo and hi hours after, from the speed-to-lead bins (a bin
// counts where its lower edge is).
func responseShare(lo, hi float64) func(*Run, []int) ([]float64, error) {
	return func(r *Run, pols []int) ([]float64, error) {
		n := make([]float64, r.Detail.Replications)
		for b, e := range funnel.DelayBinEdges {
			if e < lo || e >= hi {
				continue
			}
			x, err := sumOver(r.Detail, pols, funnel.DelayBinMetric(b))
			if err != nil {
				return nil, err
			}
			for i := range n {
				n[i] += x[i]
			}
		}
		h, err := sumOver(r.Table, pols, "handoffs")
		if err != nil {
			return nil, err
		}
		for i := range n {
			n[i] = ratio(n[i], h[i])
		}
		return n, nil
	}
}

// responseMean is the mean delay of first attempts within 30 days, from
// the bins (each at its geometric middle).
func responseMean(r *Run, pols []int) ([]float64, error) {
	sum := make([]float64, r.Detail.Replications)
	n := make([]float64, r.Detail.Replications)
	for b, e := range funnel.DelayBinEdges {
		if e >= 30*24 {
			continue
		}
		x, err := sumOver(r.Detail, pols, funnel.DelayBinMetric(b))
		if err != nil {
			return nil, err
		}
		mid := BinMiddle(b)
		for i := range n {
			n[i] += x[i]
			sum[i] += x[i] * mid
		}
	}
	for i := range sum {
		sum[i] = ratio(sum[i], n[i])
	}
	return sum, nil
}

// BinMiddle is the geometric middle of speed-to-lead bin b, in hours (the
// last, open bin: a sixteenth of a decade above its edge).
func BinMiddle(b int) float64 {
	e := funnel.DelayBinEdges
	switch {
	case b == 0:
		return e[1] / 2
	case b == len(e)-1:
		return e[b] * math.Pow(10, 1.0/16)
	}
	return math.Sqrt(e[b] * e[b+1])
}

// ratioOf is metric a over metric b, each summed over the policies.
func ratioOf(a, b string) func(*Run, []int) ([]float64, error) { return pairOf(a, b, ratio) }

// pairOf combines metrics a and b, each summed over the policies, in each
// replication.
func pairOf(a, b string, f func(x, y float64) float64) func(*Run, []int) ([]float64, error) {
	return func(r *Run, pols []int) ([]float64, error) {
		x, err := sumOver(r.Table, pols, a)
		if err != nil {
			return nil, err
		}
		y, err := sumOver(r.Table, pols, b)
		if err != nil {
			return nil, err
		}
		for i := range x {
			x[i] = f(x[i], y[i])
		}
		return x, nil
	}
}

// metricOf is a metric of one policy, or summed over several (a count);
// shares and medians of several policies are not summed: error.
func metricOf(name string) func(*Run, []int) ([]float64, error) {
	return func(r *Run, pols []int) ([]float64, error) {
		if len(pols) == 1 {
			v, err := column(r.Table, pols[0], name)
			return slices.Clone(v), err
		}
		if strings.HasSuffix(name, "_share") || strings.Contains(name, "median") || strings.Contains(name, "mean") ||
			strings.HasSuffix(name, "_utilization") || name == "cost_per_won_deal" || name == "mql_threshold_end" {
			return nil, fmt.Errorf("the metric %s of several policies is not a sum: name one policy", name)
		}
		return sumOver(r.Table, pols, name)
	}
}

func top5AtLeast3(r *Run, pols []int) ([]float64, error) {
	if len(pols) != 1 {
		return nil, fmt.Errorf("top5_at_least_3_share is measured for one policy, got %d", len(pols))
	}
	v, err := column(r.Table, pols[0], "top5_deals_from_marketing")
	if err != nil {
		return nil, err
	}
	out := make([]float64, len(v))
	for i, x := range v {
		if x >= 3 {
			out[i] = 1
		}
	}
	return out, nil
}

func ratio(a, b float64) float64 {
	if b == 0 {
		return math.NaN()
	}
	return a / b
}

// The MIT/InsideSales curves: the contact and qualification rates of first
// attempts within 5 minutes over those of every later delay bucket. Only
// 30–60 minutes (contact_ratio_5m_vs_30m, qual_ratio_5m_vs_30m) has a
// published figure; the others are the points of the study's curve around
// it, drawn without a band.
func init() {
	later := []struct {
		suffix, words string
		bucket        int
	}{
		{"5_30m", "5–30 minutes", 1}, {"1h_2h", "1–2 hours", 3}, {"2h_24h", "2–24 hours", 4}, {"24h", "24 hours or more", 5},
	}
	for _, b := range later {
		Quantities["contact_ratio_5m_vs_"+b.suffix] = Quantity{
			Doc:  "share of first attempts that reach the prospect when made within 5 minutes, over that of first attempts made " + b.words + " after the hand-off; no published figure: a point of MIT/InsideSales 2007's curve",
			Unit: "ratio", Pooled: pooledRatio(reachedOf, []int{0}, []int{b.bucket}),
		}
		Quantities["qual_ratio_5m_vs_"+b.suffix] = Quantity{
			Doc:  "qualification rate of first contacts within 5 minutes, over that of first contacts " + b.words + " after the hand-off; no published figure: a point of MIT/InsideSales 2007's curve",
			Unit: "ratio", Pooled: pooledRatio(qualifiedOf, []int{0}, []int{b.bucket}),
		}
	}
}
