package cli

import (
	"fmt"
	"slices"
	"strings"

	"funnellab/sim/funnel"
)

// sensTerm is one policy's metric in an --output expression.
type sensTerm struct {
	policy, metric string
}

func (t sensTerm) String() string { return t.policy + "." + t.metric }

// sensExpr is the quantity funnel sensitivity studies: one policy's
// metric, or the difference of two (POLICY.METRIC - POLICY.METRIC). The
// richer expressions of package expr (branch m-select) are a superset.
type sensExpr struct {
	a   sensTerm
	b   *sensTerm // nil: no difference
	src string
}

func (e sensExpr) isDiff() bool { return e.b != nil }

// policies are the policies the expression reads, in order, once each.
func (e sensExpr) policies() []string {
	out := []string{e.a.policy}
	if e.b != nil && e.b.policy != e.a.policy {
		out = append(out, e.b.policy)
	}
	return out
}

// parseSensExpr parses --output against the scenario's policies.
func parseSensExpr(s string, policies []string) (sensExpr, error) {
	e := sensExpr{src: strings.TrimSpace(s)}
	if e.src == "" {
		return e, usageErr("sensitivity: --output: empty, expected POLICY.METRIC or POLICY.METRIC - POLICY.METRIC (e.g. objective.revenue - waterfall.revenue)")
	}
	parts := strings.Split(e.src, " - ")
	if len(parts) == 1 && strings.Count(e.src, "-") == 1 {
		// a.revenue-b.revenue, unless a name holds the minus.
		if l, r, _ := strings.Cut(e.src, "-"); strings.Contains(l, ".") && strings.Contains(r, ".") {
			parts = []string{l, r}
		}
	}
	if len(parts) > 2 {
		return e, usageErr("sensitivity: --output %q: expected POLICY.METRIC or one difference POLICY.METRIC - POLICY.METRIC", s)
	}
	var terms []sensTerm
	for _, p := range parts {
		t, err := parseSensTerm(strings.TrimSpace(p), policies)
		if err != nil {
			return e, usageErr("sensitivity: --output %q: %v", s, err)
		}
		terms = append(terms, t)
	}
	e.a = terms[0]
	if len(terms) == 2 {
		if terms[0] == terms[1] {
			return e, usageErr("sensitivity: --output %q: the difference of a quantity with itself is 0", s)
		}
		e.b = &terms[1]
	}
	return e, nil
}

func parseSensTerm(s string, policies []string) (sensTerm, error) {
	pol, metric, ok := strings.Cut(s, ".")
	if !ok || pol == "" || metric == "" || strings.ContainsAny(s, " \t+*/()") {
		return sensTerm{}, fmt.Errorf("%q is not POLICY.METRIC", s)
	}
	if !slices.Contains(policies, pol) {
		return sensTerm{}, fmt.Errorf("unknown policy %q (the scenario has: %s)", pol, strings.Join(policies, ", "))
	}
	if !slices.Contains(funnel.Names(), metric) {
		return sensTerm{}, fmt.Errorf("unknown metric %q (docs/metrics.md lists them; e.g. revenue, profit, deals_won)", metric)
	}
	return sensTerm{policy: pol, metric: metric}, nil
}
