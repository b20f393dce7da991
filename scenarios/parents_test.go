package scenarios

import (
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestParentsReplaceEmbedded: a child extending an embedded scenario that
// extends another (default → world once world.yaml is embedded; policies
// → default before) sees the values of the replacement given for the
// grandparent, through the chain: the same scenario as the middle one
// read with extends set to what the replacement extends. A replacement
// may extend an embedded scenario but nothing else, and one that closes
// a cycle is refused.
func TestParentsReplaceEmbedded(t *testing.T) {
	mid, grand := "policies", DefaultName
	if slices.Contains(Names(), "world") {
		mid, grand = DefaultName, "world"
	}
	repl := []byte("extends: reference\nname: other_world\n")
	child := []byte("extends: " + mid + "\nname: child\n")
	plain, err := Parse("child.yaml", child, nil)
	require.NoError(t, err)
	got, err := ParseWith("child.yaml", child, nil, Parents{grand: repl})
	require.NoError(t, err, "a replacement that extends an embedded scenario")

	midData, err := Embedded(mid)
	require.NoError(t, err)
	want, err := Parse("mid.yaml", midData, []string{"extends=reference", "name=child"})
	require.NoError(t, err)
	want.Scenario.Extends = mid
	assert.Equal(t, want.Scenario, got.Scenario, "%s over the replacement of %s", mid, grand)
	assert.NotEqual(t, plain.Scenario, got.Scenario, "the replacement changes the child")

	// Without the name in Parents, nothing is replaced.
	same, err := ParseWith("child.yaml", child, nil, Parents{"no_such": repl})
	require.NoError(t, err)
	assert.Equal(t, plain.Scenario, same.Scenario)

	_, err = ParseWith("child.yaml", child, nil, Parents{grand: []byte("extends: /tmp/elsewhere.yaml\nname: w\n")})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "unknown embedded scenario")
	_, err = ParseWith("child.yaml", child, nil, Parents{grand: []byte("extends: " + mid + "\nname: w\n")})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "which makes a cycle")
	_, err = ParseWith("child.yaml", child, nil, Parents{grand: []byte("name: w\nsales: {reps: -1}\n")})
	require.Error(t, err)
	assert.Contains(t, err.Error(), grand+" (replaced)")
}
