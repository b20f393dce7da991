package expr

import (
	"math"
	"testing"

	"github.com/stretchr/testify/require"
)

var names = Names{
	Policies: []string{"waterfall", "objective", "v1.2", "v1"},
	Metrics:  []string{"revenue", "cost_per_won_deal", "deals_won"},
	Keys:     []string{"sales.reps", "policies.objective.sla_hours", "policies[0].sla_hours"},
	Own:      true,
}

// lookup: metric values by policy (own policy ""), keys by path.
func lookup() Lookup {
	vals := map[string]float64{
		"waterfall.revenue": 100, "objective.revenue": 130, ".revenue": 7,
		"v1.2.revenue": 12, "v1.revenue": 1, ".deals_won": 4, ".cost_per_won_deal": 2500,
	}
	keys := map[string]float64{"sales.reps": 3, "policies.objective.sla_hours": 24, "policies[0].sla_hours": 2}
	return Lookup{
		Metric: func(p, m string) float64 {
			v, ok := vals[p+"."+m]
			if !ok {
				panic(p + "." + m)
			}
			return v
		},
		Key: func(k string) float64 { return keys[k] },
	}
}

func TestEval(t *testing.T) {
	for src, want := range map[string]float64{
		"1 + 2 * 3":                             7,
		"(1 + 2) * 3":                           9,
		"1 - 2 - 3":                             -4, // left-associative
		"8 / 4 / 2":                             1,
		"2 * 3 / 4":                             1.5,
		"-2 * 3":                                -6,
		"2 - -3":                                5,
		"--2":                                   2,
		"+2":                                    2,
		"-(1 + 2) * 2":                          -6,
		"2 × 3 ÷ 4 − 1":                         0.5,
		"1_000_000 / 1e6":                       1,
		"1e-3 * 1000":                           1,
		"2.5E+1":                                25,
		".5 + 7.":                               7.5,
		"objective.revenue - waterfall.revenue": 30,
		"objective.revenue-waterfall.revenue":   30,
		"(objective.revenue − waterfall.revenue) ÷ waterfall.revenue": 0.3,
		"revenue": 7,
		"revenue - 70 * 2000 * @sales.reps / 1e5":                7 - 70*2000*3/1e5,
		"@policies.objective.sla_hours + @policies[0].sla_hours": 26,
		"v1.2.revenue + v1.revenue":                              13, // the longest policy name wins
		"deals_won*cost_per_won_deal":                            10000,
		"  1+2  ":                                                3,
		"1 / 0":                                                  math.Inf(1),
	} {
		t.Run(src, func(t *testing.T) {
			e, err := Compile(src, names)
			require.NoError(t, err)
			require.InDelta(t, want, e.Eval(lookup()), 1e-12)
			require.Equal(t, src, e.String())
		})
	}
}

func TestRefsAndKeys(t *testing.T) {
	e, err := Compile("revenue - objective.revenue * @sales.reps + v1.2.deals_won + objective.deals_won", names)
	require.NoError(t, err)
	require.True(t, e.HasBare())
	require.Equal(t, []string{"objective", "v1.2"}, e.Policies())
	require.Equal(t, []Ref{{"revenue", 0, "", "revenue"}, {"objective.revenue", 10, "objective", "revenue"},
		{"v1.2.deals_won", 44, "v1.2", "deals_won"}, {"objective.deals_won", 61, "objective", "deals_won"}}, e.Refs)
	require.Equal(t, []Key{{"sales.reps", 30}}, e.Keys)
	e, err = Compile("objective.revenue", names)
	require.NoError(t, err)
	require.False(t, e.HasBare())
}

