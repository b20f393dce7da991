package checks

import (
	"encoding/json"
	"math"
	"testing"

	"github.com/stretchr/testify/require"

	"funnellab/results"
)

var (
	pols    = []string{"waterfall", "objective", "v1.2", "v1"}
	metrics = []string{"revenue", "handoff_waste_share", "leaked_revenue", "deals_won"}
)

func TestParseValid(t *testing.T) {
	for _, tc := range []struct {
		expr               string
		policy, metric, st string
		op                 string
		number             float64
		right              string // policy on the right, for comparisons
	}{
		{"waterfall.handoff_waste_share.mean < 0.9", "waterfall", "handoff_waste_share", "mean", "<", 0.9, ""},
		{"objective.leaked_revenue.ci95_high < 2e6", "objective", "leaked_revenue", "ci95_high", "<", 2e6, ""},
		{"objective.revenue>=60_000_000", "objective", "revenue", "mean", ">=", 6e7, ""},
		{"  objective.revenue.sd   <=   -3  ", "objective", "revenue", "sd", "<=", -3, ""},
		{"objective.deals_won.p05 > .5", "objective", "deals_won", "p05", ">", 0.5, ""},
		{"objective.deals_won.p95 > +1.5E-3", "objective", "deals_won", "p95", ">", 1.5e-3, ""},
		{"objective.deals_won.p50 > 7.", "objective", "deals_won", "p50", ">", 7, ""},
		{"objective.deals_won.ci95_low > 0", "objective", "deals_won", "ci95_low", ">", 0, ""},
		{"objective.revenue > waterfall.revenue", "objective", "revenue", "mean", ">", 0, "waterfall"},
		{"objective.revenue.mean < waterfall.revenue.mean", "objective", "revenue", "mean", "<", 0, "waterfall"},
		// Policy names with dots: the longest known name wins.
		{"v1.2.revenue.p50 > 1", "v1.2", "revenue", "p50", ">", 1, ""},
		{"v1.revenue > v1.2.revenue", "v1", "revenue", "mean", ">", 0, "v1.2"},
	} {
		t.Run(tc.expr, func(t *testing.T) {
			c, err := Parse(tc.expr)
			require.NoError(t, err)
			require.NoError(t, c.Resolve(pols, metrics))
			require.Equal(t, tc.policy, c.Left.Policy)
			require.Equal(t, tc.metric, c.Left.Metric)
			require.Equal(t, tc.st, c.Left.Stat)
			require.Equal(t, tc.op, c.Op)
			if tc.right == "" {
				require.Nil(t, c.Right)
				require.Equal(t, tc.number, c.Number)
			} else {
				require.True(t, c.IsComparison())
				require.Equal(t, tc.right, c.Right.Policy)
				require.Equal(t, tc.metric, c.Right.Metric)
			}
		})
	}
}

