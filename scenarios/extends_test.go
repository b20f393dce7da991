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
		{"no chains", "extends: policies\n", `bad.yaml:1: extends: got "policies", which itself extends "default"; expected a scenario that extends none`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse("bad.yaml", []byte(tc.in), nil)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
}
