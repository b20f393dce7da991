package results

import (
	"bytes"
	"encoding/json"
	"flag"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite golden files")

// fill returns a table whose value for (rep, p, m) is f(rep, p, m).
func fill(policies, metrics []string, reps int, f func(rep, p, m int) float64) *Table {
	t := NewTable(policies, metrics, reps)
	for r := range reps {
		for p := range policies {
			for m := range metrics {
				t.Set(r, p, m, f(r, p, m))
			}
		}
	}
	return t
}

func TestNewTable(t *testing.T) {
	policies := []string{"fifo", "lifo"}
	tab := NewTable(policies, []string{"won"}, 3)
	policies[0] = "changed"
	assert.Equal(t, []string{"fifo", "lifo"}, tab.Policies, "names are copied")
	require.NoError(t, tab.Validate())
	for p := range tab.Values {
		for _, v := range tab.Values[p][0] {
			assert.True(t, math.IsNaN(v), "unset values are NaN")
		}
	}
	tab.Set(2, 1, 0, 7)
	assert.Equal(t, 7.0, tab.Values[1][0][2])
	assert.True(t, math.IsNaN(tab.Values[0][0][2]), "Set touches one cell only")
	assert.Equal(t, 1, tab.PolicyIndex("lifo"))
	assert.Equal(t, -1, tab.PolicyIndex("none"))
	assert.Equal(t, 0, tab.MetricIndex("won"))

	assert.Panics(t, func() { tab.Set(3, 0, 0, 1) })
	assert.Panics(t, func() { tab.Set(0, 2, 0, 1) })

	// Appending to one row must not spill into the next.
	tab.Values[0][0] = append(tab.Values[0][0], 1)
	assert.True(t, math.IsNaN(tab.Values[1][0][0]))

	assert.Panics(t, func() { NewTable([]string{"a", "a"}, []string{"m"}, 1) })
	assert.Panics(t, func() { NewTable([]string{"a"}, []string{""}, 1) })
	assert.Panics(t, func() { NewTable([]string{"a"}, []string{"m"}, -1) })
}

func TestTableValidate(t *testing.T) {
	good := func() *Table { return NewTable([]string{"a", "b"}, []string{"x", "y"}, 2) }
	tests := []struct {
		name   string
		mutate func(*Table)
		want   string
	}{
		{"duplicate policy", func(t *Table) { t.Policies[1] = "a" }, `policy "a" appears twice`},
		{"empty metric", func(t *Table) { t.Metrics[0] = "" }, "empty metric name"},
		{"negative reps", func(t *Table) { t.Replications = -1 }, "negative number of replications"},
		{"missing policy values", func(t *Table) { t.Values = t.Values[:1] }, "values for 1 policies, want 2"},
		{"missing metric values", func(t *Table) { t.Values[1] = t.Values[1][:1] }, `policy "b" has values for 1 metrics, want 2`},
		{"short row", func(t *Table) { t.Values[1][1] = t.Values[1][1][:1] }, `policy "b", metric "y" has 1 values, want 2 replications`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tab := good()
			tc.mutate(tab)
			err := tab.Validate()
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
			_, err = tab.Report(nil, 0)
			assert.Error(t, err, "Report validates")
			assert.Error(t, tab.WriteCSV(&bytes.Buffer{}), "WriteCSV validates")
		})
	}
	var nilTable *Table
	assert.Error(t, nilTable.Validate())
}

func TestTableMerge(t *testing.T) {
	f := func(rep, p, m int) float64 { return float64(100*rep + 10*p + m) }
	full := fill([]string{"a", "b"}, []string{"x", "y", "z"}, 5, f)

	first := fill([]string{"a", "b"}, []string{"x", "y", "z"}, 2, f)
	// The second part has its policies and metrics in another order.
	second := fill([]string{"b", "a"}, []string{"z", "x", "y"}, 3, func(rep, p, m int) float64 {
		return f(rep+2, 1-p, (m+2)%3)
	})
	firstCopy := fill([]string{"a", "b"}, []string{"x", "y", "z"}, 2, f)

	merged, err := first.Merge(second)
	require.NoError(t, err)
	assert.Equal(t, full, merged)
	assert.Equal(t, firstCopy, first, "Merge does not modify its receiver")

	// Merging summaries through Moments agrees with summarizing the merge.
	var ma, mb Moments
	for _, v := range first.Values[0][1] {
		ma.Add(v)
	}
	for _, v := range second.Values[1][2] { // policy a, metric y in second
		mb.Add(v)
	}
	ma.Merge(mb)
	s := Summarize(merged.Values[0][1])
	relClose(t, s.Mean, ma.Mean, 1e-12, "mean")
	relClose(t, s.SD, ma.SD(), 1e-12, "sd")

	empty := NewTable([]string{"a", "b"}, []string{"x", "y", "z"}, 0)
	m2, err := empty.Merge(first)
	require.NoError(t, err)
	assert.Equal(t, first, m2)
}

