package scenarios

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestExtends: a file that extends an embedded scenario gets its resolved
// values, overrides the keys it gives and replaces the lists it gives.
func TestExtends(t *testing.T) {
	parent, err := LoadEmbedded(DefaultName, nil)
	require.NoError(t, err)

	t.Run("policies.yaml is the default company", func(t *testing.T) {
		child, err := LoadEmbedded("policies", nil)
		require.NoError(t, err)
		got, want := child.Scenario, parent.Scenario
		assert.Equal(t, "default", got.Extends)
		got.Extends, got.Name, got.Description, got.Policies = want.Extends, want.Name, want.Description, want.Policies
		assert.Equal(t, want, got, "only name, description and policies differ")
	})

	t.Run("inherited policies keep their values", func(t *testing.T) {
		in := "extends: default\nname: child\nsales: {reps: 30}\n"
		child, err := Parse("child.yaml", []byte(in), nil)
		require.NoError(t, err)
		assert.Equal(t, 30, child.Scenario.Sales.Reps)
		assert.Equal(t, parent.Scenario.Sales.OwnPipeline, child.Scenario.Sales.OwnPipeline, "a mapping given in part keeps the parent's other keys")
		assert.Equal(t, parent.Scenario.Policies, child.Scenario.Policies, "the parent's policies, as the parent resolved them (waterfall spacing 24 h, not its preset's 4 h)")
		assert.Equal(t, 24.0, child.Scenario.Policies[0].SpacingHours)
	})

	t.Run("a list given replaces the parent's", func(t *testing.T) {
		in := "extends: default\npolicies: [{name: only, base: bant}]\n"
		child, err := Parse("child.yaml", []byte(in), nil)
		require.NoError(t, err)
		require.Len(t, child.Scenario.Policies, 1)
		want := Presets["bant"]
		want.Name = "only"
		assert.Equal(t, want, child.Scenario.Policies[0])
	})

	for _, tc := range []struct{ name, in, want string }{
		{"unknown parent", "name: x\nextends: nowhere\n", `bad.yaml:2: extends: unknown embedded scenario "nowhere"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse("bad.yaml", []byte(tc.in), nil)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
}

// TestExtendsChains: a file can extend an embedded scenario that itself
// extends another, and gets the values of the whole chain; a cycle and a
// chain longer than MaxExtendsDepth are refused with the chain named.
func TestExtendsChains(t *testing.T) {
	mid, err := LoadEmbedded("policies", nil)
	require.NoError(t, err)
	child, err := Parse("child.yaml", []byte("extends: policies\nname: child\nsales: {reps: 3}\n"), nil)
	require.NoError(t, err)
	assert.Equal(t, 3, child.Scenario.Sales.Reps)
	assert.Equal(t, mid.Scenario.Policies, child.Scenario.Policies, "the middle scenario's policies")
	assert.Equal(t, mid.Scenario.Segments, child.Scenario.Segments, "default's segments, through policies")

	_, err = parse("embedded:b.yaml", []byte("extends: default\n"), nil, []string{"default", "a", "b"}, nil)
	require.Error(t, err)
	assert.Contains(t, err.Error(), `extends: got "default", which makes a cycle (default → a → b → default)`)
	_, err = parse("embedded:d.yaml", []byte("extends: default\n"), nil, []string{"a", "b", "c", "d"}, nil)
	require.Error(t, err)
	assert.Contains(t, err.Error(), `at the end of a chain of 5 (a → b → c → d → default); expected at most 4`)
}

// TestExtendsNamedLists: an inherited channel, segment or policy can be
// changed by name without copying its keys, added to, or removed; and
// --set addresses the inherited entries by index or name.
func TestExtendsNamedLists(t *testing.T) {
	parent, err := LoadEmbedded(DefaultName, nil)
	require.NoError(t, err)
	pchans, ppols := parent.Scenario.Marketing.Channels, parent.Scenario.Policies
	require.Equal(t, "paid_search", pchans[1].Name)
	require.Equal(t, []string{"waterfall", "objective", "direct"}, []string{ppols[0].Name, ppols[1].Name, ppols[2].Name})
	load := func(t *testing.T, in string, sets ...string) Scenario {
		t.Helper()
		r, err := Parse("child.yaml", []byte("extends: default\nname: child\n"+in), sets)
		require.NoError(t, err)
		return r.Scenario
	}

	t.Run("a mapping changes one inherited channel and keeps the others", func(t *testing.T) {
		s := load(t, "marketing:\n  channels:\n    paid_search: {rate_per_year: 3000}\n")
		require.Len(t, s.Marketing.Channels, len(pchans))
		want := pchans[1]
		want.RatePerHour = 3000.0 / 8760
		assert.Equal(t, want, s.Marketing.Channels[1], "only the rate differs")
		assert.Equal(t, pchans[0], s.Marketing.Channels[0])
	})

	t.Run("a list entry named like an inherited one starts from it", func(t *testing.T) {
		s := load(t, "marketing:\n  channels: [{name: paid_search, rate_per_year: 3000}]\n")
		want := pchans[1]
		want.RatePerHour = 3000.0 / 8760
		assert.Equal(t, []Channel{want}, s.Marketing.Channels, "the list replaces the parent's; its entry keeps paid_search's mixes")
	})

	t.Run("a mapping adds, removes and changes policies", func(t *testing.T) {
		s := load(t, "policies:\n  direct: ~\n  fast: {base: sla}\n  waterfall: {sla_hours: 4}\n")
		require.Len(t, s.Policies, 3)
		wf := ppols[0]
		wf.SLAHours = 4
		assert.Equal(t, wf, s.Policies[0], "waterfall keeps its values but sla_hours")
		assert.Equal(t, ppols[1], s.Policies[1])
		fast := Presets["sla"]
		fast.Name = "fast"
		assert.Equal(t, fast, s.Policies[2], "a new name is appended, from its preset")
	})

	t.Run("an inherited policy given a base starts over from it", func(t *testing.T) {
		s := load(t, "policies: {objective: {base: bant}}\n")
		want := Presets["bant"]
		want.Name = "objective"
		assert.Equal(t, want, s.Policies[1])
	})

	t.Run("--set by index or by name on a file that gives no policies", func(t *testing.T) {
		for _, set := range []string{"policies.0.sla_hours=4", "policies.waterfall.sla_hours=4"} {
			s := load(t, "", set)
			want := append([]Policy(nil), ppols...)
			want[0].SLAHours = 4
			assert.Equal(t, want, s.Policies, set)
		}
		s := load(t, "", "policies.late.base=waterfall", "policies.late.queue=lifo")
		require.Len(t, s.Policies, 4)
		assert.Equal(t, newPolicy("late", "waterfall", "lifo"), s.Policies[3])
	})

	t.Run("--set by index on a mapping of changes, and on default itself", func(t *testing.T) {
		s := load(t, "policies: {objective: {attempts: 5}}\n", "policies.1.sla_hours=3", "policies.2.attempts=2")
		assert.Equal(t, 5, s.Policies[1].Attempts)
		assert.Equal(t, 3.0, s.Policies[1].SLAHours)
		assert.Equal(t, 2, s.Policies[2].Attempts)

		for _, set := range []string{"policies.1.sla_hours=4", "policies.objective.sla_hours=4"} {
			r, err := LoadEmbedded(DefaultName, []string{set})
			require.NoError(t, err, set)
			assert.Equal(t, 4.0, r.Scenario.Policies[1].SLAHours, set)
		}
	})

	for _, tc := range []struct{ name, in, set, want string }{
		{"removing what is not inherited", "policies:\n  fast: ~\n", "",
			`child.yaml:4: policies: got fast: ~ (remove), but policies has no entry "fast"; expected one of waterfall, objective, direct`},
		{"a value out of range in a change", "policies:\n  objective:\n    attempts: 0\n", "",
			"child.yaml:5: policies.1.attempts: got 0, expected an integer in [1,100]"},
		{"a renaming entry", "policies:\n  objective: {name: other}\n", "",
			`child.yaml:4: policies.1.name: got "other" under the entry "objective"; expected no name key there, or the same`},
		{"a name twice", "policies:\n  objective: {attempts: 2}\n  objective: {attempts: 3}\n", "",
			`child.yaml:5: policies: "objective" is given twice; first on line 4`},
		{"an index past the inherited list", "", "policies.3.sla_hours=4",
			"--set policies.3.sla_hours=4: policies.3: index 3 is out of range: the file changes the list policies it inherits from its parent by name, " +
				"and that list has 3 entries (waterfall, objective, direct); address an entry by name (policies.waterfall.KEY=VALUE), or add one under a new name (policies.NEW_NAME.KEY=VALUE)"},
		{"a new channel without a volume", "marketing:\n  channels: {events: {cost_per_lead: 80}}\n", "",
			"child.yaml:4: marketing.channels.5: got a channel with no volume, expected one of rate_per_hour, rate_per_week, rate_per_month or rate_per_year"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var sets []string
			if tc.set != "" {
				sets = []string{tc.set}
			}
			_, err := Parse("child.yaml", []byte("extends: default\nname: child\n"+tc.in), sets)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
}

// TestSetIndexIntoMappingWithoutParent: in a file that extends nothing, a
// list given as a mapping of names has no inherited order to index.
func TestSetIndexIntoMappingWithoutParent(t *testing.T) {
	in := "name: t\nmarketing: {channels: {web: {rate_per_hour: 1}}}\npolicies: {p: {base: direct}}\n"
	r, err := Parse("t.yaml", []byte(in), []string{"policies.p.queue=lifo"})
	require.NoError(t, err)
	assert.Equal(t, []Policy{newPolicy("p", "direct", "lifo")}, r.Scenario.Policies)
	_, err = Parse("t.yaml", []byte(in), []string{"policies.0.queue=lifo"})
	require.Error(t, err)
	assert.Equal(t, "--set policies.0.queue=lifo: policies.0: got index 0, but the file gives policies as a mapping from names to entries "+
		"and extends no scenario; address an entry by name (policies.NAME.KEY=VALUE)", err.Error())
}
