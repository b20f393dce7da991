package report

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"funnellab/results"
)

// The metrics the trade-offs speak of, in the order of their sentence.
const (
	costPerWonDeal = "cost_per_won_deal"
	repHours       = "rep_hours_marketing_leads"
	repUtilization = "rep_utilization"
	leakedRevenue  = "leaked_revenue"
	slaBreaches    = "sla_breaches"
	handoffs       = "handoffs"
)

// TradeOffs states, in a sentence or two a reader can say aloud, what p
// costs against base beside revenue: cost per won deal, rep hours on
// marketing leads, rep utilisation, leakage to competitors (each with the
// 95% CI of its paired difference), and the share of hand-offs on which
// each policy with a speed-to-lead SLA kept it. A metric missing from r,
// or undefined, is left out; a policy with no SLA is said to have none,
// and sla_breaches is not compared with it. It returns "" when there is
// nothing to say or p is base. docs/report.md describes the sentence.
func TradeOffs(r *results.Report, p, base string) string {
	if r == nil || p == base || p == "" || base == "" {
		return ""
	}
	var parts []string
	for _, m := range []string{costPerWonDeal, repHours, repUtilization, leakedRevenue} {
		if !slices.Contains(r.MetricOrder, m) {
			continue
		}
		if s := tradeOff(r, m, p, base); s != "" {
			parts = append(parts, s)
		}
	}
	var out []string
	if len(parts) > 0 {
		out = append(out, fmt.Sprintf("Against %s, %s %s.", base, p, joinAnd(parts)))
	}
	if s := slaSentence(r, p, base); s != "" {
		out = append(out, s)
	}
	return strings.Join(out, " ")
}