func TestTableMergeMismatch(t *testing.T) {
	base := NewTable([]string{"a", "b", "c"}, []string{"x", "y"}, 1)
	tests := []struct {
		name              string
		policies, metrics []string
		want              []string
	}{
		{
			"policies", []string{"a", "b", "d"}, []string{"x", "y"},
			[]string{`policies differ: only in first ["c"], only in second ["d"]`},
		},
		{
			"missing policy", []string{"a", "b"}, []string{"x", "y"},
			[]string{`policies differ: only in first ["c"]`},
		},
		{
			"both", []string{"a", "b", "c", "e"}, []string{"x"},
			[]string{`policies differ: only in second ["e"]`, `metrics differ: only in first ["y"]`},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := base.Merge(NewTable(tc.policies, tc.metrics, 2))
			require.Error(t, err)
			for _, w := range tc.want {
				assert.Contains(t, err.Error(), w)
			}
		})
	}
	bad := NewTable([]string{"a"}, []string{"x"}, 1)
	bad.Values[0] = nil
	_, err := base.Merge(bad)
	assert.ErrorContains(t, err, "second table")
}

func TestReportComparisonsOrder(t *testing.T) {
	tab := fill([]string{"p1", "p2", "p3"}, []string{"m1", "m2"}, 4, func(rep, p, m int) float64 {
		return float64(rep + p*m)
	})
	r, err := tab.Report(map[string]any{"name": "x"}, 7)
	require.NoError(t, err)
	type key struct{ a, b, m string }
	var got []key
	for _, d := range r.Comparisons {
		got = append(got, key{d.A, d.B, d.Metric})
		assert.Equal(t, 4, d.N)
	}
	assert.Equal(t, []key{
		{"p1", "p2", "m1"}, {"p1", "p2", "m2"},
		{"p1", "p3", "m1"}, {"p1", "p3", "m2"},
		{"p2", "p3", "m1"}, {"p2", "p3", "m2"},
	}, got)
	assert.Equal(t, []string{"p1", "p2", "p3"}, r.PolicyOrder)
	assert.Equal(t, []string{"m1", "m2"}, r.MetricOrder)
	assert.Equal(t, 4, r.Replications)
	assert.Equal(t, uint64(7), r.Seed)

	assert.Equal(t, Summarize(tab.Values[2][1]), r.Summary("p3", "m2"))
	assert.Equal(t, 0, r.Summary("p3", "nope").N)
	assert.True(t, math.IsNaN(r.Summary("nope", "m1").Mean))

	d, ok := r.Comparison("m2", "p1", "p3")
	require.True(t, ok)
	assert.Equal(t, 2.0, d.MeanDiff) // (rep + 2·1) - (rep + 0)
	_, ok = r.Comparison("m2", "p3", "p1")
	assert.False(t, ok, "only a-before-b pairs are held")

	one, err := NewTable([]string{"only"}, []string{"m"}, 2).Report(nil, 0)
	require.NoError(t, err)
	b, err := json.Marshal(one)
	require.NoError(t, err)
	assert.Contains(t, string(b), `"comparisons":[]`, "no pairs: an empty list, not null")
}

// goldenTable is a small fixed run: two policies, three metrics, five
// replications, including a metric that is constant (its interval collapses
// and its relative difference is null).
func goldenTable() *Table {
	t := NewTable([]string{"fifo", "priority"}, []string{"revenue", "won_deals", "backlog"}, 5)
	data := [][][]float64{
		{ // fifo
			{1000, 1200, 900, 1100, 1050},
			{3, 4, 2, 4, 3},
			{0, 0, 0, 0, 0},
		},
		{ // priority
			{1100, 1250, 1000, 1180, 1110},
			{4, 4, 3, 5, 3},
			{0, 0, 0, 0, 0},
		},
	}
	for p := range data {
		for m := range data[p] {
			for r, v := range data[p][m] {
				t.Set(r, p, m, v)
			}
		}
	}
	return t
}

func TestReportGolden(t *testing.T) {
	scenario := map[string]any{"name": "golden", "horizon_days": 30}
	r, err := goldenTable().Report(scenario, 42)
	require.NoError(t, err)
	var buf bytes.Buffer
	require.NoError(t, WriteJSON(&buf, r))

	path := filepath.Join("testdata", "summary.golden.json")
	if *update {
		require.NoError(t, os.MkdirAll("testdata", 0o755))
		require.NoError(t, os.WriteFile(path, buf.Bytes(), 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test ./results -run Golden -update to create it")
	assert.Equal(t, string(want), buf.String(), "summary.json changed; if intended, rerun with -update")

	// The file reads back into an equal report (null as NaN).
	var back Report
	require.NoError(t, json.Unmarshal(want, &back))
	assert.Equal(t, r.Seed, back.Seed)
	assert.Equal(t, r.Replications, back.Replications)
	assert.Equal(t, r.PolicyOrder, back.PolicyOrder)
	assert.Equal(t, r.MetricOrder, back.MetricOrder)
	for _, p := range r.PolicyOrder {
		for _, m := range r.MetricOrder {
			assertSameSummary(t, r.Summary(p, m), back.Summary(p, m))
		}
	}
	require.Len(t, back.Comparisons, len(r.Comparisons))
	for i, d := range r.Comparisons {
		b := back.Comparisons[i]
		assert.Equal(t, d.Metric+d.A+d.B, b.Metric+b.A+b.B)
		for _, f := range [][2]float64{{d.MeanDiff, b.MeanDiff}, {d.CI95Low, b.CI95Low}, {d.CI95High, b.CI95High}, {d.RelDiff, b.RelDiff}} {
			assert.True(t, sameFloat(f[0], f[1]), "%v vs %v", f[0], f[1])
		}
	}
}
