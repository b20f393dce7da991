package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"funnellab/sensitivity"
)

// sensRun runs funnel sensitivity with args and --out DIR/name and
// returns the folder, stdout and the exit code.
func sensRun(t *testing.T, name string, args ...string) (string, string, int) {
	t.Helper()
	out := filepath.Join(t.TempDir(), name)
	var so, se bytes.Buffer
	code := Main(context.Background(), append(append([]string{"sensitivity"}, args...), "--out", out), &so, &se)
	if code != 0 {
		t.Logf("stderr: %s", se.String())
	}
	return out, so.String(), code
}

// readSensJSON reads a study's sensitivity.json.
func readSensJSON(t *testing.T, dir string) map[string]any {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "sensitivity.json"))
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

func keyEntry(t *testing.T, m map[string]any, key string) map[string]any {
	t.Helper()
	for _, k := range m["keys"].([]any) {
		if e := k.(map[string]any); e["key"] == key {
			return e
		}
	}
	t.Fatalf("no key %s in sensitivity.json", key)
	return nil
}

// The reference scenario over 30 days: a few milliseconds a simulation.
var sensBase = []string{"reference", "--set", "horizon_days=30", "--reps", "3"}

// TestSensitivitySameBytesAnyWorkers: every file of a study is the same
// bytes with 1 and 2 workers, for both methods.
func TestSensitivitySameBytesAnyWorkers(t *testing.T) {
	for _, method := range []string{"morris", "sobol"} {
		args := append(append([]string{}, sensBase...), "--vary", "sales.reps=2..6", "--vary", "policies.direct.attempts=1..4",
			"--output", "direct.revenue - direct_lifo.revenue", "--method", method, "--trajectories", "4", "--points", "8")
		d1, _, c1 := sensRun(t, "w1", append(args, "--workers", "1")...)
		d2, _, c2 := sensRun(t, "w2", append(args, "--workers", "2")...)
		if c1 != 0 || c2 != 0 {
			t.Fatalf("%s: exit codes %d, %d", method, c1, c2)
		}
		e1, _ := os.ReadDir(d1)
		e2, _ := os.ReadDir(d2)
		if len(e1) != len(e2) || len(e1) < 6 {
			t.Fatalf("%s: %d and %d files", method, len(e1), len(e2))
		}
		for _, e := range e1 {
			if e.Name() == "manifest.json" { // times and the command's --workers
				continue
			}
			a, _ := os.ReadFile(filepath.Join(d1, e.Name()))
			b, err := os.ReadFile(filepath.Join(d2, e.Name()))
			if err != nil || !bytes.Equal(a, b) {
				t.Errorf("%s: %s differs between --workers 1 and 2", method, e.Name())
			}
		}
		for _, f := range []string{"sensitivity.json", "points.csv", "tornado.png", "tornado.svg", "report.html"} {
			if _, err := os.Stat(filepath.Join(d1, f)); err != nil {
				t.Errorf("%s: %v", method, err)
			}
		}
	}
}

// TestSensitivityCRN: a key of one policy cannot move another policy's
// metric when every point uses the same seeds, so its elementary effects
// and its Sobol indices are exactly 0, while the rep count moves it, in
// the expected direction (more reps, more revenue).
func TestSensitivityCRN(t *testing.T) {
	vary := []string{"--vary", "sales.reps=2..6", "--vary", "policies.direct_lifo.attempts=1..4", "--output", "direct.revenue"}
	d, stdout, code := sensRun(t, "morris", append(append([]string{}, sensBase...), append(vary, "--trajectories", "5")...)...)
	if code != 0 {
		t.Fatalf("exit code %d", code)
	}
	m := readSensJSON(t, d)
	inert := keyEntry(t, m, "policies.direct_lifo.attempts")
	if inert["mu_star"] != 0.0 || inert["sigma"] != 0.0 {
		t.Errorf("another policy's key: mu* %v sigma %v, expected exactly 0 (CRN)", inert["mu_star"], inert["sigma"])
	}
	reps := keyEntry(t, m, "sales.reps")
	if !(reps["mu"].(float64) > 0) || reps["mu_star"].(float64) <= 0 {
		t.Errorf("sales.reps: mu %v mu* %v, expected more revenue with more reps", reps["mu"], reps["mu_star"])
	}
	if m["sign"] != nil {
		t.Errorf("a single metric has no sign share: %v", m["sign"])
	}
	if !strings.Contains(stdout, "sales.reps") {
		t.Errorf("stdout: %s", stdout)
	}
	d, _, code = sensRun(t, "sobol", append(append([]string{}, sensBase...), append(vary, "--method", "sobol", "--points", "16")...)...)
	if code != 0 {
		t.Fatalf("exit code %d", code)
	}
	m = readSensJSON(t, d)
	inert = keyEntry(t, m, "policies.direct_lifo.attempts")
	if inert["ST"] != 0.0 || inert["ST_ci95"].([]any)[1] != 0.0 {
		t.Errorf("another policy's key: ST %v %v, expected exactly 0", inert["ST"], inert["ST_ci95"])
	}
	if st := keyEntry(t, m, "sales.reps")["ST"].(float64); st < 0.5 {
		t.Errorf("sales.reps: ST %v, expected most of the variance (the only active key)", st)
	}
}