func TestParseInvalid(t *testing.T) {
	const known = "; the run's policies: waterfall, objective, v1.2, v1"
	for _, tc := range []struct {
		expr  string
		msg   string
		caret string // the caret line, without indentation
	}{
		{"", "empty check; expected <policy>.<metric>[.<stat>] <op> <number> or <policy>.<metric> <op> <policy>.<metric>", "^"},
		{"objective.revenue 3", "no comparison operator; expected one of <, <=, >, >=", "                   ^"},
		{"objective.revenue == 3", `unknown operator "=="; expected one of <, <=, >, >=`, "                  ^^"},
		{"objective.revenue => 3", `unknown operator "=>"; expected one of <, <=, >, >=`, "                  ^^"},
		{"objective.revenue != 3", `unknown operator "!="; expected one of <, <=, >, >=`, "                  ^^"},
		{"0.1 < objective.revenue < 0.9", `a second operator "<"; a check has exactly one`, "                        ^"},
		{"< 3", `missing the left side before "<"; expected <policy>.<metric>[.<stat>] <op> <number> or <policy>.<metric> <op> <policy>.<metric>`, "^"},
		{"objective.revenue >", `missing the right side after ">"; expected a number or <policy>.<metric>`, "                   ^"},
		{"3 < objective.revenue", "the left side must be a reference <policy>.<metric>[.<stat>], got the number 3; put the number on the right", "^"},
		{"revenue > 3", `bad reference "revenue"; expected <policy>.<metric>[.<stat>] (names of letters, digits, '_', '-' and '.', no spaces)`, "^^^^^^^"},
		{"objective revenue > 3", `bad reference "objective revenue"; expected <policy>.<metric>[.<stat>] (names of letters, digits, '_', '-' and '.', no spaces)`, "^^^^^^^^^^^^^^^^^"},
		{"objective..revenue > 3", `bad reference "objective..revenue"; expected <policy>.<metric>[.<stat>] (names of letters, digits, '_', '-' and '.', no spaces)`, "^^^^^^^^^^^^^^^^^^"},
		{"objective.revenue > 2M", `bad number "2M"; expected a decimal number such as 1000, 0.9, -3, 2e6 or 1_000_000`, "                    ^^"},
		{"objective.revenue > 1__000", `bad number "1__000"; expected a decimal number such as 1000, 0.9, -3, 2e6 or 1_000_000`, "                    ^^^^^^"},
		{"objective.revenue > 0x10", `bad number "0x10"; expected a decimal number such as 1000, 0.9, -3, 2e6 or 1_000_000`, "                    ^^^^"},
		{"objective.revenue > inf", `bad reference "inf"; expected <policy>.<metric>[.<stat>] (names of letters, digits, '_', '-' and '.', no spaces)`, "                    ^^^"},
		{"objective.revenue > 1e999", `bad number "1e999": value out of range`, "                    ^^^^^"},
		{"objectiv.revenue > 3", `unknown policy "objectiv"` + known, "^^^^^^^^"},
		{"objective.revnue > 3", `unknown metric "revnue"; metrics: revenue, handoff_waste_share, leaked_revenue, deals_won`, "          ^^^^^^"},
		{"objective.revenue.p99 > 3", `unknown statistic "p99"; expected one of mean, sd, ci95_low, ci95_high, p05, p50, p95`, "                  ^^^"},
		{"objective.revenue.p50.x > 3", `bad reference "objective.revenue.p50.x"; expected <policy>.<metric>[.<stat>]`, "^^^^^^^^^^^^^^^^^^^^^^^"},
		{"objective.revenue > waterfall.deals_won", `a comparison between policies needs the same metric on both sides, got "revenue" and "deals_won"`, "                    ^^^^^^^^^^^^^^^^^^^"},
		{"objective.revenue.p95 > waterfall.revenue", `a comparison between policies tests the paired difference of the means; ".p95" cannot be used there`, "                  ^^^"},
		{"objective.revenue > waterfall.revenue.sd", `a comparison between policies tests the paired difference of the means; ".sd" cannot be used there`, "                                      ^^"},
		{"objective.revenue > objective.revenue", `compares policy "objective" with itself`, "                    ^^^^^^^^^^^^^^^^^"},
	} {
		t.Run(tc.expr, func(t *testing.T) {
			c, err := Parse(tc.expr)
			if err == nil {
				err = c.Resolve(pols, metrics)
			}
			require.Error(t, err)
			var e *Error
			require.ErrorAs(t, err, &e)
			require.Equal(t, tc.msg, e.Msg)
			require.Equal(t, `"`+tc.expr+`": `+tc.msg, err.Error())
			require.Equal(t, "  "+tc.expr+"\n  "+tc.caret, e.Caret("  "))
		})
	}
}

