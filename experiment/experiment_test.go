package experiment

import (
	"context"
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"funnellab/results"
	"funnellab/scenarios"
)

func embedded(t testing.TB, name string) (scenarios.Scenario, []byte) {
	t.Helper()
	b, err := scenarios.Embedded(name)
	require.NoError(t, err)
	r, err := scenarios.Parse("embedded:"+name, b, nil)
	require.NoError(t, err)
	return r.Scenario, b
}

func TestResolveKey(t *testing.T) {
	sc, _ := embedded(t, "default")
	idx := -1
	for i, p := range sc.Policies {
		if p.Name == "objective" {
			idx = i
		}
	}
	require.GreaterOrEqual(t, idx, 0)
	for in, want := range map[string]string{
		"policies.objective.sla_hours":             "policies." + strconv.Itoa(idx) + ".sla_hours",
		"policies.1.sla_hours":                     "policies.1.sla_hours",
		"sales.reps":                               "sales.reps",
		"marketing.channels.webinar.rate_per_hour": "marketing.channels.2.rate_per_hour",
		"segments.enterprise.share":                "segments.2.share",
	} {
		got, err := ResolveKey(sc, in)
		require.NoError(t, err, in)
		require.Equal(t, want, got, in)
	}
	_, err := ResolveKey(sc, "policies.objectiv.sla_hours")
	require.ErrorContains(t, err, `no entry named "objectiv"`)
	require.ErrorContains(t, err, "objective") // lists the policies
	require.ErrorContains(t, err, "waterfall")
	_, err = ResolveKey(sc, "policies.9.sla_hours")
	require.ErrorContains(t, err, "out of range")
	_, err = ResolveKey(sc, "sales.repz")
	require.ErrorContains(t, err, `no key "repz"`)
	_, err = ResolveKey(sc, "sales..reps")
	require.ErrorContains(t, err, "empty segment")
}

func TestParseVary(t *testing.T) {
	v, err := ParseVary("sales.reps=10, 12,14")
	require.NoError(t, err)
	require.Equal(t, Vary{Key: "sales.reps", Values: []string{"10", "12", "14"}}, v)
	v, err = ParseVary("policies.objective.sla_hours=1..48")
	require.NoError(t, err)
	require.True(t, v.IsRange())
	require.Equal(t, 1.0, v.Lo)
	require.Equal(t, 48.0, v.Hi)
	for arg, msg := range map[string]string{
		"sales.reps":        "expected KEY=V1,V2",
		"=1,2":              "expected KEY=V1,V2",
		"sales.reps=":       "expected KEY=V1,V2",
		"sales.reps=1,,2":   "empty value",
		"sales.reps=1,1":    "listed twice",
		"sales.reps=5..2":   "LO < HI",
		"sales.reps=a..2":   "two finite numbers",
		"sales.reps=1..inf": "two finite numbers",
	} {
		_, err := ParseVary(arg)
		require.ErrorContains(t, err, msg, arg)
		require.ErrorContains(t, err, "--vary", arg)
	}
}

func TestNewDesignGridAndErrors(t *testing.T) {
	sc, _ := embedded(t, "default")
	a, _ := ParseVary("sales.reps=10,12")
	b, _ := ParseVary("policies.objective.sla_hours=1,4,24")
	d, err := NewDesign(sc, []Vary{a, b}, "", 0, 1)
	require.NoError(t, err)
	require.Equal(t, [][]string{{"10", "1"}, {"10", "4"}, {"10", "24"}, {"12", "1"}, {"12", "4"}, {"12", "24"}}, d.Points)
	require.Equal(t, []bool{true, true}, d.Integer)

	r, _ := ParseVary("sales.reps=5..30")
	for _, tc := range []struct {
		varies []Vary
		kind   string
		n      int
		msg    string
	}{
		{[]Vary{r}, "", 0, "needs a space-filling --design"},
		{[]Vary{a}, "sobol", 8, "needs a range"},
		{[]Vary{r}, "sobol", 0, "--points"},
		{[]Vary{r}, "latin", 8, `--design "latin"`},
		{[]Vary{a, a}, "", 0, "vary each key once"},
		{[]Vary{{Key: "sales.reps", Lo: -5, Hi: 3}}, "lhs", 4, "allowed range"},
		{[]Vary{{Key: "sales.reps", Lo: 1.5, Hi: 3}}, "lhs", 4, "integer bounds"},
		{[]Vary{{Key: "policies.nope.sla_hours", Values: []string{"1"}}}, "", 0, "no entry named"},
		{[]Vary{a}, "", 5, "a grid has"},
	} {
		_, err := NewDesign(sc, tc.varies, tc.kind, tc.n, 1)
		require.ErrorContains(t, err, tc.msg)
	}
}

