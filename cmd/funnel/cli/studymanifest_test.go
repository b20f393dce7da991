package cli

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestStudyManifestReruns: every instrument writes manifest.json, whose
// command (without --out) reruns the study into a fresh folder to the
// same bytes.
func TestStudyManifestReruns(t *testing.T) {
	short := []string{"--set", "horizon_days=20"}
	for _, tc := range [][]string{
		append([]string{"sweep", "reference", "--vary", "sales.reps=19,21", "--reps", "2", "-q"}, short...),
		append([]string{"sensitivity", "reference", "--vary", "sales.reps=19..23", "--output", "direct.revenue - direct_lifo.revenue", "--trajectories", "2", "--reps", "2", "--bootstrap", "20", "-q"}, short...),
		append([]string{"decompose", "reference", "direct", "direct_lifo", "--metric", "revenue", "--reps", "2", "--plots=false", "-q"}, short...),
		append([]string{"select", "reference", "--objective", "revenue", "--delta", "1e9", "--n0", "2", "--max-reps", "3", "-q"}, short...),
	} {
		t.Run(tc[0], func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "a")
			code, _, stderr := call(t, context.Background(), append(tc, "--out", dir)...)
			require.Equal(t, ExitOK, code, stderr)
			raw, err := os.ReadFile(filepath.Join(dir, "manifest.json"))
			require.NoError(t, err)
			var m studyManifest
			require.NoError(t, json.Unmarshal(raw, &m))
			require.Equal(t, "embedded:reference.yaml", m.ScenarioSource)
			require.NotEmpty(t, m.ScenarioSHA256)
			require.NotContains(t, m.Command+" ", " --out ")
			// The command's arguments are shell-quoted; none here needs more
			// than single quotes.
			args := splitShell(t, strings.TrimPrefix(m.Command, "funnel "))
			dir2 := filepath.Join(t.TempDir(), "b")
			code, _, stderr = call(t, context.Background(), append(args, "--out", dir2)...)
			require.Equal(t, ExitOK, code, stderr)
			entries, err := os.ReadDir(dir)
			require.NoError(t, err)
			for _, e := range entries {
				if e.Name() == "manifest.json" {
					continue
				}
				a, _ := os.ReadFile(filepath.Join(dir, e.Name()))
				b, err := os.ReadFile(filepath.Join(dir2, e.Name()))
				require.NoError(t, err)
				require.Equal(t, a, b, "%s: the manifest's command does not rerun %s", tc[0], e.Name())
			}
		})
	}
}

// splitShell splits a command line of words and single-quoted strings.
func splitShell(t *testing.T, s string) []string {
	t.Helper()
	var out []string
	var cur strings.Builder
	in, started := false, false
	for _, r := range s {
		switch {
		case r == '\'':
			in, started = !in, true
		case r == ' ' && !in:
			if started {
				out = append(out, cur.String())
				cur.Reset()
				started = false
			}
		default:
			cur.WriteRune(r)
			started = true
		}
	}
	if started {
		out = append(out, cur.String())
	}
	require.False(t, in, "unbalanced quotes in %q", s)
	return out
}
