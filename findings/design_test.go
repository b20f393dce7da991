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

// TestFindingScenariosSetOnlyDesignKeys: every embedded finding scenario
// extends world, default or another finding scenario (itself checked here)
// and sets only DesignKeys; each other key is reported with its file and
// line.
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
		for _, l := range leaves {
			if l.Path == "extends" && !slices.Contains(DesignParents, l.Value.Value) && !slices.Contains(scenarios.FindingNames(), l.Value.Value) {
				t.Errorf("scenarios/findings/%s:%d: extends %q; expected one of %v or a finding scenario", file, l.Line, l.Value.Value, DesignParents)
			}
			if IsDesignKey(l.Path) {
				continue
			}
			t.Errorf("scenarios/findings/%s:%d: %s is a key of the world, not of the study's design (findings.DesignKeys)", file, l.Line, l.Path)
		}
	}
}