func TestErrors(t *testing.T) {
	noOwn := names
	noOwn.Own = false
	noKeys := names
	noKeys.Keys = []string{}
	for _, tc := range []struct {
		src   string
		n     Names
		msg   string
		caret string
	}{
		{"", names, "empty expression; expected a formula such as objective.revenue - waterfall.revenue", "^"},
		{"1 +", names, "unexpected end of the expression; expected a number, a [<policy>.]<metric>, an @key or (", "   ^"},
		{"1 + * 2", names, `unexpected "*"; expected a number, a [<policy>.]<metric>, an @key or (`, "    ^"},
		{"(1 + 2", names, `unclosed "("`, "^"},
		{"1 + 2)", names, `unmatched ")"`, "     ^"},
		{"(1 2)", names, `unexpected "2"; expected an operator or )`, "   ^"},
		{"1 2", names, `unexpected "2" after a complete operand; expected an operator (+ - * /)`, "  ^"},
		{"revenue revenue", names, `unexpected "revenue" after a complete operand; expected an operator (+ - * /)`, "        ^^^^^^^"},
		{"2M * 3", names, `bad number "2M"; expected a decimal number such as 1000, 0.9, 2e6 or 1_000_000`, "^^"},
		{"1__0", names, `bad number "1__0"; expected a decimal number such as 1000, 0.9, 2e6 or 1_000_000`, "^^^^"},
		{"1.2.3", names, `bad number "1.2.3"; expected a decimal number such as 1000, 0.9, 2e6 or 1_000_000`, "^^^^^"},
		{"1e999", names, `bad number "1e999": value out of range`, "^^^^^"},
		{"revenue ^ 2", names, `unexpected "^"; expected a number, a [<policy>.]<metric>, an @key, an operator (+ - − * × / ÷) or a parenthesis`, "        ^"},
		{"revenue × ∑", names, `unexpected "∑"; expected a number, a [<policy>.]<metric>, an @key, an operator (+ - − * × / ÷) or a parenthesis`, "          ^"},
		{"objective..revenue", names, `bad reference "objective..revenue"; expected [<policy>.]<metric> (names of letters, digits, '_' and '.')`, "^^^^^^^^^^^^^^^^^^"},
		{"objective.revenue. + 1", names, `bad reference "objective.revenue."; expected [<policy>.]<metric> (names of letters, digits, '_' and '.')`, "^^^^^^^^^^^^^^^^^^"},
		{"@ + 1", names, `bad key "@"; expected @ and a scenario path such as @sales.reps or @policies.objective.sla_hours`, "^"},
		{"@sales..reps", names, `bad key "@sales..reps"; expected @ and a scenario path such as @sales.reps or @policies.objective.sla_hours`, "^^^^^^^^^^^^"},
		{"objectiv.revenue", names, `unknown policy "objectiv"; the run's policies: waterfall, objective, v1.2, v1`, "^^^^^^^^"},
		{"1 + objective.revnue", names, `unknown metric "revnue"; metrics: revenue, cost_per_won_deal, deals_won`, "              ^^^^^^"},
		{"revnue", names, `unknown metric "revnue"; metrics: revenue, cost_per_won_deal, deals_won`, "^^^^^^"},
		{"objective.revenue.mean", names, `bad reference "objective.revenue.mean"; expected <policy>.<metric> (metric names have no dots)`, "^^^^^^^^^^^^^^^^^^^^^^"},
		{"objective.revenue - revenue", noOwn, `a bare metric "revenue" needs a policy here; write <policy>.revenue (policies: waterfall, objective, v1.2, v1)`, "                    ^^^^^^^"},
		{"revenue - @sales.rep", names, "unknown key @sales.rep; the varied keys: sales.reps, policies.objective.sla_hours, policies[0].sla_hours", "          ^^^^^^^^^^"},
		{"revenue - @sales.reps", noKeys, "unknown key @sales.reps; no keys vary here (an @key names a key given to --vary)", "          ^^^^^^^^^^^"},
	} {
		t.Run(tc.src, func(t *testing.T) {
			_, err := Compile(tc.src, tc.n)
			require.Error(t, err)
			var e *Error
			require.ErrorAs(t, err, &e)
			require.Equal(t, tc.msg, e.Msg)
			require.Equal(t, `"`+tc.src+`": `+tc.msg, err.Error())
			require.Equal(t, "  "+tc.src+"\n  "+tc.caret, e.Caret("  "))
		})
	}
}

// TestAnyMetric: with nil Metrics and Keys any name is accepted.
func TestAnyMetric(t *testing.T) {
	e, err := Compile("objective.whatever + @any.key[2].x", Names{Policies: []string{"objective"}})
	require.NoError(t, err)
	require.Equal(t, "whatever", e.Refs[0].Metric)
	require.Equal(t, "any.key[2].x", e.Keys[0].Path)
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"1+2*3", "revenue - 70 * 2000 * @sales.reps", "(a.b − c.d) ÷ 2", "--1", "@x[0].y"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		e, err := Parse(s)
		if err != nil {
			var pe *Error
			require.ErrorAs(t, err, &pe)
			_ = pe.Caret("")
			return
		}
		if e.Resolve(Names{Policies: []string{"a"}, Own: true}) == nil {
			e.Eval(Lookup{Metric: func(string, string) float64 { return 1 }, Key: func(string) float64 { return 2 }})
		}
	})
}
