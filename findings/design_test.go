package findings

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"funnellab/scenarios"
)

func TestMatchKey(t *testing.T) {
	cases := []struct {
		pattern, path string
		want          bool
	}{
		{"name", "name", true},
		{"name", "names", false},
		{"name", "name.x", false},
		{"segments.*.share", "segments.smb.share", true},
		{"segments.*.share", "segments.smb.win_rate", false},
		{"segments.*.share", "segments.share", false},
		{"segments.*.share", "segments.a.b.share", false},
		{"costs.**", "costs", true},
		{"costs.**", "costs.call", true},
		{"costs.**", "costs.a.b.c", true},
		{"costs.**", "costsx", false},
		{"sales.own_pipeline.**", "sales.own_pipeline.tasks_per_week", true},
		{"sales.own_pipeline.**", "sales.judgement.bar", false},
		{"*", "anything", true},
		{"*", "a.b", false},
	}
	for _, c := range cases {
		if got := MatchKey(c.pattern, c.path); got != c.want {
			t.Errorf("MatchKey(%q, %q) = %v, want %v", c.pattern, c.path, got, c.want)
		}
	}
	for _, p := range DesignKeys {
		if i := strings.Index(p, "**"); i >= 0 && i != len(p)-2 {
			t.Errorf("design key %q: ** only at the end", p)
		}
	}
}

func TestLeaves(t *testing.T) {
	data := []byte("name: x\nsales: {reps: 3, own_pipeline: {tasks_per_week: 2}}\n" +
		"policies:\n  - name: a\n    sla_hours: 1\n  - {base: direct}\n" +
		"calendar: {working_days: [mon, tue]}\nchecks: []\nsegments: {smb: {share: 1}}\n")
	ls, err := DocumentLeaves(data)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, l := range ls {
		got = append(got, fmt.Sprintf("%s@%d", l.Path, l.Line))
	}
	want := []string{"name@1", "sales.reps@2", "sales.own_pipeline.tasks_per_week@2", "policies.a.name@4", "policies.a.sla_hours@5",
		"policies.1.base@6", "calendar.working_days@7", "checks@8", "segments.smb.share@9"}
	if !slices.Equal(got, want) {
		t.Errorf("leaves\n got %v\nwant %v", got, want)
	}
}

// knownViolations are the keys the embedded finding scenarios set today
// that are the world's, not the study's design, by file: the lead
// engineer is rewriting the finding scenarios on the world. The map must
// be exact, so it can only shrink: remove a key once its file no longer
// sets it.
var knownViolations = map[string][]string{
	"annuitas.yaml": {
		"sales.judgement.bar", "response.qualify_cold", "segments.b2b.deal_value.median", "segments.b2b.deal_value.sigma",
		"segments.b2b.win_rate", "segments.b2b.early_boost", "segments.b2b.no_decision", "segments.b2b.sales_cycle_days",
		"segments.b2b.no_need_days", "segments.b2b.problem_aware_days", "segments.b2b.objective_days", "segments.b2b.evaluating_days",
		"segments.b2b.budget_allocated", "segments.b2b.budget_after_solutions",
	},
	"hbr_audit.yaml": {
		"sales.judgement.bias", "sales.judgement.noise_sd", "sales.judgement.bar", "sales.judgement.bar_per_item",
	},
	"hbr_speed.yaml": {
		"response.hot_window_hours.dist", "response.hot_window_hours.mean", "response.hot_window_hours.cv", "response.qualify_hot",
		"response.qualify_cold", "response.contact_hot", "response.contact_cold",
	},
	"mit_insidesales.yaml": {
		"response.hot_window_hours.dist", "response.hot_window_hours.mean", "response.hot_window_hours.cv", "response.qualify_hot",
		"response.qualify_cold", "response.contact_hot", "response.contact_cold",
	},
	"rule_of_45.yaml": {
		"segments.all.deal_value.median", "segments.all.deal_value.sigma", "segments.all.win_rate", "segments.all.early_boost",
		"segments.all.no_decision", "segments.all.sales_cycle_days", "segments.all.no_need_days", "segments.all.problem_aware_days",
		"segments.all.objective_days", "segments.all.evaluating_days", "segments.all.budget_allocated", "segments.all.budget_after_solutions",
	},
	"seed000_waste.yaml": {
		"sales.judgement.bar_per_item",
	},
	"siriusdecisions.yaml": {
		"sales.judgement.bar_per_item", "segments.smb.deal_value.median", "segments.smb.deal_value.sigma", "segments.smb.win_rate",
		"segments.smb.early_boost", "segments.smb.no_decision", "segments.smb.sales_cycle_days", "segments.smb.no_need_days",
		"segments.smb.problem_aware_days", "segments.smb.objective_days", "segments.smb.evaluating_days", "segments.smb.budget_allocated",
		"segments.smb.budget_after_solutions", "segments.mid_market.deal_value.median", "segments.mid_market.deal_value.sigma", "segments.mid_market.win_rate",
		"segments.mid_market.early_boost", "segments.mid_market.no_decision", "segments.mid_market.sales_cycle_days", "segments.mid_market.no_need_days",
		"segments.mid_market.problem_aware_days", "segments.mid_market.objective_days", "segments.mid_market.evaluating_days", "segments.mid_market.budget_allocated",
		"segments.mid_market.budget_after_solutions", "segments.enterprise.deal_value.median", "segments.enterprise.deal_value.sigma", "segments.enterprise.win_rate",
		"segments.enterprise.early_boost", "segments.enterprise.no_decision", "segments.enterprise.sales_cycle_days", "segments.enterprise.no_need_days",
		"segments.enterprise.problem_aware_days", "segments.enterprise.objective_days", "segments.enterprise.evaluating_days", "segments.enterprise.budget_allocated",
		"segments.enterprise.budget_after_solutions",
	},
}

// TestFindingScenariosSetOnlyDesignKeys: every embedded finding scenario
// extends world or default and sets only DesignKeys (but for its
// knownViolations); each other key is reported with its file and line.
func TestFindingScenariosSetOnlyDesignKeys(t *testing.T) {
	for _, name := range scenarios.FindingNames() {
		file := strings.TrimPrefix(name, scenarios.FindingsDir+"/") + ".yaml"
		data, err := scenarios.Embedded(name)
		if err != nil {
			t.Fatal(err)
		}
		leaves, err := DocumentLeaves(data)
		if err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		var bad []string
		for _, l := range leaves {
			if l.Path == "extends" && !slices.Contains(DesignParents, l.Value.Value) {
				t.Errorf("scenarios/findings/%s:%d: extends %q; expected one of %v", file, l.Line, l.Value.Value, DesignParents)
			}
			if IsDesignKey(l.Path) {
				continue
			}
			bad = append(bad, l.Path)
			if !slices.Contains(knownViolations[file], l.Path) {
				t.Errorf("scenarios/findings/%s:%d: %s is a key of the world, not of the study's design (findings.DesignKeys)", file, l.Line, l.Path)
			}
		}
		for _, k := range knownViolations[file] {
			if !slices.Contains(bad, k) {
				t.Errorf("scenarios/findings/%s no longer sets %s: remove it from knownViolations", file, k)
			}
		}
	}
	for file := range knownViolations {
		if !slices.Contains(scenarios.FindingNames(), scenarios.FindingsDir+"/"+strings.TrimSuffix(file, ".yaml")) {
			t.Errorf("knownViolations names %s, which is no finding scenario", file)
		}
	}
}