// TestSobolFirstPoints checks the sequence against its known first points
// and the stratification property of its first 2^m points.
func TestSobolFirstPoints(t *testing.T) {
	// Dimensions 1 and 2 (van der Corput and Joe–Kuo's first), as
	// published for the unscrambled sequence; dimension 3 (s = 2, a = 1,
	// m = 1, 3, hence v = 1/2, 3/4, 3/8, ...) worked by hand in Gray-code
	// order.
	want := [][]float64{
		{0, 0, 0},
		{0.5, 0.5, 0.5},
		{0.75, 0.25, 0.25},
		{0.25, 0.75, 0.75},
		{0.375, 0.375, 0.625},
		{0.875, 0.875, 0.125},
		{0.625, 0.125, 0.875},
		{0.125, 0.625, 0.375},
	}
	got, err := SobolPoints(len(want), 3)
	require.NoError(t, err)
	require.Equal(t, want, got)

	const m = 10
	pts, err := SobolPoints(1<<m, SobolMaxDim)
	require.NoError(t, err)
	for j := range SobolMaxDim {
		seen := make([]bool, 1<<m)
		for _, p := range pts {
			cell := int(p[j] * (1 << m))
			require.False(t, seen[cell], "dimension %d: two points in cell %d", j+1, cell)
			seen[cell] = true
		}
	}
	// Every pair of the first 10 dimensions: the first 2^10 points leave
	// no square of side 1/16 empty (each pair's projection is a (t,10,2)-net
	// with t ≤ 2, as Joe and Kuo's numbers were chosen for; a wrong
	// direction number breaks it).
	for a := range 10 {
		for b := a + 1; b < 10; b++ {
			var n [16][16]int
			for _, p := range pts {
				n[int(p[a]*16)][int(p[b]*16)]++
			}
			for x := range n {
				for y := range n[x] {
					require.Positive(t, n[x][y], "dimensions %d,%d: empty square", a+1, b+1)
				}
			}
		}
	}
	_, err = NewSobol(SobolMaxDim + 1)
	require.Error(t, err)
}

func TestSpaceFillingDesigns(t *testing.T) {
	sc, _ := embedded(t, "default")
	varies := []Vary{{Key: "sales.reps", Lo: 5, Hi: 8}, {Key: "policies.objective.sla_hours", Lo: 1, Hi: 48}}
	for _, kind := range []string{DesignLHS, DesignSobol, DesignHalton} {
		d, err := NewDesign(sc, varies, kind, 16, 7)
		require.NoError(t, err, kind)
		require.Len(t, d.Points, 16)
		counts := map[string]int{}
		for i := range d.Points {
			reps, ok := d.Number(i, 0)
			require.True(t, ok)
			require.Equal(t, math.Trunc(reps), reps)
			require.True(t, reps >= 5 && reps <= 8)
			counts[d.Points[i][0]]++
			sla, _ := d.Number(i, 1)
			require.True(t, sla >= 1 && sla <= 48)
		}
		if kind != DesignHalton {
			// LHS and Sobol stratify each coordinate: 16 points over 4
			// integers give each integer 4.
			require.Equal(t, map[string]int{"5": 4, "6": 4, "7": 4, "8": 4}, counts, kind)
		}
		again, err := NewDesign(sc, varies, kind, 16, 7)
		require.NoError(t, err)
		require.Equal(t, d, again, "same seed, same design")
	}
}

