package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

const sample = `goos: linux
BenchmarkGrowth/direct/rate/x4-2   	       1	  36583288 ns/op	         4.658 events/prospect	      1736 ns/prospect	     21072 prospects/op
BenchmarkGrowth/direct/rate/x4-2   	       1	  36583288 ns/op	         4.658 events/prospect	      1000 ns/prospect	     21072 prospects/op
BenchmarkGrowth/direct/rate/x4-2   	       1	  36583288 ns/op	         4.658 events/prospect	      3000 ns/prospect	     21072 prospects/op
BenchmarkGrowth/direct/rate/x4-2   	       1	  36583288 ns/op	         4.658 events/prospect	      2000 ns/prospect	     21072 prospects/op
BenchmarkGrowth/direct/reps/x64    	       1	  36583288 ns/op	         6.9 events/prospect
BenchmarkDefault/direct-2          	       1	  36583288 ns/op
PASS
`

// TestParseMedians: the median of each benchmark's runs, as benchstat
// computes it (the mean of the two middle values of an even count),
// other benchmarks and lines ignored.
func TestParseMedians(t *testing.T) {
	s, err := parse("sample", strings.NewReader(sample))
	require.NoError(t, err)
	require.Len(t, s, 2)
	k := key{"direct", "rate", 4}
	require.Equal(t, 1868.0, s[k]["ns/prospect"]) // (1736 + 2000) / 2
	require.Equal(t, 4.658, s[k]["events/prospect"])
	require.Equal(t, 6.9, s[key{"direct", "reps", 64}]["events/prospect"])
}

func TestParseErrors(t *testing.T) {
	_, err := parse("empty.txt", strings.NewReader("PASS\n"))
	require.ErrorContains(t, err, "empty.txt: no BenchmarkGrowth results")
	_, err = parse("bad.txt", strings.NewReader("BenchmarkGrowth/direct/rate/x4-2 1 12 ns/op 4.6\n"))
	require.ErrorContains(t, err, "bad.txt:1: a value without its unit")
	_, err = parse("bad.txt", strings.NewReader("x\nBenchmarkGrowth/direct/rate/x4-2 1 12 ns/op x events/prospect\n"))
	require.ErrorContains(t, err, `bad.txt:2: "x" is not a number`)
}

// TestRunWritesPNG: a figure is written (a PNG), and asking for a policy
// the file lacks, or no input, is an error.
func TestRunWritesPNG(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "new.txt")
	require.NoError(t, os.WriteFile(in, []byte(sample), 0o644))
	out := filepath.Join(dir, "growth.png")
	require.NoError(t, run([]string{"--new", in, "-o", out}, os.Stderr))
	b, err := os.ReadFile(out)
	require.NoError(t, err)
	require.Equal(t, "\x89PNG", string(b[:4]))
	require.ErrorContains(t, run([]string{"--new", in, "--policy", "waterfall", "-o", out}, os.Stderr), `no benchmarks of policy "waterfall"`)
	require.ErrorContains(t, run(nil, os.Stderr), "--new")
}
