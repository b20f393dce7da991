package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"

	"funnellab/scenarios"
)

// erlangCProb is the probability of waiting in an M/M/c queue with offered
// load a = λ/μ (Erlang B recursion, then C).
func erlangCProb(c int, a float64) float64 {
	b := 1.0
	for k := 1; k <= c; k++ {
		b = a * b / (float64(k) + a*b)
	}
	return float64(c) * b / (float64(c) - a*(1-b))
}

// referenceRevenue is the expected revenue of the reference scenario's
// FIFO policy with c reps over horizon hours, from the formulas: λ·T
// inquiries, each reached while hot with probability 1 − C + C·g/(g+θ)
// (g = cμ − λ, θ = 1/hot window mean: a wait is exponential with rate g
// when there is one), qualified with q_hot or q_cold, won with the win
// rate, worth the lognormal mean median·e^(σ²/2).
func referenceRevenue(sc scenarios.Scenario, c int, horizon float64) (revenue, waited float64) {
	lam := sc.Marketing.Channels[0].RatePerHour
	mu := 1 / sc.Sales.FirstCallHours.Mean
	th := 1 / sc.Response.HotWindowHours.Mean
	C := erlangCProb(c, lam/mu)
	g := float64(c)*mu - lam
	hot := 1 - C + C*g/(g+th)
	q := sc.Response.QualifyCold + (sc.Response.QualifyHot-sc.Response.QualifyCold)*hot
	value := sc.DealValue.Median * math.Exp(sc.DealValue.Sigma*sc.DealValue.Sigma/2)
	return lam * horizon * q * sc.Sales.WinRate * value, C
}

func readSelection(t *testing.T, dir string) selectionJSON {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, "selection.json"))
	require.NoError(t, err)
	var s selectionJSON
	require.NoError(t, json.Unmarshal(data, &s))
	return s
}

// TestSelectRepsErlangC: funnel select over sales.reps on the reference
// scenario, with a cost per rep, finds the optimum of the Erlang C
// formulas, and with a constraint on the share of leads that wait, the
// constrained optimum. The cost is set between the marginal revenues of
// the optimum's last rep and of the next, so the optimum is clear of its
// neighbours by more than δ.
func TestSelectRepsErlangC(t *testing.T) {
	const days = 73
	res, err := scenarios.LoadEmbedded("reference", []string{fmt.Sprintf("horizon_days=%d", days)})
	require.NoError(t, err)
	sc := res.Scenario
	cands := []int{19, 20, 21, 22, 23, 24}
	rev := map[int]float64{}
	wait := map[int]float64{}
	for c := 18; c <= 25; c++ {
		if c > 18 {
			rev[c], wait[c] = referenceRevenue(sc, c, days*24)
		}
	}
	// The rep cost: the mean of the marginal revenues of the 21st and
	// 22nd reps, so 21 is best.
	cost := (rev[21] - rev[20] + rev[22] - rev[21]) / 2
	obj := func(c int) float64 { return rev[c] - cost*float64(c) }
	argmax := func(ok func(int) bool) (best int, gap float64) {
		best, gap = -1, math.Inf(1)
		for _, c := range cands {
			if ok(c) && (best < 0 || obj(c) > obj(best)) {
				best = c
			}
		}
		for _, c := range cands {
			if ok(c) && c != best {
				gap = math.Min(gap, obj(best)-obj(c))
			}
		}
		return best, gap
	}
	const delta = 5e5
	vary := "sales.reps=19,20,21,22,23,24"
	objective := fmt.Sprintf("revenue - %.0f * @sales.reps", cost)
	base := []string{"select", "reference", "--set", fmt.Sprintf("horizon_days=%d", days), "--policies", "direct",
		"--vary", vary, "--objective", objective, "--delta", strconv.Itoa(delta)}

	best, gap := argmax(func(int) bool { return true })
	require.Equal(t, 21, best)
	require.Greater(t, gap, 2*delta, "the analytic optimum must be clear of the others")
	dir := filepath.Join(t.TempDir(), "sel")
	code, stdout, stderr := call(t, context.Background(), append(base, "--out", dir)...)
	require.Equal(t, ExitOK, code, stderr)
	s := readSelection(t, dir)
	require.NotNil(t, s.Best, stdout)
	require.Equal(t, strconv.Itoa(best), s.Best.Point["sales.reps"], stdout)
	require.Contains(t, s.Guarantee, "with probability ≥ 0.95")

	// At most 30% of the leads may wait: the Erlang C probability of
	// waiting rules out 19 to 21 reps.
	const share, tol = 0.3, 0.01
	feasible := func(c int) bool { return wait[c] < share }
	best, gap = argmax(feasible)
	require.Equal(t, 22, best)
	require.Greater(t, gap, 2*delta)
	for _, c := range cands {
		require.Greater(t, math.Abs(wait[c]-share), tol, "every point clear of the threshold by the tolerance")
	}
	cons := append(base, "--subject-to", fmt.Sprintf("waited_share < %g ± %g", share, tol))
	outs := map[int][]byte{}
	for _, w := range []int{1, 2} {
		dir := filepath.Join(t.TempDir(), "sel")
		code, stdout, stderr := call(t, context.Background(), append(cons, "--out", dir, "--workers", strconv.Itoa(w))...)
		require.Equal(t, ExitOK, code, stderr)
		s := readSelection(t, dir)
		require.NotNil(t, s.Best, stdout)
		require.Equal(t, strconv.Itoa(best), s.Best.Point["sales.reps"], stdout)
		for _, a := range s.Alternatives {
			c, _ := strconv.Atoi(a.Point["sales.reps"])
			want := "infeasible"
			if feasible(c) {
				want = "feasible"
			}
			if a.Feasibility != "undecided" { // screened out before the check decided
				require.Equal(t, want, a.Feasibility, a.Name)
			}
		}
		outs[w], err = os.ReadFile(filepath.Join(dir, "selection.json"))
		require.NoError(t, err)
		obs, err := os.ReadFile(filepath.Join(dir, "observations.csv"))
		require.NoError(t, err)
		require.Equal(t, s.Simulated+1, bytes.Count(obs, []byte("\n")), "a row per simulated replication and a header")
		outs[w] = append(outs[w], obs...)
	}
	require.Equal(t, string(outs[1]), string(outs[2]), "the same bytes with 1 and 2 workers")
}

