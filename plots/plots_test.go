package plots

import (
	"bytes"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/plot/cmpimg"

	"funnellab/results"
	"funnellab/sim/funnel"
)

// TestMetricNamesExist checks that every metric the plots read is one the
// model reports.
func TestMetricNamesExist(t *testing.T) {
	used := []string{"revenue", "handoff_waste_share", "off_target_handoff_share", "handoffs",
		"rep_hours_marketing_leads", "marketing_deals_won", "cost_per_won_deal"}
	for _, s := range funnelStages {
		used = append(used, s)
	}
	for _, c := range leakageCauses {
		used = append(used, c.metric)
	}
	names := funnel.Names()
	for _, m := range used {
		assert.Contains(t, names, m)
	}
}

func TestWriteAll(t *testing.T) {
	dir := t.TempDir()
	names, err := WriteAll(dir, testTable(), testOptions())
	require.NoError(t, err)

	var want []string
	for _, n := range []string{"revenue", "funnel", "waste", "effort", "leakage", "speed_to_lead", "qualification_by_delay", "weekly_handoffs"} {
		want = append(want, n+".png", n+".svg")
	}
	assert.Equal(t, want, names)

	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	var onDisk []string
	for _, e := range entries {
		onDisk = append(onDisk, e.Name())
	}
	slices.Sort(want)
	assert.Equal(t, want, onDisk, "exactly the files named, no temporary files left")

	for _, n := range names {
		data, err := os.ReadFile(filepath.Join(dir, n))
		require.NoError(t, err)
		require.NotEmpty(t, data, n)
		switch filepath.Ext(n) {
		case ".png":
			img, err := png.Decode(bytes.NewReader(data))
			require.NoError(t, err, n)
			assert.Equal(t, 907, img.Bounds().Dx(), n)
			assert.Equal(t, 567, img.Bounds().Dy(), n)
		case ".svg":
			assert.Contains(t, string(data), "<svg", n)
			assert.True(t, strings.HasSuffix(strings.TrimSpace(string(data)), "</svg>"), "%s is complete", n)
		}
	}
}

func TestWriteAllReplacesFiles(t *testing.T) {
	dir := t.TempDir()
	old := filepath.Join(dir, "revenue.png")
	require.NoError(t, os.WriteFile(old, []byte("old"), 0o644))
	_, err := WriteAll(dir, testTable(), Options{})
	require.NoError(t, err)
	data, err := os.ReadFile(old)
	require.NoError(t, err)
	_, err = png.Decode(bytes.NewReader(data))
	assert.NoError(t, err, "revenue.png replaced by the plot")
}

