package crmfit

import (
	"math"
	"sort"

	"funnellab/crm"
)

// ProductShare is one product's share of won deals, at its list price.
type ProductShare struct {
	Product string  `json:"product"`
	Won     int     `json:"won"`
	Share   float64 `json:"share"`
	Price   float64 `json:"price"`
}

// Values are the won deals' values and the distributions fitted to them.
type Values struct {
	From      string    `json:"from"`
	N         int       `json:"n"`         // won deals with an amount above 0
	Missing   int       `json:"missing"`   // won deals without one (no amount, or 0)
	Quantiles []float64 `json:"quantiles"` // 10, 25, 50, 75, 90%
	Mean      float64   `json:"mean"`
	// The lognormal fit: median exp(μ), σ of the log, and its
	// Kolmogorov–Smirnov distance to the amounts.
	Median Interval `json:"median"`
	Sigma  Interval `json:"sigma"`
	KSLog  float64  `json:"ks_lognormal"`
	KSRef  float64  `json:"ks_ref"` // 1.36/sqrt(N): the 5% critical value
	// The product mix with the price list (when the export has both): the
	// KS distance of the deals' list prices to their amounts.
	Products []ProductShare `json:"products,omitempty"`
	KSMix    float64        `json:"ks_product_mix,omitempty"`
	// Chosen is the fit with the smaller KS distance: "product_mix"
	// (a segment per product at its list price) or "lognormal"; when the
	// lognormal is the better but does not pass (KS above KSRef),
	// "empirical": the model still draws lognormal values, and the
	// empirical quantiles are targets.
	Chosen string `json:"chosen"`
}

// EstimateValues fits the won deals' values.
func EstimateValues(d *crm.Dataset) Values {
	v := Values{From: d.Columns["opportunities.amount"]}
	var xs []float64
	var prices []float64
	byProduct := map[string]int{}
	for _, o := range d.Opportunities {
		if o.Outcome != crm.Won {
			continue
		}
		if !(o.Amount > 0) {
			v.Missing++
			continue
		}
		xs = append(xs, o.Amount)
		if d.Prices != nil {
			if p, ok := d.Prices[o.Product]; ok {
				prices = append(prices, p)
				byProduct[o.Product]++
			}
		}
	}
	v.N = len(xs)
	if v.N < 2 {
		v.Chosen = "none"
		return v
	}
	sort.Float64s(xs)
	v.Quantiles = quantiles(xs, []float64{0.1, 0.25, 0.5, 0.75, 0.9})
	var m, s2, mean float64
	for _, x := range xs {
		m += math.Log(x)
		mean += x
	}
	n := float64(len(xs))
	m /= n
	v.Mean = mean / n
	for _, x := range xs {
		s2 += (math.Log(x) - m) * (math.Log(x) - m)
	}
	sd := math.Sqrt(s2 / (n - 1))
	se := sd / math.Sqrt(n)
	v.Median = Interval{math.Exp(m), math.Exp(m - z95*se), math.Exp(m + z95*se)}
	// σ: chi-square interval, normal approximation of the log of sd.
	sl := 1 / math.Sqrt(2*(n-1))
	v.Sigma = Interval{sd, sd * math.Exp(-z95*sl), sd * math.Exp(z95*sl)}
	v.KSRef = 1.36 / math.Sqrt(n)
	for i, x := range xs {
		f := normCDF((math.Log(x) - m) / math.Max(sd, 1e-12))
		v.KSLog = math.Max(v.KSLog, math.Max(math.Abs(float64(i+1)/n-f), math.Abs(float64(i)/n-f)))
	}
	v.Chosen = "empirical"
	if v.KSLog <= v.KSRef {
		v.Chosen = "lognormal"
	}
	if len(prices) == len(xs) {
		v.KSMix = ks2(xs, prices)
		for _, p := range sortedNames(byProduct) {
			v.Products = append(v.Products, ProductShare{Product: p, Won: byProduct[p], Share: float64(byProduct[p]) / n, Price: d.Prices[p]})
		}
		if v.KSMix < v.KSLog {
			v.Chosen = "product_mix"
		}
	}
	return v
}

// ks2 is the two-sample Kolmogorov–Smirnov distance.
func ks2(a, b []float64) float64 {
	x := append([]float64(nil), a...)
	y := append([]float64(nil), b...)
	sort.Float64s(x)
	sort.Float64s(y)
	var i, j int
	var d float64
	for i < len(x) && j < len(y) {
		t := math.Min(x[i], y[j])
		for i < len(x) && x[i] <= t {
			i++
		}
		for j < len(y) && y[j] <= t {
			j++
		}
		d = math.Max(d, math.Abs(float64(i)/float64(len(x))-float64(j)/float64(len(y))))
	}
	return d
}

func sortedNames(m map[string]int) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Slice(out, func(i, j int) bool {
		if m[out[i]] != m[out[j]] {
			return m[out[i]] > m[out[j]]
		}
		return out[i] < out[j]
	})
	return out
}