// joinAnd joins phrases as "a, b and c".
func joinAnd(parts []string) string {
	if len(parts) == 1 {
		return parts[0]
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
}

// tradeOffWords are, for each metric of the trade-offs but utilisation,
// its verb, what it measures after an amount, and its name alone.
var tradeOffWords = map[string][3]string{
	costPerWonDeal: {"costs", "per won deal", "cost per won deal"},
	repHours:       {"needs", "rep hours on marketing leads", "rep hours on marketing leads"},
	leakedRevenue:  {"leaks", "revenue to competitors", "leaked revenue"},
}

// tradeOff is the phrase of one metric of p against base, "" if the
// difference is undefined or has no meaningful relative size.
func tradeOff(r *results.Report, metric, p, base string) string {
	d := diffVs(r, metric, p, base)
	bm := r.Summary(base, metric).Mean
	if metric == repUtilization {
		return utilisationPhrase(d, bm, r.Summary(p, metric).Mean)
	}
	w := tradeOffWords[metric]
	switch diffKind(d) {
	case diffNA:
		return ""
	case diffIdentical:
		return "has the same " + w[2]
	}
	if !(finite(bm) && bm > 0) {
		return ""
	}
	rel := func(x float64) float64 { return x / bm }
	hasCI := finite(d.CI95Low) && finite(d.CI95High)
	if hasCI && !d.Significant() {
		return fmt.Sprintf("shows no significant change in %s (95%% CI %s to %s)",
			w[2], signedPct(rel(d.CI95Low)), signedPct(rel(d.CI95High)))
	}
	near, far := d.CI95Low, d.CI95High // by magnitude
	if d.MeanDiff < 0 {
		near, far = d.CI95High, d.CI95Low
	}
	var phrase, ci string
	switch ratio := 1 + rel(d.MeanDiff); {
	case ratio >= 2:
		phrase = fmt.Sprintf("%s %.1f times the %s", w[0], ratio, w[1])
		if hasCI {
			ci = fmt.Sprintf(" (95%% CI %.1f–%.1f times)", 1+rel(near), 1+rel(far))
		}
	default:
		more := "more"
		if d.MeanDiff < 0 {
			more = "less"
		}
		phrase = fmt.Sprintf("%s %s %s %s", w[0], pct(rel(d.MeanDiff)), more, w[1])
		if hasCI {
			ci = fmt.Sprintf(" (95%% CI %s–%s)", pct(rel(near)), pct(rel(far)))
		}
	}
	return phrase + ci
}

// utilisationPhrase says how the reps' utilisation moves from the
// baseline's mean bm to the policy's pm, the difference d in percentage
// points.
func utilisationPhrase(d results.Diff, bm, pm float64) string {
	switch diffKind(d) {
	case diffNA:
		return ""
	case diffIdentical:
		return "keeps rep utilisation at " + pctPoints(bm)
	}
	ci := ""
	if finite(d.CI95Low) && finite(d.CI95High) {
		ci = fmt.Sprintf(", 95%% CI %s to %s", signedPoints(d.CI95Low), signedPoints(d.CI95High))
		if !d.Significant() {
			return fmt.Sprintf("leaves rep utilisation at about %s (no significant change: %s points%s)",
				pctPoints(bm), signedPoints(d.MeanDiff), ci)
		}
	}
	verb := "raises"
	if d.MeanDiff < 0 {
		verb = "lowers"
	}
	return fmt.Sprintf("%s rep utilisation from %s to %s (%s points%s)", verb, pctPoints(bm), pctPoints(pm), signedPoints(d.MeanDiff), ci)
}

// pctPoints formats a share as a percentage with no decimal: 0.726 is "73%".
func pctPoints(x float64) string { return fmt.Sprintf("%.0f%%", 100*x) }

// signedPoints formats a difference of shares in percentage points with a
// sign and one decimal: 0.164 is "+16.4".
func signedPoints(x float64) string {
	if x < 0 {
		return fmt.Sprintf("%s%.1f", minus, -100*x)
	}
	return fmt.Sprintf("+%.1f", 100*x)
}

// slaSentence says on which share of its hand-offs each of p and base kept
// its own SLA, and which has none.
func slaSentence(r *results.Report, p, base string) string {
	if !slices.Contains(r.MetricOrder, slaBreaches) || !slices.Contains(r.MetricOrder, handoffs) {
		return ""
	}
	has := SLAPolicies(r)
	if has == nil {
		return ""
	}
	if has[p] == 0 && has[base] == 0 {
		return ""
	}
	var parts []string
	for _, q := range []string{p, base} {
		if has[q] == 0 {
			parts = append(parts, q+" has no SLA")
			continue
		}
		lo, mid, hi, ok := slaKept(r, q)
		if !ok {
			continue
		}
		parts = append(parts, fmt.Sprintf("%s keeps its %s SLA on %s of its hand-offs (95%% CI %s–%s)",
			q, hoursWord(has[q]), pct(mid), pct(lo), pct(hi)))
	}
	return "Speed to lead: " + strings.Join(parts, "; ") + "."
}

// slaKept returns the share of q's hand-offs whose first attempt kept the
// SLA, 1 − sla_breaches / handoffs, on the means, with the 95% CI of the
// mean of sla_breaches over the mean of hand-offs.
func slaKept(r *results.Report, q string) (lo, mid, hi float64, ok bool) {
	b, h := r.Summary(q, slaBreaches), r.Summary(q, handoffs)
	if !finite(b.Mean) || !(h.Mean > 0) {
		return 0, 0, 0, false
	}
	mid = 1 - b.Mean/h.Mean
	lo, hi = mid, mid
	if finite(b.CI95Low) && finite(b.CI95High) {
		lo, hi = max(0, 1-b.CI95High/h.Mean), min(1, 1-b.CI95Low/h.Mean)
	}
	return lo, mid, hi, true
}

// hoursWord is "1-hour" or "24-hour".
func hoursWord(h float64) string {
	if h == 1 {
		return "1-hour"
	}
	return fmt.Sprintf("%g-hour", h)
}

// SLAPolicies returns the speed-to-lead SLA, in working hours, each policy
// of r's scenario commits to: sla_hours, or under the matrix gate its
// high_fit_high_interest_sla_hours when that is set; 0 for a policy with
// no SLA. It reads the scenario the report holds and returns nil when that
// does not say (a report without one).
func SLAPolicies(r *results.Report) map[string]float64 {
	if r == nil || r.Scenario == nil {
		return nil
	}
	raw, err := json.Marshal(r.Scenario)
	if err != nil {
		return nil
	}
	var sc struct {
		Policies []struct {
			Name     string   `json:"name"`
			Gate     string   `json:"gate"`
			SLAHours *float64 `json:"sla_hours"`
			Matrix   struct {
				HighSLA float64 `json:"high_fit_high_interest_sla_hours"`
			} `json:"matrix"`
		} `json:"policies"`
	}
	if json.Unmarshal(raw, &sc) != nil || len(sc.Policies) == 0 {
		return nil
	}
	out := map[string]float64{}
	for _, p := range sc.Policies {
		if p.SLAHours == nil {
			return nil
		}
		out[p.Name] = *p.SLAHours
		if p.Gate == "matrix" && p.Matrix.HighSLA > 0 {
			out[p.Name] = p.Matrix.HighSLA
		}
	}
	return out
}
