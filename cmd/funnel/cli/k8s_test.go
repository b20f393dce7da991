package cli

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"
)

// TestK8sManifestGolden: funnel k8s prints the Indexed Job and the merge
// Job of testdata/k8s_job.golden (go test -run TestK8sManifestGolden
// -update rewrites it); both documents parse as YAML.
func TestK8sManifestGolden(t *testing.T) {
	code, stdout, stderr := call(t, context.Background(), "k8s", "run", "default", "--reps", "100", "--shards", "4",
		"--out", "/data/runs/default", "--image", "registry.example/funnel:1.0", "--parallelism", "2", "--cpu", "2")
	require.Equal(t, ExitOK, code, stderr)
	const golden = "testdata/k8s_job.golden"
	if *update {
		require.NoError(t, os.WriteFile(golden, []byte(stdout), 0o644))
	}
	require.Equal(t, string(mustRead(t, golden)), stdout)
	dec := yaml.NewDecoder(strings.NewReader(stdout))
	var docs []map[string]any
	for {
		var d map[string]any
		if err := dec.Decode(&d); err != nil {
			break
		}
		docs = append(docs, d)
	}
	require.Len(t, docs, 2)
	spec := docs[0]["spec"].(map[string]any)
	require.Equal(t, "Indexed", spec["completionMode"])
	require.Equal(t, 4, spec["completions"])

	code, only, _ := call(t, context.Background(), "k8s", "run", "default", "--reps", "100", "--shards", "4",
		"--out", "/data/runs/default", "--image", "registry.example/funnel:1.0", "--parallelism", "2", "--cpu", "2", "--only", "merge")
	require.Equal(t, ExitOK, code)
	_, mergeDoc, ok := strings.Cut(stdout, "---\n")
	require.True(t, ok)
	require.True(t, strings.HasSuffix(only, mergeDoc), "--only merge prints the merge Job")
	for _, c := range [][]string{
		{"k8s", "run", "--shards", "2", "--out", "rel", "--image", "x"},
		{"k8s", "run", "--shards", "2", "--out", "/data/x"},
		{"k8s", "run", "--out", "/data/x", "--image", "x"},
		{"k8s", "decompose"},
		{"k8s", "run", "--shards", "2", "--out", "/data/x", "--image", "x", "--only", "both"},
		{"k8s", "run", "--shards", "2", "--out", "/data/x", "--image", "x", "--shard", "0/2"},
	} {
		code, _, _ := call(t, context.Background(), c...)
		require.Equal(t, ExitUsage, code, c)
	}
}
