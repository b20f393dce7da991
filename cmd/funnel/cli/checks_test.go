package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"
)

// checkArgs runs the small reference scenario (direct and direct_lifo, 3
// replications) with the given extra arguments. With 15 reps for 9
// inquiries an hour the queue builds up, and LIFO reaches far more leads
// within the hour than FIFO (about 0.73 against 0.02): a difference no
// change of random draws can hide. The policies see the same inquiries, so
// their difference in inquiries is 0 in every replication.
func checkArgs(t *testing.T, extra ...string) (dir string, args []string) {
	dir = filepath.Join(t.TempDir(), "o")
	return dir, append(append([]string{"run", "--reps", "3", "--out", dir, "--set", "sales.reps=15"}, small...), extra...)
}

// summaryOf reads the summary of a metric of a policy from summary.json.
func summaryOf(t *testing.T, dir, policy, metric string) map[string]float64 {
	var sum struct {
		Policies map[string]map[string]map[string]float64 `json:"policies"`
	}
	readJSON(t, filepath.Join(dir, "summary.json"), &sum)
	return sum.Policies[policy][metric]
}

const num = `-?[0-9.]+(?:e[-+][0-9]+)?`

func TestChecksPass(t *testing.T) {
	const cmp = "direct_lifo.contacted_within_1h_share > direct.contacted_within_1h_share"
	dir, args := checkArgs(t, "--check", cmp, "--check", "direct.inquiries.p05 >= 1_000")
	code, stdout, stderr := call(t, context.Background(), args...)
	require.Equal(t, ExitOK, code, stderr)
	require.Contains(t, stdout, "checks: 2 of 2 passed")
	require.Regexp(t, `PASS +`+regexp.QuoteMeta(cmp)+` +direct_lifo − direct = `+num+` \(95% CI `+num+` to `+num+`\)\n`, stdout)
	p05 := summaryOf(t, dir, "direct", "inquiries")["p05"]
	require.Regexp(t, `PASS +direct\.inquiries\.p05 >= 1_000 +observed `+regexp.QuoteMeta(formatG6(p05))+`\n`, stdout)

	var man Manifest
	readJSON(t, filepath.Join(dir, "manifest.json"), &man)
	require.Len(t, man.Checks, 2)
	require.True(t, man.Checks[0].Pass)
	require.Contains(t, man.Command, "--check '"+cmp+"' --check 'direct.inquiries.p05 >= 1_000'")
	var sum struct {
		Checks []map[string]any `json:"checks"`
	}
	readJSON(t, filepath.Join(dir, "summary.json"), &sum)
	require.Len(t, sum.Checks, 2)
	require.Equal(t, "comparison", sum.Checks[0]["kind"])
	require.Equal(t, p05, sum.Checks[1]["value"])
	require.Greater(t, sum.Checks[0]["ci95_low"], 0.0)
}

// TestChecksFail: a failing check makes the run exit 3 after writing its
// results; a NaN value fails as n/a; --quiet still names the failures.
func TestChecksFail(t *testing.T) {
	dir, args := checkArgs(t, "--check", "direct.contacted_within_1h_share > direct_lifo.contacted_within_1h_share",
		"--check", "direct.inquiries >= direct_lifo.inquiries",
		"--check", "direct.rejected_later_bought_share < 1", "--check", "direct.inquiries > 1")
	code, stdout, stderr := call(t, context.Background(), args...)
	require.Equal(t, ExitChecksFailed, code, stderr)
	require.Contains(t, stdout, "checks: 1 of 4 passed")
	require.Regexp(t, `FAIL +direct\.contacted_within_1h_share > direct_lifo\.contacted_within_1h_share +direct − direct_lifo = -`+num+` \(95% CI -`+num+` to -`+num+`\)\n`, stdout)
	require.Regexp(t, `FAIL +direct\.inquiries >= direct_lifo\.inquiries +direct − direct_lifo = 0 \(95% CI 0 to 0\)\n`, stdout,
		"equal in every replication: nothing shows A > B")
	require.Regexp(t, `FAIL +direct\.rejected_later_bought_share < 1 +observed n/a\n`, stdout)
	require.Regexp(t, `PASS +direct\.inquiries > 1 +observed `+num+`\n`, stdout)
	require.Contains(t, stderr, "funnel: 3 of 4 checks failed:\n  FAIL direct.contacted_within_1h_share > direct_lifo.contacted_within_1h_share (direct − direct_lifo = -")
	require.Contains(t, stderr, "\n  FAIL direct.inquiries >= direct_lifo.inquiries (direct − direct_lifo = 0 (95% CI 0 to 0))\n")
	require.Contains(t, stderr, "\n  FAIL direct.rejected_later_bought_share < 1 (observed n/a)\n")
	var man Manifest
	readJSON(t, filepath.Join(dir, "manifest.json"), &man)
	require.True(t, man.Complete)
	require.False(t, man.Checks[0].Pass)

	dir, args = checkArgs(t, "-q", "--check", "direct.inquiries < 1")
	code, stdout, stderr = call(t, context.Background(), args...)
	require.Equal(t, ExitChecksFailed, code)
	require.Empty(t, stdout)
	mean := summaryOf(t, dir, "direct", "inquiries")["mean"]
	require.Equal(t, "funnel: 1 of 1 checks failed:\n  FAIL direct.inquiries < 1 (observed "+formatG6(mean)+")\n", stderr)
}