// TestRunDeterministicAndCRN: the results do not depend on the workers,
// and a value repeated at two points gives the same replications bit for
// bit (every point on the same random numbers).
func TestRunDeterministicAndCRN(t *testing.T) {
	_, b := embedded(t, "reference")
	d := Design{Kind: DesignGrid, Keys: []string{"sales.reps"}, Points: [][]string{{"20"}, {"22"}, {"20"}}}
	spec := Spec{Source: "embedded:reference", Bytes: b, Sets: []string{"horizon_days=30"}, Design: d, Reps: 3, Workers: 1}
	one, err := Run(context.Background(), spec)
	require.NoError(t, err)
	spec.Workers = 2
	two, err := Run(context.Background(), spec)
	require.NoError(t, err)
	require.Len(t, one, 3)
	require.Len(t, two, 3)
	for i := range one {
		require.Equal(t, csvOf(t, one[i].Table), csvOf(t, two[i].Table), "point %d", i)
		require.Equal(t, one[i].Scenario, two[i].Scenario)
	}
	require.Equal(t, csvOf(t, one[0].Table), csvOf(t, one[2].Table))
	require.NotEqual(t, csvOf(t, one[0].Table), csvOf(t, one[1].Table))
	require.Equal(t, 22, one[1].Scenario.Sales.Reps)
	// CRN: the arrivals are the same at every point.
	m := one[0].Table.MetricIndex("inquiries")
	require.Equal(t, one[0].Table.Values[0][m], one[1].Table.Values[0][m])

	seed := uint64(99)
	spec.Seed = &seed
	other, err := Run(context.Background(), spec)
	require.NoError(t, err)
	require.Equal(t, uint64(99), other[0].Scenario.Seed)
	require.NotEqual(t, csvOf(t, one[0].Table), csvOf(t, other[0].Table))
}

func TestPrepareErrors(t *testing.T) {
	_, b := embedded(t, "reference")
	for _, tc := range []struct {
		d   Design
		msg string
	}{
		{Design{Keys: []string{"sales.reps"}, Points: [][]string{{"-3"}}}, "design point 0 (sales.reps=-3)"},
		{Design{Keys: []string{"policies.fast.queue"}, Points: [][]string{{"lifo"}}}, "no entry named"},
		{Design{Keys: []string{"sales.reps"}}, "no points"},
	} {
		_, err := Prepare(Spec{Source: "embedded:reference", Bytes: b, Design: tc.d})
		var ie *InputError
		require.ErrorAs(t, err, &ie)
		require.ErrorContains(t, err, tc.msg)
	}
}

// erlangC is the probability of waiting in an M/M/c queue with offered
// load a = λ/μ (the Erlang B recursion).
func erlangC(c int, a float64) float64 {
	b := 1.0
	for k := 1; k <= c; k++ {
		b = a * b / (float64(k) + a*b)
	}
	return float64(c) * b / (float64(c) - a*(1-b))
}

// TestSweepRepsMatchesErlangC sweeps sales.reps on the reference scenario
// (an M/M/c queue: λ = 9/h, μ = 1/2 h⁻¹, hot windows of rate θ = 1/2 h⁻¹)
// and checks every point against the exact steady-state values: each 99%
// confidence interval over replications covers the formula's value.
func TestSweepRepsMatchesErlangC(t *testing.T) {
	_, b := embedded(t, "reference")
	reps := []int{19, 20, 22, 26}
	d := Design{Kind: DesignGrid, Keys: []string{"sales.reps"}}
	for _, c := range reps {
		d.Points = append(d.Points, []string{strconv.Itoa(c)})
	}
	n := 30
	if testing.Short() {
		n = 15
	}
	res, err := Run(context.Background(), Spec{Source: "embedded:reference", Bytes: b,
		Sets: []string{"warmup_days=30", "horizon_days=365"}, Design: d, Reps: n, Seed: ptr(uint64(20261122))})
	require.NoError(t, err)
	const lam, mu, th = 9.0, 0.5, 0.5
	for i, c := range reps {
		C := erlangC(c, lam/mu)
		gap := float64(c)*mu - lam
		pHot := 1 - C + C*gap/(gap+th)
		exact := map[string]float64{
			"waited_share":              C,
			"wait_mean_h":               C / gap,
			"contacted_within_1h_share": 1 - C*math.Exp(-gap),
			"hot_contact_share":         pHot,
			"qualified_share":           0.5*pHot + 0.05*(1-pHot),
			"rep_utilization":           lam / (float64(c) * mu),
		}
		tb := res[i].Table
		for metric, want := range exact {
			var m results.Moments
			for _, v := range tb.Values[tb.PolicyIndex("direct")][tb.MetricIndex(metric)] {
				m.Add(v)
			}
			lo, hi := results.CI(m, 0.99)
			require.Truef(t, lo <= want && want <= hi, "reps=%d %s: exact %.6g outside the simulated 99%% CI [%.6g, %.6g]", c, metric, want, lo, hi)
		}
	}
}

func csvOf(t *testing.T, tb *results.Table) string {
	t.Helper()
	var b strings.Builder
	require.NoError(t, tb.WriteCSV(&b))
	return b.String()
}

func ptr[T any](v T) *T { return &v }