// TestSelectPolicies: without --vary the alternatives are the policies;
// the result does not depend on the workers or the stage size, and OCBA
// spends its budget.
func TestSelectPolicies(t *testing.T) {
	base := append([]string{"select"}, small...)
	base = append(base, "--objective", "hot_contact_share", "--delta", "0.005")
	var first []byte
	for _, extra := range [][]string{{"--workers", "1"}, {"--workers", "2"}, {"--workers", "2", "--batch", "1"}} {
		dir := filepath.Join(t.TempDir(), "sel")
		code, stdout, stderr := call(t, context.Background(), append(append(base, "--out", dir), extra...)...)
		require.Equal(t, ExitOK, code, stderr)
		s := readSelection(t, dir)
		require.NotNil(t, s.Best)
		require.Equal(t, "direct_lifo", s.Best.Name, stdout) // LIFO reaches more leads while hot
		data, err := os.ReadFile(filepath.Join(dir, "selection.json"))
		require.NoError(t, err)
		if first == nil {
			first = data
			continue
		}
		var a, b selectionJSON
		require.NoError(t, json.Unmarshal(first, &a))
		require.NoError(t, json.Unmarshal(data, &b))
		require.Equal(t, a.Best, b.Best)
		require.Equal(t, a.Used, b.Used)
		if extra[len(extra)-1] == "2" {
			require.Equal(t, string(first), string(data), "the same bytes with 1 and 2 workers")
		}
	}
	dir := filepath.Join(t.TempDir(), "sel")
	code, stdout, stderr := call(t, context.Background(), append(base, "--out", dir, "--method", "ocba", "--budget", "30")...)
	require.Equal(t, ExitOK, code, stderr)
	s := readSelection(t, dir)
	require.Equal(t, 30, s.Used, stdout)
	require.Equal(t, "direct_lifo", s.Best.Name)
	require.Contains(t, s.Guarantee, "none: OCBA")
}

