package scenarios

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestUnsupportedTags(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		line     int
		key, tag string
	}{
		{"python object", base + "sales:\n  reps: !!python/object:os.system 20\n", 9, "sales.reps", "!!python/object:os.system"},
		{"timestamp", base + "description: !!timestamp 2001-12-14\n", 8, "description", "!!timestamp"},
		{"local tag on a mapping", base + "sales: !thing\n  reps: 3\n", 8, "sales", "!thing"},
		{"in a list", "name: t\npolicies:\n  - name: p\n  - !!set {a}\n", 4, "policies.1", "!!set"},
		{"on a key", base + "!!python/name:x : 1\n", 8, "", "!!python/name:x"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse("t.yaml", []byte(tc.in), nil)
			requireOneError(t, err, tc.line, tc.key,
				"unsupported tag "+tc.tag+"; expected no tag or one of !!str !!int !!float !!bool !!null !!map !!seq !!binary")
		})
	}
	// The standard tags are still read as before.
	r, err := Parse("t.yaml", []byte(base+"sales:\n  reps: !!int 7\ndescription: !!str 12\ncurrency: !!binary RVVS\n"), nil)
	require.NoError(t, err)
	require.Equal(t, 7, r.Scenario.Sales.Reps)
	require.Equal(t, "12", r.Scenario.Description)
	require.Equal(t, "EUR", r.Scenario.Currency)

	_, err = Parse("t.yaml", []byte(base), []string{"sales.reps=!!python/object:os.system 20"})
	require.ErrorContains(t, err, "--set sales.reps=!!python/object:os.system 20: sales.reps: invalid value: unsupported tag !!python/object:os.system")
}

func TestKeyTooLong(t *testing.T) {
	for _, n := range []int{MaxKeyBytes + 1, 1024, 1025, 1 << 20} {
		key := strings.Repeat("k", n)
		want := "" // a key longer than yaml.v3 reads is found on its line
		if n <= 1024 {
			want = "sales" // one it reads is placed in its mapping
		}
		_, err := Parse("t.yaml", []byte(base+"sales:\n  "+key+": 1\n"), nil)
		requireOneError(t, err, 9, want, "key too long:", "expected at most 256")

		_, err = Parse("t.yaml", []byte(base+"sales:\n  \""+key+"\": 1\n"), nil)
		require.ErrorContains(t, err, "t.yaml:9: ")
		require.ErrorContains(t, err, "key too long:")
	}
	_, err := Parse("t.yaml", []byte(base+"sales:\n  "+strings.Repeat("k", MaxKeyBytes)+": 1\n"), nil)
	require.ErrorContains(t, err, "unknown key", "a key at the limit is read (and here unknown)")
}
