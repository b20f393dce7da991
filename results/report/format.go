package report

import (
	"fmt"
	"math"
	"strings"

	"funnellab/results"
)

// The table conventions below are those of the terminal table of funnel run
// (cmd/funnel/cli/table.go), so that a number reads the same in both.

// formatCI formats mean ± half so that the half-width shows two
// significant digits and the mean the same decimals; large magnitudes are
// scaled to k, M or G. The terminal table (funnel run) uses it too.
func FormatCI(mean, half float64) string {
	if math.IsNaN(mean) {
		return "n/a"
	}
	scale, suffix := scaleOf(mean)
	m, h := mean/scale, half/scale
	if math.IsNaN(h) || math.IsInf(h, 0) {
		return fmt.Sprintf("%.4g%s", m, suffix)
	}
	if h == 0 {
		return fmt.Sprintf("%.6g%s ± 0", m, suffix)
	}
	dec := max(0, 1-int(math.Floor(math.Log10(h))))
	dec = min(dec, 12)
	return fmt.Sprintf("%.*f%s ± %.*f%s", dec, m, suffix, dec, h, suffix)
}

// scaleOf returns the divisor and suffix for a magnitude: G from 1e9, M
// from 1e6, k from 1e4.
func scaleOf(x float64) (float64, string) {
	switch a := math.Abs(x); {
	case a >= 1e9:
		return 1e9, "G"
	case a >= 1e6:
		return 1e6, "M"
	case a >= 1e4:
		return 1e3, "k"
	}
	return 1, ""
}

// Kinds of difference cells, benchstat-style.
const (
	diffNA          = "n/a" // undefined: a metric undefined in some replication
	diffIdentical   = "="   // the same value in every replication
	diffInsignif    = "~"   // the 95% CI includes zero
	diffSignificant = ""    // printed in full
)

// diffKind classifies a paired difference as the terminal table does.
func diffKind(d results.Diff) string {
	switch {
	case math.IsNaN(d.MeanDiff):
		return diffNA
	case d.MeanDiff == 0 && d.CI95Low == 0 && d.CI95High == 0:
		return diffIdentical
	case !d.Significant():
		return diffInsignif
	}
	return diffSignificant
}

// formatDiffFull formats a difference as mean ± half-width with a sign,
// and the relative difference in percent when defined: "+15.4M ± 1.2M
// (+26.5%)".
func formatDiffFull(d results.Diff) string {
	if math.IsNaN(d.MeanDiff) {
		return "n/a"
	}
	s := FormatCI(d.MeanDiff, (d.CI95High-d.CI95Low)/2)
	if !strings.HasPrefix(s, "-") {
		s = "+" + s
	}
	if finite(d.RelDiff) {
		s += fmt.Sprintf(" (%+.1f%%)", 100*d.RelDiff)
	}
	return s
}

// FormatDiff formats a difference cell as the terminal table and the
// report show it: "n/a", "=" (identical in every replication), "~" (the
// 95% CI includes zero), or the full difference.
func FormatDiff(d results.Diff) string {
	if k := diffKind(d); k != diffSignificant {
		return k
	}
	return formatDiffFull(d)
}

// formatShareCI formats a share and its half-width as percentages with
// the decimals of FormatCI: 0.7465 ± 0.0014 is "74.65% ± 0.14%".
func formatShareCI(mean, half float64) string {
	if math.IsNaN(mean) {
		return "n/a"
	}
	s := FormatCI(100*mean, 100*half)
	if i := strings.Index(s, " ± "); i >= 0 {
		return s[:i] + "% ± " + s[i+len(" ± "):] + "%"
	}
	return s + "%"
}

// formatShareDiff formats a difference of shares in percentage points,
// and relative to the baseline in percent: "−73.35 ± 0.17 pts (−98.3%)".
func formatShareDiff(d results.Diff) string {
	if math.IsNaN(d.MeanDiff) {
		return "n/a"
	}
	s := FormatCI(100*d.MeanDiff, 50*(d.CI95High-d.CI95Low)) + " pts"
	if !strings.HasPrefix(s, "-") {
		s = "+" + s
	}
	if finite(d.RelDiff) {
		s += fmt.Sprintf(" (%+.1f%%)", 100*d.RelDiff)
	}
	return s
}

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

// minus is the typographic minus sign of the verdict.
const minus = "\u2212"

// pct formats a fraction as an unsigned percentage of its magnitude: 0.265
// and -0.265 are both "26.5%". Small values keep two significant digits.
func pct(x float64) string {
	a := math.Abs(100 * x)
	if a != 0 && a < 0.1 {
		return fmt.Sprintf("%.2g%%", a)
	}
	return fmt.Sprintf("%.1f%%", a)
}

// signedPct formats a fraction as a signed percentage: "+2.0%", "−1.2%".
func signedPct(x float64) string {
	if x < 0 {
		return minus + pct(x)
	}
	return "+" + pct(x)
}

// amounts formats values with the scale of the first one and three
// significant digits for it, e.g. "58.1M", "57.2M", "59.0M"; signed adds a
// sign to every value. Magnitudes are printed, with a minus sign for
// negative values unless unsigned.
func amounts(signed, unsigned bool, xs ...float64) []string {
	scale, suffix := scaleOf(xs[0])
	dec := 2
	if m := math.Abs(xs[0] / scale); m > 0 {
		dec = max(0, 2-int(math.Floor(math.Log10(m))))
	}
	out := make([]string, len(xs))
	for i, x := range xs {
		v := x / scale
		s := fmt.Sprintf("%.*f%s", dec, math.Abs(v), suffix)
		switch {
		case unsigned:
		case v < 0:
			s = minus + s
		case signed:
			s = "+" + s
		}
		out[i] = s
	}
	return out
}