func TestChecksJSON(t *testing.T) {
	dir, args := checkArgs(t, "--format", "json", "--check", "direct.inquiries < 1")
	code, stdout, stderr := call(t, context.Background(), args...)
	require.Equal(t, ExitChecksFailed, code, stderr)
	require.Equal(t, string(mustRead(t, filepath.Join(dir, "summary.json"))), stdout)
	var doc struct {
		Replications int              `json:"replications"`
		Checks       []map[string]any `json:"checks"`
	}
	require.NoError(t, json.Unmarshal([]byte(stdout), &doc))
	require.Equal(t, 3, doc.Replications)
	mean := summaryOf(t, dir, "direct", "inquiries")["mean"]
	require.Equal(t, []map[string]any{{"check": "direct.inquiries < 1", "kind": "threshold", "pass": false,
		"value": mean, "threshold": 1.0, "n": 3.0, "detail": formatG6(mean)}}, doc.Checks)
}

// TestScenarioChecks: checks given in the scenario file run like --check;
// bad ones are rejected before the run with the file and line of the entry.
func TestScenarioChecks(t *testing.T) {
	ref := string(mustRead(t, filepath.Join("..", "..", "..", "scenarios", "reference.yaml")))
	tmp := t.TempDir()
	write := func(name, checks string) string {
		p := filepath.Join(tmp, name)
		require.NoError(t, os.WriteFile(p, []byte(ref+"checks:\n"+checks), 0o644))
		return p
	}
	line := strings.Count(ref, "\n") + 2 // the first entry

	good := write("good.yaml", "  - direct_lifo.contacted_within_1h_share > direct.contacted_within_1h_share\n")
	out := filepath.Join(tmp, "out")
	code, stdout, stderr := call(t, context.Background(), "run", good, "--reps", "3", "--set", "horizon_days=30",
		"--set", "sales.reps=15", "--out", out)
	require.Equal(t, ExitOK, code, stderr)
	require.Contains(t, stdout, "checks: 1 of 1 passed")

	badMetric := write("metric.yaml", "  - direct.inquiries > 1\n  - direct.revnue > 1\n")
	code, _, stderr = call(t, context.Background(), "run", badMetric, "--out", filepath.Join(tmp, "x"))
	require.Equal(t, ExitUsage, code)
	require.Contains(t, stderr, "funnel: invalid scenario:\n"+badMetric+":"+itoa(line+1)+`: checks.1: "direct.revnue > 1": unknown metric "revnue"; metrics: inquiries, valid_inquiries,`)
	require.NoDirExists(t, filepath.Join(tmp, "x"))
	code, _, stderr = call(t, context.Background(), "validate", badMetric)
	require.Equal(t, ExitUsage, code)
	require.Contains(t, stderr, badMetric+":"+itoa(line+1)+`: checks.1: "direct.revnue > 1": unknown metric "revnue"`)

	badPolicy := write("policy.yaml", "  - waterfall.revenue > 1\n")
	code, _, stderr = call(t, context.Background(), "run", badPolicy)
	require.Equal(t, ExitUsage, code)
	require.Contains(t, stderr, badPolicy+":"+itoa(line)+`: checks.0: "waterfall.revenue > 1": unknown policy "waterfall"; the run's policies: direct, direct_lifo`)

	code, _, stderr = call(t, context.Background(), "run", good, "--policies", "direct")
	require.Equal(t, ExitUsage, code)
	require.Contains(t, stderr, good+":"+itoa(line)+`: checks.0: "direct_lifo.contacted_within_1h_share > direct.contacted_within_1h_share": policy "direct_lifo" is not run (--policies direct); drop the scenario's checks with --set checks=[]`)

	code, _, stderr = call(t, context.Background(), "run", good, "--policies", "direct", "--set", "checks=[]",
		"--reps", "2", "--set", "horizon_days=10", "--out", filepath.Join(tmp, "y"))
	require.Equal(t, ExitOK, code, stderr)

	code, _, stderr = call(t, context.Background(), "run", "reference", "--set", "checks=[direct.revenue.p99 > 1]")
	require.Equal(t, ExitUsage, code)
	require.Contains(t, stderr, `--set checks=[direct.revenue.p99 > 1]: checks.0: "direct.revenue.p99 > 1": unknown statistic "p99"`)
}