// TestSensitivitySign: a difference reports the share of the points where
// it is positive, consistent with points.csv, and a sentence.
func TestSensitivitySign(t *testing.T) {
	d, _, code := sensRun(t, "sign", append(append([]string{}, sensBase...), "--vary", "sales.reps=2..6", "--vary", "policies.direct.attempts=1..4",
		"--output", "direct.revenue - direct_lifo.revenue", "--method", "sobol", "--points", "16")...)
	if code != 0 {
		t.Fatalf("exit code %d", code)
	}
	m := readSensJSON(t, d)
	sign := m["sign"].(map[string]any)
	csv, err := os.ReadFile(filepath.Join(d, "points.csv"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(csv)), "\n")
	if len(lines) != 1+16*4 {
		t.Fatalf("points.csv: %d lines, expected %d", len(lines), 1+16*4)
	}
	// The share counts the base samples A and B (the first 32 points).
	pos := 0
	for _, l := range lines[1:33] {
		f := strings.Split(l, ",")
		if v := f[4]; !strings.HasPrefix(v, "-") && v != "0" {
			pos++
		}
	}
	if got := sign["share"].(float64); got != float64(pos)/32 {
		t.Errorf("share %v, expected %d/32 from points.csv", got, pos)
	}
	ci := sign["ci95"].([]any)
	if !(ci[0].(float64) <= sign["share"].(float64) && sign["share"].(float64) <= ci[1].(float64)) {
		t.Errorf("share %v outside its interval %v", sign["share"], ci)
	}
	if st := sign["statement"].(string); !strings.HasPrefix(st, "direct beats direct_lifo on revenue in ") {
		t.Errorf("statement %q", st)
	}
	if n := len(sign["slices"].([]any)); n != 1 {
		t.Errorf("%d slice maps for two keys, expected 1", n)
	}
}

// TestSensitivityUsage: bad input is a usage error (exit 2) naming the
// flag or key, before any simulation.
func TestSensitivityUsage(t *testing.T) {
	good := []string{"--vary", "sales.reps=2..6", "--output", "direct.revenue"}
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"reference", "--output", "direct.revenue"}, "--vary"},
		{[]string{"reference", "--vary", "sales.reps=2..6"}, "--output"},
		{[]string{"reference", "--vary", "sales.reps=6..2", "--output", "direct.revenue"}, "LO < HI"},
		{[]string{"reference", "--vary", "sales.reps=2-6", "--output", "direct.revenue"}, "KEY=LO..HI"},
		{[]string{"reference", "--vary", "sales.nope=2..6", "--output", "direct.revenue"}, `sales has no key "nope"`},
		{[]string{"reference", "--vary", "policies.nobody.attempts=1..3", "--output", "direct.revenue"}, `no entry named "nobody"`},
		{[]string{"reference", "--vary", "sales.reps=2.5..6", "--output", "direct.revenue"}, "integer"},
		{[]string{"reference", "--vary", "sales.reps=2..6", "--vary", "sales.reps=3..4", "--output", "direct.revenue"}, "twice"},
		{[]string{"reference", "--vary", "sales.reps=2..6", "--output", "nobody.revenue"}, `unknown policy "nobody"`},
		{[]string{"reference", "--vary", "sales.reps=2..6", "--output", "direct.nothing"}, `unknown metric "nothing"`},
		{[]string{"reference", "--vary", "sales.reps=2..6", "--output", "direct.revenue * 2"}, "not POLICY.METRIC"},
		{[]string{"reference", "--vary", "sales.reps=2..6", "--output", "direct.revenue - direct.revenue"}, "with itself"},
		{append([]string{"reference", "--method", "anova"}, good...), "--method"},
		{append([]string{"reference", "--levels", "3"}, good...), "--levels"},
		{append([]string{"reference", "--trajectories", "1"}, good...), "--trajectories"},
		{append([]string{"reference", "--points", "1"}, good...), "--points"},
		{append([]string{"reference", "--reps", "0"}, good...), "--reps"},
		{append([]string{"nowhere"}, good...), "no scenario"},
	}
	for _, c := range cases {
		var so, se bytes.Buffer
		code := Main(context.Background(), append([]string{"sensitivity"}, c.args...), &so, &se)
		if code != ExitUsage || !strings.Contains(se.String(), c.want) {
			t.Errorf("%v: exit %d, stderr %q; expected exit 2 naming %q", c.args, code, se.String(), c.want)
		}
	}
}