// TestResolveWithoutMetrics: with no metric list (the scenario's own
// validation) any metric name is accepted; policies and statistics are
// still checked.
func TestResolveWithoutMetrics(t *testing.T) {
	c, err := Parse("objective.anything.p95 < 1")
	require.NoError(t, err)
	require.NoError(t, c.Resolve(pols, nil))
	require.Equal(t, "anything", c.Left.Metric)
	_, err = ParseAll([]string{"objective.revenue > 1", "nope.revenue > 1"}, pols, nil)
	require.EqualError(t, err, `"nope.revenue > 1": unknown policy "nope"; the run's policies: waterfall, objective, v1.2, v1`)
}

// table builds a synthetic table: waterfall and objective over 4
// replications.
func table() *results.Table {
	t := results.NewTable([]string{"waterfall", "objective"}, []string{"revenue", "share", "undefined", "same"}, 4)
	set := func(p, m int, vs ...float64) {
		for r, v := range vs {
			t.Set(r, p, m, v)
		}
	}
	set(0, 0, 100, 110, 90, 100) // waterfall revenue, mean 100
	set(1, 0, 120, 131, 109, 121)
	set(0, 1, 0.5, 0.6, 0.7, 0.6) // mean 0.6
	set(1, 1, 0.1, 0.2, 0.1, 0.2)
	set(0, 2, 1, 2, math.NaN(), 3)
	set(1, 2, 1, 2, 3, 4)
	set(0, 3, 5, 6, 7, 8)
	set(1, 3, 5, 6, 7, 8)
	return t
}

func TestEvaluate(t *testing.T) {
	tab := table()
	for _, tc := range []struct {
		expr   string
		pass   bool
		detail string
	}{
		{"waterfall.share < 0.9", true, "0.6"},
		{"waterfall.share.mean <= 0.6", true, "0.6"},
		{"waterfall.share < 0.6", false, "0.6"},
		{"waterfall.share >= 0.6", true, "0.6"},
		{"waterfall.share > 0.6", false, "0.6"},
		{"waterfall.revenue.p50 > 99.9", true, "100"},
		{"waterfall.revenue.p05 < 91", false, "91.5"},
		{"waterfall.revenue.p95 < 109", true, "108.5"},
		{"waterfall.revenue.sd < 9", true, "8.16497"},
		{"waterfall.revenue.ci95_low > 80", true, "87.0077"},
		{"waterfall.revenue.ci95_high < 110", false, "112.992"},
		// A NaN value fails whatever the operator.
		{"waterfall.undefined < 1e9", false, "n/a"},
		{"waterfall.undefined > -1e9", false, "n/a"},
		{"waterfall.undefined.sd >= 0", false, "n/a"},
		// Comparisons: the CI of A − B must exclude zero in the direction.
		{"objective.revenue > waterfall.revenue", true, "objective − waterfall = 20.25 (95% CI 18.7265 to 21.7735)"},
		{"objective.revenue >= waterfall.revenue", true, "objective − waterfall = 20.25 (95% CI 18.7265 to 21.7735)"},
		{"objective.revenue < waterfall.revenue", false, "objective − waterfall = 20.25 (95% CI 18.7265 to 21.7735)"},
		{"waterfall.revenue < objective.revenue", true, "waterfall − objective = -20.25 (95% CI -21.7735 to -18.7265)"},
		{"waterfall.revenue <= objective.revenue", true, "waterfall − objective = -20.25 (95% CI -21.7735 to -18.7265)"},
		{"waterfall.revenue > objective.revenue", false, "waterfall − objective = -20.25 (95% CI -21.7735 to -18.7265)"},
		// Identical values: the interval is [0, 0], which excludes nothing.
		{"objective.same > waterfall.same", false, "objective − waterfall = 0 (95% CI 0 to 0)"},
		{"objective.same >= waterfall.same", false, "objective − waterfall = 0 (95% CI 0 to 0)"},
		{"objective.undefined > waterfall.undefined", false, "n/a"},
	} {
		t.Run(tc.expr, func(t *testing.T) {
			c, err := Parse(tc.expr)
			require.NoError(t, err)
			require.NoError(t, c.Resolve(tab.Policies, tab.Metrics))
			r, err := Evaluate(c, tab)
			require.NoError(t, err)
			require.Equal(t, tc.pass, r.Pass, r.Detail)
			require.Equal(t, tc.detail, r.Detail)
			require.Equal(t, 4, r.N)
			require.Equal(t, tc.expr, r.Check)
		})
	}
}

