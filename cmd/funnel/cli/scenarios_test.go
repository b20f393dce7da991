package cli

import (
	"context"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/require"

	"funnellab/scenarios"
)

// TestScenariosCommand: funnel scenarios lists every embedded scenario,
// one per line, in the order of scenarios.Names(), each with the summary
// of its description; every embedded scenario can then be run by name.
func TestScenariosCommand(t *testing.T) {
	code, stdout, stderr := call(t, context.Background(), "scenarios")
	require.Equal(t, ExitOK, code, stderr)
	require.Empty(t, stderr)
	lines := strings.Split(strings.TrimSuffix(stdout, "\n"), "\n")
	names := append(scenarios.Names(), scenarios.FindingNames()...)
	require.Len(t, lines, len(names), stdout)
	for _, n := range []string{"default", "reference", "policies", "full_pipeline", "cheap_product",
		"expensive_machine", "emerging_tech", "telequal_cell", "sla_1h"} {
		require.Contains(t, names, n)
	}
	for i, name := range names {
		r, err := scenarios.LoadEmbedded(name, nil)
		require.NoError(t, err)
		require.NotEmpty(t, r.Scenario.Description, name)
		fields := strings.Fields(lines[i])
		require.Equal(t, name, fields[0], "line %d", i)
		sum := summary(r.Scenario.Description, summaryWidth)
		require.NotEmpty(t, sum)
		require.True(t, strings.HasSuffix(lines[i], "  "+sum), "line %q should end with %q", lines[i], sum)
		require.LessOrEqual(t, utf8.RuneCountInString(sum), summaryWidth)
	}

	code, stdout, _ = call(t, context.Background(), "help")
	require.Equal(t, ExitOK, code)
	require.Contains(t, stdout, "funnel scenarios")
	code, stdout, _ = call(t, context.Background(), "help", "scenarios")
	require.Equal(t, ExitOK, code)
	require.Contains(t, stdout, "Usage: funnel scenarios")

	code, _, stderr = call(t, context.Background(), "scenarios", "extra")
	require.Equal(t, ExitUsage, code)
	require.Contains(t, stderr, "expected no arguments")
	code, _, stderr = call(t, context.Background(), "scenarios", "--long")
	require.Equal(t, ExitUsage, code)
	require.Contains(t, stderr, "unknown flag: --long")
	// Unknown commands are still rejected with the usage, which names the
	// new command.
	code, _, stderr = call(t, context.Background(), "scenario")
	require.Equal(t, ExitUsage, code)
	require.Contains(t, stderr, `unknown command "scenario"`)
	require.Contains(t, stderr, "funnel scenarios")
}

func TestSummary(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", ""},
		{"One sentence.", "One sentence."},
		{"First one [bant-nurture].  Second\n one.", "First one [bant-nurture]."},
		{"No end", "No end"},
		{"Numbers 0.5 and 19,000. Then more.", "Numbers 0.5 and 19,000."},
		{"lower. case goes on. Upper stops.", "lower. case goes on."},
		{"A long sentence with many words that goes on well past the width allowed here.",
			"A long sentence with many words that goes on…"},
		{"Averyveryverylongwordwithoutanyspaceatall", "Averyveryverylong…"},
	} {
		w := 50
		if strings.HasPrefix(tc.in, "Avery") {
			w = 18
		}
		require.Equal(t, tc.want, summary(tc.in, w), "%q", tc.in)
	}
}