func TestParseSensExpr(t *testing.T) {
	pols := []string{"a", "b"}
	for _, s := range []string{"a.revenue - b.revenue", "a.revenue-b.revenue", " a.revenue -  b.profit "} {
		e, err := parseSensExpr(s, pols)
		if err != nil || e.b == nil || e.a.policy != "a" || e.b.policy != "b" {
			t.Errorf("%q: %+v, %v", s, e, err)
		}
	}
	e, err := parseSensExpr("b.deals_won", pols)
	if err != nil || e.b != nil || e.a != (sensTerm{"b", "deals_won"}) || len(e.policies()) != 1 {
		t.Errorf("b.deals_won: %+v, %v", e, err)
	}
}

// TestSignStatement: the sentence names the box of the losing cells of
// the map that best separates wins from losses.
func TestSignStatement(t *testing.T) {
	// Two keys on a 4×4 grid of cell centres; the difference is negative
	// only where both keys are in their top half.
	p := &sensPlan{o: sensOptions{method: "sobol", points: 16}, keys: []sensKey{{key: "x", lo: 0, hi: 8}, {key: "y", lo: 10, hi: 50}}}
	p.expr, _ = parseSensExpr("a.revenue - b.revenue", []string{"a", "b"})
	var y []float64
	for i := range 4 {
		for j := range 4 {
			u := []float64{(float64(i) + 0.5) / 4, (float64(j) + 0.5) / 4}
			p.design = append(p.design, u)
			v := 1.0
			if i >= 2 && j >= 2 {
				v = -1
			}
			y = append(y, v)
		}
	}
	m := binSign(p, y, 0, 1, 4)
	got := signStatement(p, sensitivity.SignShare(y), []sliceMap{m})
	want := "a beats b on revenue in 75.0% of the space"
	if !strings.HasPrefix(got, want) || !strings.Contains(got, "it loses where x ≥ 4 and y ≥ 30 (it wins at 0.0% of the points there)") {
		t.Errorf("got %q", got)
	}
	if s := rangeWords(p.keys[0], m.xEdge, 1, 2); s != "x is between 2 and 6" {
		t.Errorf("rangeWords: %q", s)
	}
	if s := rangeWords(p.keys[0], m.xEdge, 0, 3); s != "" {
		t.Errorf("rangeWords over the whole range: %q", s)
	}
}

// TestSensitivityPrecision: with --precision, the points whose output
// misses the relative precision get more replications in rounds, up to
// --max-reps; the study records it, gives the same bytes for any workers,
// and a point's first replications are those of a study without it.
func TestSensitivityPrecision(t *testing.T) {
	args := []string{"reference", "--set", "horizon_days=30", "--reps", "2", "--vary", "sales.reps=2..6",
		"--output", "direct.revenue", "--method", "morris", "--trajectories", "3", "--precision", "0.02", "--max-reps", "8"}
	d1, _, c1 := sensRun(t, "p1", append(args, "--workers", "1")...)
	d2, _, c2 := sensRun(t, "p2", append(args, "--workers", "2")...)
	if c1 != 0 || c2 != 0 {
		t.Fatalf("exit codes %d, %d", c1, c2)
	}
	for _, f := range []string{"sensitivity.json", "points.csv"} {
		a, _ := os.ReadFile(filepath.Join(d1, f))
		b, _ := os.ReadFile(filepath.Join(d2, f))
		if !bytes.Equal(a, b) {
			t.Errorf("%s differs between --workers 1 and 2", f)
		}
	}
	var doc struct {
		Points    int `json:"points"`
		Precision struct {
			Target       float64 `json:"target"`
			MaxReps      int     `json:"max_reps"`
			PointsMet    int     `json:"points_met"`
			Replications int     `json:"replications_total"`
		} `json:"precision"`
	}
	raw, err := os.ReadFile(filepath.Join(d1, "sensitivity.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	pr := doc.Precision
	if pr.Target != 0.02 || pr.MaxReps != 8 {
		t.Fatalf("precision record %+v", pr)
	}
	if pr.Replications <= 2*doc.Points || pr.Replications > 8*doc.Points {
		t.Fatalf("%d replications over %d points: want more than the first round's 2 a point and at most 8", pr.Replications, doc.Points)
	}
	code, _, stderr := call(t, context.Background(), "sensitivity", "reference", "--vary", "sales.reps=2..6", "--output", "direct.revenue", "--max-reps", "8",
		"--out", filepath.Join(t.TempDir(), "bad"))
	if code != ExitUsage || !strings.Contains(stderr, "--max-reps goes with --precision") {
		t.Fatalf("exit %d, %s", code, stderr)
	}
}
