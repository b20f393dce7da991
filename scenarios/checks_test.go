package scenarios

import (
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestChecksValidated: malformed checks and checks naming an unknown policy
// are reported with the file and line of the entry, or the --set argument.
func TestChecksValidated(t *testing.T) {
	ref, err := Embedded(referenceName)
	require.NoError(t, err)
	base := string(ref)
	lines := strings.Count(base, "\n")
	text := base + "checks:\n  - direct.revenue > direct_lifo.revenue\n  - waterfall.revenue > 3\n  - direct.revenue =< 3\n"
	_, err = Parse("my.yaml", []byte(text), nil)
	require.Error(t, err)
	want := []string{
		"my.yaml:" + strconv.Itoa(lines+3) + `: checks.1: "waterfall.revenue > 3": unknown policy "waterfall"; the run's policies: direct, direct_lifo`,
		"my.yaml:" + strconv.Itoa(lines+4) + `: checks.2: "direct.revenue =< 3": unknown operator "=<"; expected one of <, <=, >, >=`,
	}
	require.Equal(t, strings.Join(want, "\n"), err.Error())

	r, err := Parse("my.yaml", []byte(text), []string{"checks=[direct.revenue.p95 < 1e6]"})
	require.NoError(t, err)
	require.Equal(t, []string{"direct.revenue.p95 < 1e6"}, r.Scenario.Checks)

	_, err = Parse("my.yaml", ref, []string{"checks.0=direct.revenue.p99 < 1"})
	require.EqualError(t, err, `--set checks.0=direct.revenue.p99 < 1: checks.0: "direct.revenue.p99 < 1": unknown statistic "p99"; expected one of mean, sd, ci95_low, ci95_high, p05, p50, p95`)
}
