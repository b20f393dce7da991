package scenarios

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

// The fuzz targets of this package keep every execution cheap, so that a
// plain `go test -fuzz` spends its time fuzzing. The Go fuzzer minimises
// each new interesting input for up to -fuzzminimizetime (60 s by default)
// and does not fuzz meanwhile; minimising costs about one execution per
// byte of the input, several times over. With the embedded scenarios as
// seeds (2 to 11 KB, 1 to 200 ms per execution under coverage
// instrumentation, most of it parsing the parent that their extends key
// names) every minimisation ran into its 60 s limit, and a 180 s run made
// 36 executions. So the seeds are small documents, and inputs beyond the
// bounds below are skipped.
const (
	// maxFuzzYAML bounds the scenario documents fuzzed, in bytes.
	maxFuzzYAML = 2048
	// maxFuzzSet bounds each --set argument fuzzed, in bytes.
	maxFuzzSet = 256
)

// fuzzTooCostly reports whether an input is beyond the bounds above, or
// names a parent scenario: extends makes Parse parse an embedded scenario
// (milliseconds, whatever the input), and that path is covered by the
// tests in extends_test.go. An extends key is spelled out in the document
// or a --set argument (parent reads the key's literal text), so a textual
// test finds every one.
func fuzzTooCostly(data []byte, sets ...string) bool {
	if len(data) > maxFuzzYAML || bytes.Contains(data, []byte("extends")) {
		return true
	}
	for _, s := range sets {
		if len(s) > maxFuzzSet || strings.Contains(s, "extends") {
			return true
		}
	}
	return false
}

// FuzzParse checks that Parse never panics, that its errors are well
// formed, and that whatever it accepts is valid and survives MarshalYAML.
func FuzzParse(f *testing.F) {
	f.Add([]byte(base), "")
	f.Add([]byte(base), "segments.0.budget_allocated=0.9")
	f.Add([]byte(base), "marketing.channels.0.seasonality=[1,2,3]")
	f.Add([]byte(base), "policies.1={name: w, base: waterfall, routing: pooled}")
	f.Add([]byte(base), "policies.p.queue=lifo")
	f.Add([]byte(base), "calendar.working_days=[sat,sun]")
	f.Add([]byte(base), "sales.first_call_hours={dist: lognormal, cv: 2}")
	f.Add([]byte(base), "checks=[p.revenue > 0]")
	f.Add([]byte(base+"calendar: {always_open: true, open_hour: 8, close_hour: 18, working_days: [mon, tue]}\n"), "")
	f.Add([]byte(base+"response:\n  hot_window_hours: {dist: exponential, mean: 2, cv: 1}\n  qualify_hot: 0.5\n"), "")
	f.Add([]byte(base+"sales: {reps: 3, win_rate: 0.25}\ndeal_value: {median: 20000, sigma: 1}\n"), "sales.reps=7")
	f.Add([]byte(base+"observe_days: 730\nsegments:\n  - {name: smb, share: 1, budget_allocated: 0.5}\n"), "")
	f.Add([]byte(base+"checks:\n  - p.revenue.mean > 0\n  - p.revenue > q.revenue\n"), "policies.1.name=q")
	f.Add([]byte("name: t\nmarketing:\n  channels:\n    - {name: web, rate_per_year: 3000, seasonality: [1,1,1,1,1,1,2,2,1,1,1,0]}\n"+
		"policies:\n  - {name: s, base: sla, sla_hours: 1}\n  - {name: w, base: waterfall}\n"), "")
	f.Add([]byte("name: t\ncurrency: EUR\nmarketing:\n  channels:\n    - &c {name: a, rate_per_week: 10}\n    - {<<: *c, name: b}\n"+
		"policies: [{name: p, queue: lifo}]\n"), "")
	f.Add([]byte("description: >\n \n 0\nmarketing:\n channels:\n    - name: 0\npolicies:\n  - name: 0"), "")
	f.Add([]byte("a: &a [*a]\nb: *a\n"), "a.0.0=1")
	f.Add([]byte("name: t\nsales:\n  <<: {reps: 3}\n"), "x")
	f.Add([]byte("name: [t\n"), "")
	f.Add([]byte(""), "name=x")
	f.Fuzz(func(t *testing.T, data []byte, set string) {
		if fuzzTooCostly(data, set) {
			t.Skip("input beyond the fuzz bounds")
		}
		var sets []string
		if set != "" {
			sets = []string{set}
		}
		res, err := Parse("fuzz.yaml", data, sets)
		if err != nil {
			checkWellFormed(t, err)
			return
		}
		if verr := res.Scenario.Validate(); verr != nil {
			t.Fatalf("Parse accepted an invalid scenario: %v", verr)
		}
		out, err := MarshalYAML(res.Scenario)
		if err != nil {
			t.Fatalf("MarshalYAML: %v", err)
		}
		again, err := Parse("marshalled.yaml", out, nil)
		if err != nil {
			t.Fatalf("marshalled scenario does not parse: %v\n%s", err, out)
		}
		if !equalScenarios(res.Scenario, again.Scenario) {
			t.Fatalf("round trip changed the scenario:\n%+v\n%+v", res.Scenario, again.Scenario)
		}
	})
}

// checkWellFormed fails t unless err is a non-empty Errors of at most
// maxErrors (plus the note that the list was cut short), each with a
// message and no negative line.
func checkWellFormed(t *testing.T, err error) {
	t.Helper()
	var errs Errors
	if !errors.As(err, &errs) {
		t.Fatalf("error is not Errors: %T %v", err, err)
	}
	if len(errs) == 0 || len(errs) > maxErrors+1 {
		t.Fatalf("got %d errors", len(errs))
	}
	for _, e := range errs {
		if e == nil || e.Msg == "" || e.Line < 0 {
			t.Fatalf("malformed error %#v", e)
		}
	}
}
