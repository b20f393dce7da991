package cli

import (
	"context"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"funnellab/findings"
	"funnellab/plots"
	"funnellab/scenarios"
)

// TestReproduceWrites: funnel reproduce writes the table, findings.md,
// findings.json and a plot per finding, and its exit code says whether
// every finding was reproduced.
func TestReproduceWrites(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "repro")
	code, stdout, stderr := call(t, context.Background(), "reproduce", "hbr_speed", "--reps", "3", "--out", dir)
	require.Contains(t, []int{ExitOK, ExitChecksFailed}, code, stderr)
	require.Contains(t, stdout, "hbr_1h_vs_2h")
	var got []struct {
		ID         string   `json:"id"`
		Mean       *float64 `json:"mean"`
		Reproduced bool     `json:"reproduced"`
	}
	data, err := os.ReadFile(filepath.Join(dir, "findings.json"))
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(data, &got))
	require.Len(t, got, 2)
	all := true
	for _, f := range got {
		require.NotNil(t, f.Mean, f.ID)
		all = all && f.Reproduced
		for _, ext := range []string{"png", "svg"} {
			_, err := os.Stat(filepath.Join(dir, f.ID+"."+ext))
			require.NoError(t, err)
		}
	}
	require.Equal(t, all, code == ExitOK, "exit code %d, findings %+v", code, got)
	md, err := os.ReadFile(filepath.Join(dir, "findings.md"))
	require.NoError(t, err)
	require.Contains(t, string(md), "| finding | role | source | quantity | published |")

	code, _, stderr = call(t, context.Background(), "reproduce", "no_such_finding")
	require.Equal(t, ExitUsage, code)
	require.Contains(t, stderr, `no finding scenario "no_such_finding"`)
}

// TestCalibrate: calibrate moves a key towards its target figure, within
// its bounds, and writes the calibrated scenario with the command.
func TestCalibrate(t *testing.T) {
	out := filepath.Join(t.TempDir(), "cal.yaml")
	args := []string{"calibrate", "reference", "--policies", "direct", "--set", "horizon_days=20",
		"--fit", "response.hot_window_hours.mean", "--bounds", "response.hot_window_hours.mean=0.05:20",
		"--target", "hot_contact_share=0.95", "--reps", "2", "--evals", "14", "--out", out}
	code, stdout, stderr := call(t, context.Background(), args...)
	require.Equal(t, ExitOK, code, stderr)
	require.Contains(t, stdout, "response.hot_window_hours.mean = ")
	res, err := scenarios.LoadFile(out, nil)
	require.NoError(t, err)
	mean := res.Scenario.Response.HotWindowHours.Mean
	require.Greater(t, mean, 2.0, "a longer hot window for more hot contacts (was 2 h)")
	require.LessOrEqual(t, mean, 20.0)
	data, err := os.ReadFile(out)
	require.NoError(t, err)
	require.True(t, strings.HasPrefix(string(data), "# Calibrated by: funnel calibrate reference"), string(data[:80]))
	// The achieved figure is printed with its CI.
	line := stdout[strings.Index(stdout, "hot_contact_share: "):]
	v, err := strconv.ParseFloat(strings.Fields(line)[1], 64)
	require.NoError(t, err)
	require.Greater(t, v, 0.9)

	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"calibrate", "reference", "--target", "hot_contact_share=1"}, "--fit and at least one --target are required"},
		{[]string{"calibrate", "reference", "--fit", "sales.reps", "--target", "nothing=1"}, `unknown quantity "nothing"`},
		{[]string{"calibrate", "reference", "--fit", "sales.repz", "--target", "revenue=1"}, `unknown key "repz"`},
		{[]string{"calibrate", "reference", "--fit", "seed", "--target", "revenue=1"}, "give --bounds seed=LOW:HIGH"},
		{[]string{"calibrate", "reference", "--fit", "sales.reps", "--target", "revenue=x"}, `value "x" is not a number`},
	} {
		code, _, stderr := call(t, context.Background(), tc.args...)
		require.Equal(t, ExitUsage, code, tc.args)
		require.Contains(t, stderr, tc.want)
	}
}

// TestFindingsReproduced: every embedded finding scenario, at its own size
// with seed 1, gives the verdicts its file states (funnel reproduce): a
// finding reproduces exactly when it is not documented as not reproduced
// (expected: not_reproduced, with its reason), and the run exits 3 only
// for a finding expected to reproduce that does not.
func TestFindingsReproduced(t *testing.T) {
	for _, name := range scenarios.FindingNames() {
		t.Run(name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "out")
			code, stdout, stderr := call(t, context.Background(), "reproduce", name, "--seed", "1", "--out", dir, "-q")
			require.Contains(t, []int{ExitOK, ExitChecksFailed}, code, "%s\n%s", stdout, stderr)
			var got []struct {
				ID         string `json:"id"`
				Reproduced bool   `json:"reproduced"`
				Expected   string `json:"expected"`
			}
			data, err := os.ReadFile(filepath.Join(dir, "findings.json"))
			require.NoError(t, err)
			require.NoError(t, json.Unmarshal(data, &got))
			require.NotEmpty(t, got)
			failed := false
			for _, f := range got {
				documented := f.Expected == scenarios.ExpectNotReproduced
				require.Equal(t, !documented, f.Reproduced, "finding %s", f.ID)
				failed = failed || (!f.Reproduced && !documented)
			}
			require.Equal(t, failed, code == ExitChecksFailed)
		})
	}
}