func TestSelectUsageErrors(t *testing.T) {
	base := append([]string{"select"}, small...)
	for _, tc := range []struct {
		args []string
		msg  string
	}{
		{[]string{"--objective", "revenue"}, "select: --delta is required"},
		{[]string{"--delta", "1"}, "select: --objective is required"},
		{[]string{"--objective", "revenue", "--delta", "0"}, "select: --delta: got 0, expected a positive number"},
		{[]string{"--objective", "revenue", "--delta", "1", "--pcs", "1.5"}, "select: --pcs: got 1.5"},
		{[]string{"--objective", "revenue", "--delta", "1", "--n0", "1"}, "select: --n0: got 1"},
		{[]string{"--objective", "revenue", "--delta", "1", "--method", "best"}, `select: --method: got "best", expected kn, kn++ or ocba`},
		{[]string{"--objective", "revenue", "--delta", "1", "--budget", "40"}, "select: --budget is for --method ocba"},
		{[]string{"--objective", "revenue *", "--delta", "1"}, "select: --objective \"revenue *\": unexpected end of the expression"},
		{[]string{"--objective", "revnue", "--delta", "1"}, `unknown metric "revnue"`},
		{[]string{"--objective", "revenue - @sales.reps", "--delta", "1"}, "unknown key @sales.reps; no keys vary here"},
		{[]string{"--objective", "-@sales.reps", "--delta", "1", "--vary", "sales.reps=2,3"}, "names no metric, so nothing simulated would change it"},
		{[]string{"--objective", "direct.revenue", "--delta", "1"}, "names every metric's policy, so the policies would all score the same"},
		{[]string{"--objective", "revenue", "--delta", "1", "--vary", "sales.reps=1..3"}, "not a range LO..HI"},
		{[]string{"--objective", "revenue", "--delta", "1", "--vary", "sales.reps"}, `--vary "sales.reps": expected KEY=V1,V2,...`},
		{[]string{"--objective", "revenue", "--delta", "1", "--vary", "sales.rep=1,2"}, "select: --vary sales.rep=1:"},
		{[]string{"--objective", "revenue", "--delta", "1", "--vary", "sales.reps=2,2"}, "the value 2 is listed twice"},
		{[]string{"--objective", "revenue - @sales.queue", "--delta", "1", "--vary", "sales.reps=2,3"}, "unknown key @sales.queue; the varied keys: sales.reps"},
		{[]string{"--objective", "revenue", "--delta", "1", "--subject-to", "waited_share"}, `--subject-to "waited_share": no comparison`},
		{[]string{"--objective", "revenue", "--delta", "1", "--subject-to", "waited_share < x"}, `the threshold "x" is not a number`},
		{[]string{"--objective", "revenue", "--delta", "1", "--subject-to", "waited_share < 0"}, "a threshold of 0 needs an explicit tolerance"},
		{[]string{"--objective", "revenue", "--delta", "1", "--subject-to", "waited_share < 1 ± -1"}, `the tolerance "-1" is not a positive number`},
		{[]string{"--objective", "revenue", "--delta", "1", "--subject-to", "0 < waited_share < 1"}, "expected exactly one comparison"},
		{[]string{"--objective", "revenue", "--delta", "1", "--policies", "nope"}, `unknown policy "nope"`},
	} {
		t.Run(tc.msg, func(t *testing.T) {
			code, _, stderr := call(t, context.Background(), append(base, tc.args...)...)
			require.Equal(t, ExitUsage, code, stderr)
			require.Contains(t, stderr, tc.msg)
		})
	}
}

// TestSelectNoFeasible: when no alternative satisfies the constraints,
// selection.json has no best and the exit code is 3.
func TestSelectNoFeasible(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "sel")
	code, stdout, stderr := call(t, context.Background(), append(append([]string{"select"}, small...),
		"--objective", "revenue", "--delta", "1e5", "--subject-to", "waited_share < 0.001 ± 0.0005", "--out", dir)...)
	require.Equal(t, ExitChecksFailed, code, stdout+stderr)
	require.Contains(t, stderr, "select: no alternative satisfies the constraints (waited_share < 0.001 ± 0.0005)")
	data, err := os.ReadFile(filepath.Join(dir, "selection.json"))
	require.NoError(t, err)
	require.Contains(t, string(data), `"best": null`)
	s := readSelection(t, dir)
	require.Equal(t, "no alternative is feasible", s.Stopped)
}

// TestSelectObjectiveCaret: an expression error shows the expression with
// a caret under the offending part.
func TestSelectObjectiveCaret(t *testing.T) {
	code, _, stderr := call(t, context.Background(), append(append([]string{"select"}, small...),
		"--objective", "revenue × (direct.hot_contact_share", "--delta", "1")...)
	require.Equal(t, ExitUsage, code, stderr)
	require.Contains(t, stderr, "funnel: select: --objective \"revenue × (direct.hot_contact_share\": unclosed \"(\"\n  revenue × (direct.hot_contact_share\n            ^\n")
}