func TestWriteAllErrors(t *testing.T) {
	file := filepath.Join(t.TempDir(), "not-a-dir")
	require.NoError(t, os.WriteFile(file, []byte("x"), 0o644))
	missing := filepath.Join(t.TempDir(), "missing")
	revenueOnly := results.NewTable([]string{"a"}, []string{"revenue"}, 2)
	revenueOnly.Set(0, 0, 0, 1)
	revenueOnly.Set(1, 0, 0, 2)

	tests := []struct {
		name, dir string
		table     *results.Table
		want      string
	}{
		{"dir is a file", file, testTable(), filepath.Join(file, "revenue.png")},
		{"dir missing", missing, testTable(), filepath.Join(missing, "revenue.png")},
		{"bad table", t.TempDir(), revenueOnly, `plots: funnel: table has no metric "inquiries"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			names, err := WriteAll(tc.dir, tc.table, Options{})
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
			assert.True(t, strings.HasPrefix(err.Error(), "plots: "), err.Error())
			assert.Empty(t, names)
			if entries, err := os.ReadDir(tc.dir); err == nil {
				assert.Empty(t, entries, "nothing written")
			}
		})
	}
}

// without returns the test table without the named metric.
func without(metric string) *results.Table {
	src := testTable()
	var names []string
	for _, m := range src.Metrics {
		if m != metric {
			names = append(names, m)
		}
	}
	t := results.NewTable(src.Policies, names, src.Replications)
	for p := range t.Policies {
		for m, name := range names {
			copy(t.Values[p][m], src.Values[p][src.MetricIndex(name)])
		}
	}
	return t
}

// withValue returns the test table with one value changed.
func withValue(metric string, p, r int, v float64) *results.Table {
	t := testTable()
	t.Set(r, p, t.MetricIndex(metric), v)
	return t
}

func TestBadTable(t *testing.T) {
	builders := map[string]func(*results.Table) error{
		"revenue": func(t *results.Table) error { _, err := Revenue(t); return err },
		"funnel":  func(t *results.Table) error { _, err := Funnel(t); return err },
		"waste":   func(t *results.Table) error { _, err := Waste(t); return err },
		"leakage": func(t *results.Table) error { _, err := Leakage(t); return err },
		"effort":  func(t *results.Table) error { _, err := Effort(t); return err },
	}
	ragged := testTable()
	ragged.Values[1][0] = ragged.Values[1][0][:3]
	tests := []struct {
		name, plot string
		table      *results.Table
		want       string
	}{
		{"nil table", "revenue", nil, "plots: revenue: results: nil table"},
		{"no policies", "funnel", results.NewTable(nil, funnel.Names(), 3), "plots: funnel: table has no policies"},
		{"no replications", "leakage", results.NewTable(testPolicies, funnel.Names(), 0), "plots: leakage: table has no replications"},
		{"ragged", "waste", ragged, `policy "objective", metric "inquiries" has 3 values, want 10 replications`},
		{"no revenue", "revenue", without("revenue"), `plots: revenue: table has no metric "revenue"`},
		{"no sqls", "funnel", without("sqls"), `plots: funnel: table has no metric "sqls"`},
		{"no off-target share", "waste", without("off_target_handoff_share"), `plots: waste: table has no metric "off_target_handoff_share"`},
		{"no rep hours", "effort", without("rep_hours_marketing_leads"), `plots: effort: table has no metric "rep_hours_marketing_leads"`},
		{"no cost per deal", "effort", without("cost_per_won_deal"), `plots: effort: table has no metric "cost_per_won_deal"`},
		{"no waste share", "waste", without("handoff_waste_share"), `table has no metric "handoff_waste_share"`},
		{"no recycled", "leakage", without("leaked_revenue_recycled"), `plots: leakage: table has no metric "leaked_revenue_recycled"`},
		{"NaN revenue", "revenue", withValue("revenue", 2, 4, math.NaN()), `metric "revenue" of policy "direct" is NaN in replication 4`},
		{"infinite count", "funnel", withValue("sals", 0, 1, math.Inf(1)), `metric "sals" of policy "waterfall" is +Inf in replication 1`},
		{"NaN waste share", "waste", withValue("handoff_waste_share", 1, 0, math.NaN()), `"handoff_waste_share" of policy "objective" is NaN in replication 0`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var err error
			require.NotPanics(t, func() { err = builders[tc.plot](tc.table) })
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
}

func TestWastedHandoffs(t *testing.T) {
	tab := testTable()
	// No hand-offs: the share is NaN and nothing is wasted.
	tab.Set(3, 2, tab.MetricIndex("handoffs"), 0)
	tab.Set(3, 2, tab.MetricIndex("handoff_waste_share"), math.NaN())
	got, err := timesHandoffs(tab, "handoff_waste_share")
	require.NoError(t, err)
	assert.Equal(t, 0.0, got[2][3])
	h := tab.Values[0][tab.MetricIndex("handoffs")][5]
	assert.InDelta(t, 0.7477*h, got[0][5], 1e-9)
	_, err = Waste(tab)
	assert.NoError(t, err)
}

// means returns the means of a panel, by policy.
func means(p barPanel) []float64 {
	var out []float64
	for _, s := range p.s {
		out = append(out, s.Mean)
	}
	return out
}

// TestWasteIsWaste checks issue 11's complaint: the waste figure showed
// all rep hours on marketing leads, where objective (the policy that wins)
// looked 3 times more wasteful. The waste panels now hold only hand-offs
// that led to nothing, and the rep hours are in the effort figure, also
// per deal won, where objective is not the worst.
func TestWasteIsWaste(t *testing.T) {
	tab := testTable()
	waste, err := wastePanels(tab)
	require.NoError(t, err)
	require.Len(t, waste, WastePanels)
	var titles []string
	for _, p := range waste[:3] {
		titles = append(titles, p.title)
		assert.NotContains(t, p.title, "hours")
		assert.NotContains(t, p.yLabel, "hours")
	}
	assert.Equal(t, []string{"Hand-offs rejected\nor ignored", "Share of hand-offs\nrejected or ignored", "Off-target\nhand-offs"}, titles)
	// The hours panel holds only the hours that led to nothing, never all
	// the hours on marketing leads.
	assert.Contains(t, waste[3].yLabel, "rep_hours_wasted")
	wasted := means(waste[3])
	onLeads, err := metricSummaries(tab, "rep_hours_marketing_leads")
	require.NoError(t, err)
	for p, h := range wasted {
		assert.Less(t, h, onLeads[p].Mean)
	}
	// A table written before rep_hours_wasted existed still draws, without it.
	var kept []string
	for _, m := range tab.Metrics {
		if m != "rep_hours_wasted" {
			kept = append(kept, m)
		}
	}
	old := results.NewTable(tab.Policies, kept, tab.Replications)
	for r := range tab.Replications {
		for p := range tab.Policies {
			for m, name := range kept {
				old.Set(r, p, m, tab.Values[p][tab.MetricIndex(name)][r])
			}
		}
	}
	ws, err := wastePanels(old)
	require.NoError(t, err)
	assert.Len(t, ws, WastePanels-1)
	share := means(waste[1])
	assert.InDeltaSlice(t, []float64{74.77, 1.297, 0}, share, 1e-9, "handoff_waste_share in percent")

	effort, err := effortPanels(tab)
	require.NoError(t, err)
	require.Len(t, effort, EffortPanels)
	all, perDeal := means(effort[0]), means(effort[1])
	require.Len(t, perDeal, 3)
	assert.Greater(t, all[1], 3*all[0], "objective puts 3× the rep hours into marketing leads")
	assert.Less(t, perDeal[1], 1.1*perDeal[0], "but about as many per deal won as waterfall")
	assert.Less(t, perDeal[1], perDeal[2], "and fewer than direct")
	// A policy without any deal won has no value (and no bar) per deal.
	for r := range testReps {
		tab.Set(r, 2, tab.MetricIndex("marketing_deals_won"), 0)
		tab.Set(r, 2, tab.MetricIndex("cost_per_won_deal"), math.NaN())
	}
	effort, err = effortPanels(tab)
	require.NoError(t, err)
	assert.True(t, math.IsNaN(means(effort[1])[2]))
	assert.True(t, math.IsNaN(means(effort[2])[2]))
	_, err = Effort(tab)
	assert.NoError(t, err)
}

func TestConversions(t *testing.T) {
	// Hand-offs are per inquiry (they can exceed them), never a percentage.
	assert.Equal(t, []string{"", "1.59×", "50%", "5.0%", "150%", "–"}, conversions([]float64{100, 159, 79.5, 3.975, 5.9625, math.NaN()}))
	assert.Equal(t, []string{"", "–"}, conversions([]float64{0, 0}), "0/0")
}

// TestFunnelReadable checks what issue 11 found wrong with the funnel: the
// stages are named by their metrics (marketing_deals_won, not "deals
// won"), the axis is logarithmic so that the last stages are not flat
// lines, and it ends within a factor of the largest count rather than at
// twice it.
func TestFunnelReadable(t *testing.T) {
	tab := testTable()
	p, err := Funnel(tab)
	require.NoError(t, err)
	var labels []string
	for _, tk := range p.X.Tick.Marker.Ticks(p.X.Min, p.X.Max) {
		labels = append(labels, tk.Label)
	}
	assert.Equal(t, funnelStages, labels)
	assert.Equal(t, "marketing_deals_won", labels[len(labels)-1])
	s, err := metricSummaries(tab, "marketing_deals_won")
	require.NoError(t, err)
	in, err := metricSummaries(tab, "handoffs")
	require.NoError(t, err)
	// The axis holds log10 counts: the smallest stage is at least a
	// tenth of the way up, the largest below the top, and the top below
	// 4 times the largest.
	lo, hi := math.Log10(s[2].Mean), math.Log10(in[0].Mean)
	frac := (lo - p.Y.Min) / (p.Y.Max - p.Y.Min)
	assert.Greater(t, frac, 0.1, "the narrow end of the funnel is readable")
	assert.Less(t, hi, p.Y.Max)
	assert.Less(t, p.Y.Max, hi+math.Log10(4), "the axis ends near the largest count")
	var labelsY []string
	for _, tk := range p.Y.Tick.Marker.Ticks(p.Y.Min, p.Y.Max) {
		if tk.Label != "" {
			labelsY = append(labelsY, tk.Label)
		}
	}
	assert.Equal(t, []string{"10", "100", "1k", "10k"}, labelsY)
}

func TestFormat(t *testing.T) {
	tests := []struct {
		v    float64
		want string
	}{
		{0, "0"}, {1e-12, "0"}, {0.25, "0.25"}, {12.5, "12.5"}, {999, "999"},
		{1000, "1k"}, {20000, "20k"}, {1.25e6, "1.25M"}, {58.1e6, "58.1M"}, {-3e9, "-3G"}, {2e12, "2T"},
	}
	for _, tc := range tests {
		assert.Equal(t, tc.want, formatSI(tc.v), "formatSI(%v)", tc.v)
	}
	assert.Equal(t, "longer than twenty …\nshort", shorten("longer than twenty runes\nshort"))
	assert.Equal(t, "waterfall", shorten("waterfall"))
}

func TestDelayBucketLabels(t *testing.T) {
	got, err := hbrBuckets.Labels()
	require.NoError(t, err)
	assert.Equal(t, []string{"< 5 min", "5–30 min", "30–60 min", "1–2 h", "2–24 h", "> 24 h"}, got)
	got, err = DelayBuckets{0.25, 1.5, 48}.Labels()
	require.NoError(t, err)
	assert.Equal(t, []string{"< 15 min", "15–90 min", "1.5–48 h", "> 48 h"}, got)
	got, err = DelayBuckets{1}.Labels()
	require.NoError(t, err)
	assert.Equal(t, []string{"< 1 h", "> 1 h"}, got)
	for _, bad := range []DelayBuckets{nil, {0, 1}, {1, 1}, {2, 1}, {math.NaN()}, {math.Inf(1)}} {
		_, err := bad.Labels()
		assert.Error(t, err, "%v", bad)
	}
}

func TestECDF(t *testing.T) {
	got := ecdf(distinct(Delays{Hours: []float64{2, 0, 1, 1}}))
	assert.Equal(t, []struct{ X, Y float64 }{
		{minDelayH, 0}, {minDelayH, 25}, {1, 75}, {1, 75}, {2, 100},
	}, toPairs(got))

	many := make([]float64, 10000)
	for i := range many {
		many[i] = float64(i)
	}
	big := ecdf(distinct(Delays{Hours: many}))
	assert.Len(t, big, maxECDFPoints+1)
	assert.Equal(t, 9999.0, big[len(big)-1].X)
	assert.Equal(t, 100.0, big[len(big)-1].Y)
}

// TestECDFOfCounts: a histogram (Delays.Counts) draws the same points as
// the sample written out, for small samples (every point) and large ones
// (quantiles), with ties, zero counts and unsorted bins.
func TestECDFOfCounts(t *testing.T) {
	for _, c := range []struct{ hours, counts []float64 }{
		{[]float64{2, 0, 1}, []float64{1, 1, 2}},
		{[]float64{0.5, 0.1, 3, 7}, []float64{3, 0, 1000, 17}},
		{[]float64{1, 1, 2}, []float64{5, 6, 7000}},
	} {
		var sample []float64
		for i, h := range c.hours {
			for range int(c.counts[i]) {
				sample = append(sample, h)
			}
		}
		want := ecdf(distinct(Delays{Hours: sample}))
		got := ecdf(distinct(Delays{Hours: c.hours, Counts: c.counts}))
		assert.Equal(t, toPairs(want), toPairs(got), "%v × %v", c.hours, c.counts)
	}
}

func toPairs[T interface{ ~[]E }, E ~struct{ X, Y float64 }](xys T) []struct{ X, Y float64 } {
	out := make([]struct{ X, Y float64 }, len(xys))
	for i, p := range xys {
		out[i] = struct{ X, Y float64 }(p)
	}
	return out
}

func TestEngineInputErrors(t *testing.T) {
	order := testPolicies
	rates := func(r ...float64) DelayRates { return DelayRates{Policy: "direct", Rate: r} }
	series := func(x, m []float64) TimePlot {
		return TimePlot{Name: "q", Title: "Queue", YLabel: "leads (count)", Series: []Series{{Policy: "direct", X: x, Mean: m}}}
	}
	tests := []struct {
		name  string
		build func() error
		want  string
	}{
		{"speed: none", func() error { _, err := SpeedToLead(nil, order); return err }, "speed to lead: no policies"},
		{"speed: negative", func() error {
			_, err := SpeedToLead([]Delays{{Policy: "direct", Hours: []float64{1, -2}}}, order)
			return err
		}, `policy "direct": delay -2 is not a finite non-negative number of hours`},
		{"speed: NaN", func() error {
			_, err := SpeedToLead([]Delays{{Policy: "direct", Hours: []float64{math.NaN()}}}, order)
			return err
		}, "delay NaN is not"},
		{"speed: unknown policy", func() error {
			_, err := SpeedToLead([]Delays{{Policy: "lifo", Hours: []float64{1}}}, order)
			return err
		}, `policy "lifo" is not in the policy order`},
		{"speed: twice", func() error {
			_, err := SpeedToLead([]Delays{{Policy: "direct"}, {Policy: "direct"}}, order)
			return err
		}, `policy "direct" appears twice`},
		{"rates: none", func() error { _, err := QualificationByDelay(nil, hbrBuckets, order); return err }, "no policies"},
		{"rates: short", func() error {
			_, err := QualificationByDelay([]DelayRates{rates(0.1, 0.2)}, hbrBuckets, order)
			return err
		}, "2 rates, want 6"},
		{"rates: above 1", func() error {
			_, err := QualificationByDelay([]DelayRates{rates(0.1, 0.2, 1.5, 0, 0, 0)}, hbrBuckets, order)
			return err
		}, `bucket "30–60 min": value 1.5 is not a share in [0, 1]`},
		{"rates: one bound", func() error {
			r := rates(0, 0, 0, 0, 0, 0)
			r.Low = r.Rate
			_, err := QualificationByDelay([]DelayRates{r}, hbrBuckets, order)
			return err
		}, "interval bounds: 6 low and 0 high"},
		{"rates: outside interval", func() error {
			r := rates(0.5, 0, 0, 0, 0, 0)
			r.Low, r.High = []float64{0.6, 0, 0, 0, 0, 0}, []float64{0.7, 0, 0, 0, 0, 0}
			_, err := QualificationByDelay([]DelayRates{r}, hbrBuckets, order)
			return err
		}, `bucket "< 5 min": rate 0.5 is not within its interval [0.6, 0.7]`},
		{"rates: no buckets", func() error {
			_, err := QualificationByDelay([]DelayRates{rates(0.1)}, nil, order)
			return err
		}, "no delay bucket edges"},
		{"rates: buckets not increasing", func() error {
			_, err := QualificationByDelay([]DelayRates{rates(0.1, 0.2, 0.3)}, DelayBuckets{1, 0.5}, order)
			return err
		}, "delay bucket edges [1 0.5] are not finite, positive and increasing"},
		{"time: bad name", func() error {
			tp := series([]float64{1}, []float64{1})
			tp.Name = "../x"
			_, err := OverTime(tp, order)
			return err
		}, `name "../x" is not letters`},
		{"time: no title", func() error {
			tp := series([]float64{1}, []float64{1})
			tp.Title = ""
			_, err := OverTime(tp, order)
			return err
		}, "need a title"},
		{"time: lengths", func() error { _, err := OverTime(series([]float64{1, 2}, []float64{1}), order); return err },
			"2 times, 1 means"},
		{"time: not increasing", func() error {
			_, err := OverTime(series([]float64{1, 1}, []float64{1, 2}), order)
			return err
		}, "times not increasing at point 1"},
		{"time: NaN", func() error {
			_, err := OverTime(series([]float64{1, 2}, []float64{1, math.NaN()}), order)
			return err
		}, "point 1: value NaN is not a finite number"},
		{"time: empty", func() error { _, err := OverTime(series(nil, nil), order); return err }, "no points"},
		{"figures: name clash", func() error {
			tp := series([]float64{1}, []float64{1})
			tp.Name = "revenue"
			_, err := Figures(testTable(), Options{OverTime: []TimePlot{tp}})
			return err
		}, `name "revenue" is used by another plot`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var err error
			require.NotPanics(t, func() { err = tc.build() })
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
			assert.True(t, strings.HasPrefix(err.Error(), "plots: "), err.Error())
		})
	}
}

// TestEngineInputsWithoutOrder checks that the engine-fed plots work
// without a policy order, colouring policies by their position in the input,
// and with a policy without contacts and rates without intervals.
func TestEngineInputsWithoutOrder(t *testing.T) {
	o := testOptions()
	o.SpeedToLead[1].Hours = nil
	o.Qualification[0].Low, o.Qualification[0].High = nil, nil
	_, err := SpeedToLead(o.SpeedToLead, nil)
	assert.NoError(t, err)
	_, err = QualificationByDelay(o.Qualification, o.DelayBuckets, nil)
	assert.NoError(t, err)
	tp := o.OverTime[0]
	tp.Series[2].Low, tp.Series[2].High = nil, nil
	_, err = OverTime(tp, nil)
	assert.NoError(t, err)
}

// TestGoldenSensitive checks that the golden comparison notices a change
// in the data: one replication's revenue moved by 30%.
func TestGoldenSensitive(t *testing.T) {
	tab := testTable()
	m := tab.MetricIndex("revenue")
	tab.Set(0, 1, m, 1.3*tab.Values[1][m][0])
	p, err := Revenue(tab)
	require.NoError(t, err)
	var buf bytes.Buffer
	require.NoError(t, Render(&buf, "png", DefaultWidth, DefaultHeight, p))
	want, err := os.ReadFile(filepath.Join("testdata", "revenue.golden.png"))
	require.NoError(t, err)
	ok, err := cmpimg.EqualApprox("png", buf.Bytes(), want, goldenDelta)
	require.NoError(t, err)
	assert.False(t, ok, "a changed plot compares unequal to the golden image")
}

func TestRenderErrors(t *testing.T) {
	assert.ErrorContains(t, Render(&bytes.Buffer{}, "png", DefaultWidth, DefaultHeight), "no panels")
	p, err := Revenue(testTable())
	require.NoError(t, err)
	assert.ErrorContains(t, Render(&bytes.Buffer{}, "bmp", DefaultWidth, DefaultHeight, p), "plots: render")
}

func BenchmarkWriteAll(b *testing.B) {
	tab, opts := testTable(), testOptions()
	dir := b.TempDir()
	for b.Loop() {
		if _, err := WriteAll(dir, tab, opts); err != nil {
			b.Fatal(err)
		}
	}
}