// TestBadCheckFlag: a malformed --check is a usage error naming the flag,
// with a caret under the offending part, before anything runs.
func TestBadCheckFlag(t *testing.T) {
	for _, tc := range []struct{ check, want string }{
		{"direct.revnue > 3", "funnel: run: --check \"direct.revnue > 3\": unknown metric \"revnue\"; metrics: inquiries, valid_inquiries, mqls,"},
		{"direct.revenue > 3M", "funnel: run: --check \"direct.revenue > 3M\": bad number \"3M\"; expected a decimal number such as 1000, 0.9, -3, 2e6 or 1_000_000\n  direct.revenue > 3M\n                   ^^\n"},
		{"direct.revenue = 3", "funnel: run: --check \"direct.revenue = 3\": unknown operator \"=\"; expected one of <, <=, >, >=\n  direct.revenue = 3\n                 ^\n"},
		{"waterfall.revenue > direct.revenue", "funnel: run: --check \"waterfall.revenue > direct.revenue\": unknown policy \"waterfall\"; the run's policies: direct, direct_lifo\n  waterfall.revenue > direct.revenue\n  ^^^^^^^^^\n"},
	} {
		t.Run(tc.check, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "o")
			code, stdout, stderr := call(t, context.Background(), "run", "reference", "--out", dir, "--check", tc.check)
			require.Equal(t, ExitUsage, code)
			require.Empty(t, stdout)
			if strings.HasSuffix(tc.want, "\n") {
				require.Equal(t, tc.want, stderr)
			} else {
				require.Contains(t, stderr, tc.want)
			}
			require.NoDirExists(t, dir)
		})
	}
}

// fakeTerminal is a stderr that says it is a terminal.
type fakeTerminal struct {
	mu sync.Mutex
	bytes.Buffer
}

func (f *fakeTerminal) IsTerminal() bool { return true }
func (f *fakeTerminal) Write(p []byte) (int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.Buffer.Write(p)
}

// TestProgress: the progress line is drawn on a terminal only, and never
// with --quiet or --format json.
func TestProgress(t *testing.T) {
	run := func(extra ...string) string {
		var out bytes.Buffer
		errw := &fakeTerminal{}
		args := append(append([]string{"run", "--reps", "3", "--out", filepath.Join(t.TempDir(), "o")}, small...), extra...)
		code := Main(context.Background(), args, &out, errw)
		require.Equal(t, ExitOK, code, errw.String())
		return errw.String()
	}
	stderr := run()
	require.Contains(t, stderr, "\r0/3 replications · 2 policies · 0% · - prospects/s · ETA -")
	require.Contains(t, stderr, "\r3/3 replications · 2 policies · 100% · ")
	require.Regexp(t, `\r +\r`, stderr, "the line is blanked at the end")
	require.Contains(t, stderr, `msg="wrote results"`)
	for _, extra := range [][]string{{"-q"}, {"--format", "json"}} {
		require.NotContains(t, run(extra...), "\r", "%v", extra)
	}
}

func TestProgressFormat(t *testing.T) {
	for _, tc := range []struct {
		x    float64
		want string
	}{{0, "0"}, {999, "999"}, {1234, "1.2k"}, {56789, "57k"}, {1234567, "1.23M"}} {
		require.Equal(t, tc.want, formatCount(tc.x))
	}
	for _, tc := range []struct {
		s    float64
		want string
	}{{0.4, "0s"}, {42, "42s"}, {185, "3m05s"}, {7620, "2h07m"}} {
		require.Equal(t, tc.want, formatDuration(secs(tc.s)))
	}
}

func TestSchemaCommand(t *testing.T) {
	code, stdout, stderr := call(t, context.Background(), "schema")
	require.Equal(t, ExitOK, code, stderr)
	require.Equal(t, string(mustRead(t, filepath.Join("..", "..", "..", "scenarios", "testdata", "scenario.schema.json"))), stdout)
	require.True(t, json.Valid([]byte(stdout)))
	code, _, stderr = call(t, context.Background(), "schema", "extra")
	require.Equal(t, ExitUsage, code)
	require.Contains(t, stderr, "expected no arguments")
}

// formatG6 is how checks show an observed value below 1e15.
func formatG6(x float64) string {
	r, _ := strconv.ParseFloat(strconv.FormatFloat(x, 'g', 6, 64), 64)
	return strconv.FormatFloat(r, 'f', -1, 64)
}
