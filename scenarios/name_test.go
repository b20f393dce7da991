package scenarios

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// The scenario's name names the default output folder (out/NAME-TIME), so
// it must be a file name component that can be created after the run.
func TestScenarioNameIsAFileNameComponent(t *testing.T) {
	long := strings.Repeat("n", MaxNameBytes+1)
	for _, tc := range []struct {
		yaml string // the value of name: in the file
		msg  string
	}{
		{long, "got a name of 101 bytes (\"" + long[:40] + "...\"), expected at most 100 bytes"},
		{strings.Repeat("n", 1<<20), "got a name of 1048576 bytes"},
		{`"."`, `got ".", expected a name other than . and ..`},
		{`".."`, `got "..", expected a name other than . and ..`},
		{"a/b", `got "a/b", expected a name of letters, digits, '.', '_' and '-' only`},
		{`'a\b'`, `got "a\\b", expected a name of letters`},
		{`"a\0b"`, `got "a\x00b", expected a name of letters`},
		{`"a\tb"`, `got "a\tb", expected a name of letters`},
		{`""`, `got "", expected a non-empty name`},
	} {
		t.Run(tc.msg, func(t *testing.T) {
			in := strings.Replace(base, "name: t\n", "name: "+tc.yaml+"\n", 1)
			_, err := Parse("t.yaml", []byte(in), nil)
			requireOneError(t, err, 1, "name", tc.msg)
		})
	}
	for _, ok := range []string{strings.Repeat("n", MaxNameBytes), "a", "...", ".hidden", "v1.2_b-3"} {
		in := strings.Replace(base, "name: t\n", "name: '"+ok+"'\n", 1)
		_, err := Parse("t.yaml", []byte(in), nil)
		require.NoError(t, err, ok)
	}
}

// Every embedded scenario keeps a valid name under the rule.
func TestEmbeddedScenarioNamesValid(t *testing.T) {
	for _, name := range append(Names(), FindingNames()...) {
		r, err := LoadEmbedded(name, nil)
		require.NoError(t, err, name)
		require.LessOrEqual(t, len(r.Scenario.Name), MaxNameBytes, name)
	}
}
