package scenarios

import (
	"math"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// FuzzSet applies two --set arguments to a small scenario: Parse must not
// panic, its errors must be well formed Errors, and when it accepts the
// arguments, a number the second one set reads back (NumberAt) as the
// value given. Inputs beyond the bounds of fuzzTooCostly are skipped.
func FuzzSet(f *testing.F) {
	for _, args := range [][2]string{
		{"", "sales.reps=12"},
		{"", "response.hot_window_hours.mean=0.5"},
		{"", "policies.0.queue=lifo"},
		{"policies.1.name=late", "policies.1.sla_hours=3"},
		{"marketing.channels.1.name=web", "marketing.channels.1.rate_per_hour=3"},
		{"", "marketing.channels.0.rate_per_year=3000"},
		{"", "calendar.working_days=[mon,tue]"},
		{"", "response.hot_window_hours={dist: lognormal, mean: 1, cv: 0.5}"},
		{"", "policies=[{name: only, queue: lifo}]"},
		{"policies=[{name: a}]", "policies.1.name=b"},
		{"", "calendar.always_open=false"},
		{"", `name="123"`},
		{"", "description=a=b"},
		{"sales.reps=", "seed=~"},
		{"sales.reps=3", "sales.reps=4"},
		{"", "policies.p=~"},
		{"", "policies.fast={base: sla}"},
		{"", "segments.0.share=1"},
		{"", "deal_value.sigma=1_000"},
		{"", "sales.win_rate=.inf"},
		{"", "seed=18446744073709551615"},
		{"", "sales.reps=2.5"},
		{"", "sales.reps.x=1"},
		{"", "policies.5.name=x"},
		{"", "marketing..channels=1"},
		{"", "=1"},
		{"", "sales.reps"},
		{"", "name=[unclosed"},
	} {
		f.Add(args[0], args[1])
	}
	f.Fuzz(func(t *testing.T, first, second string) {
		if fuzzTooCostly(nil, first, second) {
			t.Skip("input beyond the fuzz bounds")
		}
		var sets []string
		for _, s := range []string{first, second} {
			if s != "" {
				sets = append(sets, s)
			}
		}
		res, err := Parse("base.yaml", []byte(base), sets)
		if err != nil {
			checkWellFormed(t, err)
			return
		}
		if second == "" {
			return
		}
		path, value, _ := strings.Cut(second, "=")
		path = strings.TrimSpace(path)
		want, ok := setNumber(value)
		if !ok || convertedRate(path) {
			return
		}
		got, _, _, _, err := NumberAt(res.Scenario, path)
		if err != nil {
			return // not a number, or a path NumberAt does not take (an entry by name)
		}
		if got != want && !(math.IsNaN(got) && math.IsNaN(want)) {
			t.Fatalf("--set %s: %s reads %v, want %v", second, path, got, want)
		}
	})
}

// setNumber returns the number a --set value is, as YAML reads it.
func setNumber(value string) (float64, bool) {
	var x any
	if err := yaml.Unmarshal([]byte(value), &x); err != nil {
		return 0, false
	}
	switch v := x.(type) {
	case int:
		return float64(v), true
	case uint64:
		return float64(v), true
	case float64:
		return v, true
	}
	return 0, false
}

// convertedRate reports whether path is a channel's rate key other than
// rate_per_hour: Parse converts those to rate_per_hour and clears them.
func convertedRate(path string) bool {
	for _, u := range rateUnits[1:] {
		if strings.HasSuffix(path, "."+u.key) {
			return true
		}
	}
	return false
}