// TestFindingFigures: a finding of a study's series is drawn as the
// series (the Rule of 45 by month), the others alone; a metric's unit
// comes from the metric ("share [0,1]" is a share), and a quantity
// without a unit has no "()" in its label.
func TestFindingFigures(t *testing.T) {
	res := func(id, q string, pub, mean float64) findings.Result {
		return findings.Result{ID: id, Title: id, Quantity: q, Published: pub, Low: 0.8 * pub, High: 1.2 * pub,
			Mean: mean, CI95Low: 0.99 * mean, CI95High: 1.01 * mean, N: 3, Reproduced: true}
	}
	rs := []findings.Result{
		res("rule45_3m", "bought_within_3m_share", 0.125, 0.123),
		res("rule45_6m", "bought_within_6m_share", 0.26, 0.252),
		res("rule45_12m", "bought_within_12m_share", 0.45, 0.418),
		res("mit_never_contacted", "never_contacted_share", 0.3, 0.87),
	}
	byID := map[string]findings.Result{}
	for _, r := range rs {
		byID[r.ID] = r
	}
	p, err := findingFigure(rs[1], byID, nil)
	require.NoError(t, err)
	require.Contains(t, p.Title.Text, "Rule of 45")
	var labels []string
	for _, tk := range p.X.Tick.Marker.Ticks(p.X.Min, p.X.Max) {
		labels = append(labels, tk.Label)
	}
	require.Equal(t, []string{"3", "6", "12"}, labels)
	require.LessOrEqual(t, p.Y.Max, 1.0, "shares end at 1")

	p, err = findingFigure(rs[3], byID, nil)
	require.NoError(t, err)
	require.Contains(t, p.Title.Text, "mit_never_contacted")
	require.Equal(t, "never_contacted_share", p.Y.Label.Text)
	require.Equal(t, 1.0, p.Y.Max, "a metric in share [0,1] is a share")
	require.Equal(t, "share", quantityUnit("never_contacted_share"))
	require.Equal(t, "ratio", quantityUnit("qual_ratio_1h_vs_2h"))
	known := map[string]bool{}
	for _, name := range scenarios.FindingNames() {
		res, err := scenarios.LoadEmbedded(name, nil)
		require.NoError(t, err)
		for _, f := range res.Scenario.Findings {
			known[f.ID] = true
		}
	}
	for _, s := range findingSeries {
		require.Len(t, s.labels, len(s.ids), s.title)
		for _, id := range s.ids {
			if q, ok := strings.CutPrefix(id, unpublishedPoint); ok {
				_, err := findings.Lookup(q)
				require.NoError(t, err, "series %q: unknown quantity %q", s.title, q)
				continue
			}
			require.True(t, known[id], "series %q: no finding %q in the finding scenarios", s.title, id)
		}
	}

	files := map[string][]byte{}
	require.NoError(t, findingPlots(files, rs, nil))
	for _, r := range rs {
		require.NotEmpty(t, files[r.ID+".png"], r.ID)
		require.NotEmpty(t, files[r.ID+".svg"], r.ID)
	}
}

// TestDelayCurvesHaveEveryLaterBucket: the HBR and MIT figures of a real
// run are the studies' curves over every later delay bucket; the points
// the studies did not publish are simulated ratios with their CI and no
// published value, and qualification falls with the delay.
func TestDelayCurvesHaveEveryLaterBucket(t *testing.T) {
	for _, tc := range []struct {
		scenario, finding, unpublished string
		labels                         []string
	}{
		{"findings/hbr_speed", "hbr_1h_vs_2h", "qual_ratio_1h_vs_2h_24h", []string{"1–2 h", "2–24 h", "≥ 24 h"}},
		{"findings/mit_insidesales", "mit_contact_5m_vs_30m", "contact_ratio_5m_vs_24h",
			[]string{"5–30 min", "30–60 min", "1–2 h", "2–24 h", "≥ 24 h"}},
		{"findings/mit_insidesales", "mit_qual_5m_vs_30m", "qual_ratio_5m_vs_2h_24h",
			[]string{"5–30 min", "30–60 min", "1–2 h", "2–24 h", "≥ 24 h"}},
	} {
		t.Run(tc.finding, func(t *testing.T) {
			res, err := scenarios.LoadEmbedded(tc.scenario, nil)
			require.NoError(t, err)
			sc := res.Scenario
			sc.Replications = 4
			run, err := simulate(context.Background(), sc, 2)
			require.NoError(t, err)
			byID := map[string]findings.Result{}
			for _, f := range sc.Findings {
				r, err := findings.Evaluate(run, f)
				require.NoError(t, err)
				byID[r.ID] = r
			}
			extras := map[string]plots.FindingData{}
			require.NoError(t, seriesExtras(run, sc.Findings, extras))
			d, ok := extras[unpublishedPoint+tc.unpublished]
			require.True(t, ok)
			require.True(t, math.IsNaN(d.Published))
			require.Greater(t, d.Mean, 1.0, "the rates fall after the first bucket")
			require.LessOrEqual(t, d.CI95Low, d.Mean)
			p, err := findingFigure(byID[tc.finding], byID, extras)
			require.NoError(t, err)
			var labels []string
			for _, tk := range p.X.Tick.Marker.Ticks(p.X.Min, p.X.Max) {
				labels = append(labels, tk.Label)
			}
			require.Equal(t, tc.labels, labels)
		})
	}
}
