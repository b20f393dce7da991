package scenarios

import (
	"flag"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite golden files")

const (
	docsPath    = "../docs/scenario.md"
	beginMarker = "<!-- BEGIN GENERATED -->\n"
	endMarker   = "<!-- END GENERATED -->"
)

// TestDocsUpToDate checks that the generated part of docs/scenario.md is
// Reference(); -update rewrites it.
func TestDocsUpToDate(t *testing.T) {
	data, err := os.ReadFile(docsPath)
	require.NoError(t, err)
	doc := string(data)
	begin := strings.Index(doc, beginMarker)
	end := strings.Index(doc, endMarker)
	require.True(t, begin >= 0 && end > begin, "%s must contain %q followed by %q", docsPath, beginMarker, endMarker)
	begin += len(beginMarker)

	want := "\n" + Reference() + "\n"
	if *update {
		doc = doc[:begin] + want + doc[end:]
		require.NoError(t, os.WriteFile(docsPath, []byte(doc), 0o644))
		return
	}
	require.Equal(t, want, doc[begin:end],
		"the generated part of %s is out of date; run go test ./scenarios -run TestDocsUpToDate -update", docsPath)
}

func TestReferenceCoversEveryKey(t *testing.T) {
	ref := Reference()
	for _, key := range []string{
		"`name`", "`seed`", "`calendar.working_days`", "`marketing.channels[].rate_per_hour`",
		"`response.hot_window_hours.cv`", "`sales.first_call_hours.dist`", "`deal_value.sigma`",
		"`policies[].queue`",
	} {
		require.Contains(t, ref, "| "+key+" |")
	}
	// Enumerations are shown as values, with no raw "|" breaking the table.
	require.Contains(t, ref, "| `policies[].queue` | string |  | `fifo` | `fifo`, `lifo` |")
	require.Contains(t, ref, "| `sales.reps` | integer | reps | `20` | `[1,100000]` |")
	require.NotContains(t, ref, "oneof=")
}