func TestFormatNumber(t *testing.T) {
	for x, want := range map[float64]string{0: "0", 0.6: "0.6", 1.55298e7: "15529800", -4424221.14: "-4424220",
		845643.1: "845643", 6420.333: "6420.33", 1e-5: "1e-05", 2.5e16: "2.5e+16", math.NaN(): "n/a"} {
		require.Equal(t, want, formatNumber(x), "%g", x)
	}
}

func TestEvaluateSingleReplication(t *testing.T) {
	tab := results.NewTable([]string{"a", "b"}, []string{"m"}, 1)
	tab.Set(0, 0, 0, 1)
	tab.Set(0, 1, 0, 2)
	cs, err := ParseAll([]string{"b.m > a.m", "b.m.ci95_low > 0", "b.m > 1"}, tab.Policies, tab.Metrics)
	require.NoError(t, err)
	rs, err := EvaluateAll(cs, tab)
	require.NoError(t, err)
	require.Equal(t, []bool{false, false, true}, []bool{rs[0].Pass, rs[1].Pass, rs[2].Pass})
	require.Equal(t, "n/a", rs[0].Detail, "no CI from one replication")
	require.Equal(t, "n/a", rs[1].Detail)
	require.Equal(t, 2, Failed(rs))
}

func TestEvaluateUnresolved(t *testing.T) {
	c, err := Parse("objective.revenue > 1")
	require.NoError(t, err)
	_, err = Evaluate(c, table())
	require.ErrorContains(t, err, "not resolved")
}

func TestResultJSON(t *testing.T) {
	tab := table()
	cs, err := ParseAll([]string{"waterfall.share < 0.9", "objective.revenue > waterfall.revenue",
		"waterfall.undefined < 1", "objective.undefined > waterfall.undefined"}, tab.Policies, tab.Metrics)
	require.NoError(t, err)
	rs, err := EvaluateAll(cs, tab)
	require.NoError(t, err)
	b, err := json.Marshal(rs)
	require.NoError(t, err)
	var got []map[string]any
	require.NoError(t, json.Unmarshal(b, &got))
	require.Equal(t, map[string]any{"check": "waterfall.share < 0.9", "kind": "threshold", "pass": true,
		"value": 0.6, "threshold": 0.9, "n": 4.0, "detail": "0.6"}, got[0])
	require.Equal(t, "comparison", got[1]["kind"])
	require.InDelta(t, 20.25, got[1]["value"], 1e-12)
	require.InDelta(t, 18.7265, got[1]["ci95_low"], 1e-4)
	require.Equal(t, map[string]any{"check": "waterfall.undefined < 1", "kind": "threshold", "pass": false,
		"value": nil, "threshold": 1.0, "n": 4.0, "detail": "n/a"}, got[2])
	require.Equal(t, map[string]any{"check": "objective.undefined > waterfall.undefined", "kind": "comparison", "pass": false,
		"value": nil, "ci95_low": nil, "ci95_high": nil, "n": 4.0, "detail": "n/a"}, got[3])
	// The keys' order, as summary.json and manifest.json have it.
	one, err := json.Marshal(rs[2])
	require.NoError(t, err)
	require.Equal(t, `{"check":"waterfall.undefined \u003c 1","kind":"threshold","pass":false,"value":null,"threshold":1,"n":4,"detail":"n/a"}`, string(one))
	one, err = json.Marshal(rs[3])
	require.NoError(t, err)
	require.Equal(t, `{"check":"objective.undefined \u003e waterfall.undefined","kind":"comparison","pass":false,"value":null,"n":4,"detail":"n/a","ci95_low":null,"ci95_high":null}`, string(one))
}
