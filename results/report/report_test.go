package report

import (
	"bytes"
	"flag"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"funnellab/plots"
	"funnellab/results"
	"funnellab/results/checks"
)

var update = flag.Bool("update", false, "rewrite testdata/report.golden.html from the current output")

// TestGolden compares the report of a small synthetic run with
// testdata/report.golden.html. Run with -update after a deliberate change,
// and open the new file in a browser before committing it.
func TestGolden(t *testing.T) {
	got := render(t, testInput(t))
	golden := filepath.Join("testdata", "report.golden.html")
	if *update {
		require.NoError(t, os.WriteFile(golden, []byte(got), 0o644))
	}
	want, err := os.ReadFile(golden)
	require.NoError(t, err, "run go test ./results/report -run TestGolden -update to create it")
	if got != string(want) {
		gl, wl := strings.Split(got, "\n"), strings.Split(string(want), "\n")
		for i := range max(len(gl), len(wl)) {
			var g, w string
			if i < len(gl) {
				g = gl[i]
			}
			if i < len(wl) {
				w = wl[i]
			}
			if g != w {
				t.Fatalf("report differs from %s at line %d:\n got: %s\nwant: %s\n(rerun with -update if the change is deliberate)", golden, i+1, g, w)
			}
		}
	}
}

func TestWriteContents(t *testing.T) {
	in := testInput(t)
	page := render(t, in)
	verdict, details, err := Verdict(in.Report, "")
	require.NoError(t, err)
	assert.Contains(t, page, esc(verdict))
	assert.Equal(t, "Of the 3 policies, objective has the highest mean revenue. "+
		"objective brings 26.4% more revenue than waterfall (95% CI 26.0%–26.7%), over 20 replications.", verdict)
	require.Len(t, details, 1)
	assert.Equal(t, "No significant difference in revenue between bant and waterfall over 20 replications: "+
		"bant brings 2.5% less on average, but the 95% CI (−5.3% to +0.2%) includes zero.", details[0])
	for _, d := range details {
		assert.Contains(t, page, esc(d))
	}
	for _, want := range []string{
		"<h1 id=\"scenario\">golden</h1>",
		"<span>seed 42</span><span>20 replications</span><span>3 policies</span><span>baseline waterfall</span>",
		// Groups in order, metrics without a definition last.
		"Revenue and deals", "Funnel volumes", "Waste and leakage", "Rep time and cost", "Other metrics",
		// Table conventions of the terminal table.
		">~<", ">=<", ">n/a<", "(&#43;26.4%)",
		"<figure id=\"fig-revenue\">", "<figcaption>Revenue by policy</figcaption>",
		"Checks: 1 of 2 failed", "<span class=\"badge\">FAIL</span>",
		"funnel run golden --seed 42 --reps 20",
		"\n  &#34;program&#34;: &#34;funnel&#34;,", // the manifest, indented
	} {
		assert.Contains(t, page, want)
	}
	assert.Less(t, strings.Index(page, "Revenue and deals"), strings.Index(page, "Funnel volumes"))
	assert.Less(t, strings.Index(page, "Rep time and cost"), strings.Index(page, "Other metrics"))
	assert.NotContains(t, page, "<?xml")
	assert.NotContains(t, page, "DOCTYPE svg")
	assert.Equal(t, 1, strings.Count(page, "<svg"))
	assert.NotContains(t, page, "interrupted run")
}

// TestTableGroups: the table's rows are grouped by the metrics'
// definitions, in the order given; a group the order lacks follows it;
// metrics without a definition or without a group come last, under "Other
// metrics", and without definitions every metric does.
func TestTableGroups(t *testing.T) {
	rep, err := table3().Report(nil, 1)
	require.NoError(t, err)
	rows := func(defs []results.MetricDef, order []string) []string {
		var out []string
		for _, g := range table(rep, "waterfall", nil, defs, order, nil, "") {
			line := g.Name + ":"
			for _, r := range g.Rows {
				line += " " + r.Metric
			}
			out = append(out, line)
		}
		return out
	}
	assert.Equal(t, []string{
		"Revenue and deals: revenue",
		"Funnel volumes: inquiries handoffs",
		"Waste and leakage: handoff_waste_share leaked_revenue_rejected",
		"Rep time and cost: sales_cost cost_per_won_deal",
		"Other metrics: custom_score",
	}, rows(testDefs, testGroups))
	assert.Equal(t, []string{
		"Funnel volumes: inquiries handoffs",
		"Revenue and deals: revenue",
		"Waste and leakage: handoff_waste_share leaked_revenue_rejected",
		"Rep time and cost: sales_cost cost_per_won_deal",
		"Custom: custom_score",
	}, rows(append(slices.Clone(testDefs), results.MetricDef{Name: "custom_score", Group: "Custom"}), nil))
	assert.Equal(t, []string{
		"Funnel volumes: inquiries handoffs",
		"Other metrics: revenue handoff_waste_share leaked_revenue_rejected sales_cost cost_per_won_deal custom_score",
	}, rows([]results.MetricDef{testDefs[0], testDefs[1], {Name: "revenue"}}, testGroups))
	assert.Equal(t, []string{
		"Other metrics: inquiries handoffs revenue handoff_waste_share leaked_revenue_rejected sales_cost cost_per_won_deal custom_score",
	}, rows(nil, nil))
}

func TestInterruptedBanner(t *testing.T) {
	in := testInput(t)
	in.Complete, in.Requested = false, 100
	assert.Contains(t, render(t, in), `<div class="warning" role="alert">interrupted run: 20 of 100 replications`)
	in.Requested = 0
	assert.Contains(t, render(t, in), `<div class="warning" role="alert">interrupted run: 20 replications complete`)
}

func TestBaselineNotFirst(t *testing.T) {
	in := testInput(t)
	in.Baseline = "objective"
	page := render(t, in)
	verdict, _, err := Verdict(in.Report, "objective")
	require.NoError(t, err)
	// objective is the best, so the next best, waterfall, is compared with it.
	assert.Equal(t, "Of the 3 policies, objective has the highest mean revenue. "+
		"waterfall brings 20.9% less revenue than objective (95% CI 20.6%–21.1%), over 20 replications.", verdict)
	assert.Contains(t, page, esc(verdict))
	assert.Contains(t, page, "vs objective")
	// The difference is turned round: waterfall − objective is negative.
	d := diffVs(in.Report, "revenue", "waterfall", "objective")
	ab, ok := in.Report.Comparison("revenue", "waterfall", "objective")
	require.True(t, ok)
	assert.Equal(t, -ab.MeanDiff, d.MeanDiff)
	assert.Equal(t, -ab.CI95High, d.CI95Low)
	assert.Equal(t, -ab.CI95Low, d.CI95High)
	assert.InDelta(t, d.MeanDiff/in.Report.Summary("objective", "revenue").Mean, d.RelDiff, 1e-12)

	in.Baseline = "nope"
	assert.ErrorContains(t, Write(&bytes.Buffer{}, in), `baseline "nope" is not a policy`)
}

func TestWriteErrors(t *testing.T) {
	assert.Error(t, Write(&bytes.Buffer{}, Input{}))
	in := testInput(t)
	in.Figures = append(in.Figures, Figure{Name: "broken", SVG: []byte("<html></html>")})
	var buf bytes.Buffer
	assert.ErrorContains(t, Write(&buf, in), `figure "broken"`)
	assert.Zero(t, buf.Len(), "nothing is written on error")
}

func TestVerdict(t *testing.T) {
	base := make([]float64, testReps)
	for r := range base {
		base[r] = 1e6 * (1 + 0.1*noise(r, 0))
	}
	scaled := func(f, spread float64) []float64 {
		out := make([]float64, len(base))
		for r, v := range base {
			out[r] = v * (f + spread*noise(r, 1))
		}
		return out
	}
	for _, tc := range []struct {
		name string
		b    []float64
		want string
	}{
		{"significant gain", scaled(1.2, 0.01),
			"objective brings 20.1% more revenue than waterfall (95% CI 19.2%–21.0%), over 20 replications."},
		{"significant loss", scaled(0.85, 0.01),
			"objective brings 14.9% less revenue than waterfall (95% CI 14.5%–15.3%), over 20 replications."},
		{"not significant", scaled(1.0, 0.05),
			"No significant difference in revenue between objective and waterfall over 20 replications: " +
				"objective brings 0.5% more on average, but the 95% CI (−1.2% to +2.2%) includes zero."},
		{"identical", scaled(1, 0),
			"objective and waterfall bring the same revenue in every replication, over 20 replications."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, details, err := Verdict(report2(t, base, tc.b), "")
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
			assert.Nil(t, details)
		})
	}

	t.Run("single policy", func(t *testing.T) {
		tab := results.NewTable([]string{"objective"}, []string{"revenue"}, testReps)
		for r, v := range base {
			tab.Set(r, 0, 0, 58e6/1e6*v)
		}
		rep, err := tab.Report(nil, 1)
		require.NoError(t, err)
		got, _, err := Verdict(rep, "")
		require.NoError(t, err)
		assert.Equal(t, "objective brings 58.2M of revenue on average (95% CI 56.2M–60.1M), over 20 replications.", got)
		in := Input{Report: rep, Complete: true}
		page := render(t, in)
		assert.Contains(t, page, esc(got))
		assert.NotContains(t, page, " vs ", "no difference columns with one policy")
	})

	t.Run("one replication", func(t *testing.T) {
		got, _, err := Verdict(report2(t, []float64{100}, []float64{120}), "")
		require.NoError(t, err)
		assert.Equal(t, "objective brings 20.0% more revenue than waterfall on average over 1 replication, too few for a confidence interval.", got)
	})

	t.Run("zero baseline revenue", func(t *testing.T) {
		zero := make([]float64, testReps)
		got, _, err := Verdict(report2(t, zero, base), "")
		require.NoError(t, err)
		assert.Equal(t, "objective brings 1.00M more revenue than waterfall (95% CI 0.97M–1.04M), over 20 replications.", got)
	})

	t.Run("undefined", func(t *testing.T) {
		b := scaled(1.2, 0.01)
		b[4] = math.NaN()
		got, _, err := Verdict(report2(t, base, b), "")
		require.NoError(t, err)
		assert.Equal(t, "The difference in revenue between objective and waterfall is undefined.", got)
	})

	t.Run("no revenue", func(t *testing.T) {
		tab := results.NewTable([]string{"a", "b"}, []string{"won"}, 3)
		rep, err := tab.Report(nil, 1)
		require.NoError(t, err)
		got, _, err := Verdict(rep, "")
		require.NoError(t, err)
		assert.Equal(t, "The results have no revenue metric, so there is no verdict.", got)
	})
}

func TestEscaping(t *testing.T) {
	in := testInput(t)
	in.ScenarioName = `evil <img src=x onerror=alert(1)>`
	in.Description = `<script>alert("owned")</script> & more`
	in.ScenarioYAML = "description: </code></pre><script>alert(2)</script>\n"
	in.ManifestJSON = `{"command":"funnel run '</pre><script>x</script>'"}`
	in.Command = `funnel run "<script>" --seed 1`
	in.Checks = []Check{{Expr: "a.revenue < b.revenue", Passed: true, Detail: "<i>x</i>"}}
	page := render(t, in)
	assert.NotContains(t, page, "<script")
	assert.NotContains(t, page, "<img")
	assert.NotContains(t, page, "<i>x</i>")
	assert.Contains(t, page, `&lt;script&gt;alert(&#34;owned&#34;)&lt;/script&gt; &amp; more`)
	assert.Contains(t, page, `<h1 id="scenario">evil &lt;img src=x onerror=alert(1)&gt;</h1>`)
	assert.Contains(t, page, `<title>evil &lt;img src=x onerror=alert(1)&gt; · Funnel Lab report</title>`)
	assert.Contains(t, page, "description: &lt;/code&gt;&lt;/pre&gt;&lt;script&gt;alert(2)&lt;/script&gt;")
	assert.Contains(t, page, "<code>a.revenue &lt; b.revenue</code>")
}

func TestChecksFrom(t *testing.T) {
	got := ChecksFrom([]checks.Result{
		{Check: "w.x < 1", Pass: true, Detail: "0.5"},
		{Check: "a.revenue > b.revenue", Comparison: true, Pass: false, Detail: "A − B = -3 (95% CI -5 to -1)"},
		{Check: "a.revenue > b.revenue", Comparison: true, Detail: "n/a"},
	})
	assert.Equal(t, []Check{
		{Expr: "w.x < 1", Passed: true, Detail: "observed 0.5"},
		{Expr: "a.revenue > b.revenue", Passed: false, Detail: "A − B = -3 (95% CI -5 to -1)"},
		{Expr: "a.revenue > b.revenue", Passed: false, Detail: "observed n/a"},
	}, got)
}

func TestInlineSVG(t *testing.T) {
	got, err := inlineSVG([]byte(tinySVG))
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(got, "<svg width="))
	assert.True(t, strings.HasSuffix(got, "</svg>"))
	for _, in := range []string{"<svg/>", "\ufeff<svg></svg>", "<!DOCTYPE svg [<!ENTITY a \"b>\">]><svg></svg>"} {
		got, err := inlineSVG([]byte(in))
		require.NoError(t, err, in)
		assert.True(t, strings.HasPrefix(got, "<svg"), in)
	}
	for _, in := range []string{"", "<svgx></svgx>", "<html><svg/></html>", "<!-- open <svg/>", "<?xml"} {
		_, err := inlineSVG([]byte(in))
		assert.Error(t, err, in)
	}
}

// TestNoExternalReferences checks that the page fetches nothing: no
// external src, href, url(), @import, http(s) URL or embedding element.
func TestNoExternalReferences(t *testing.T) {
	in := testInput(t)
	page := render(t, in)
	assert.Empty(t, externalRefs(page))

	// With a figure as the plots package draws it.
	p, err := plots.Revenue(table3())
	require.NoError(t, err)
	var svg bytes.Buffer
	require.NoError(t, plots.Render(&svg, "svg", plots.DefaultWidth, plots.DefaultHeight, p))
	in.Figures = append(in.Figures, Figure{Name: "revenue-box", SVG: svg.Bytes()})
	page = render(t, in)
	assert.Empty(t, externalRefs(page))
	assert.Equal(t, 2, strings.Count(page, "<svg"))
	assert.Contains(t, page, "Content-Security-Policy")
}

// TestExternalRefsScanner makes sure the scanner of the test above finds
// what it looks for, so that its silence means something.
func TestExternalRefsScanner(t *testing.T) {
	for _, bad := range []string{
		`<img src="x.png">`,
		`<a href="https://example.com/">x</a>`,
		`<a href='//cdn.example.com/x'>x</a>`,
		`<a href=page.html>x</a>`,
		`<link rel="stylesheet" href="style.css">`,
		`<script>1</script>`,
		`<style>@import "x.css";</style>`,
		`<style>body { background: url(bg.png) }</style>`,
		`<svg><image xlink:href="x.png"/></svg>`,
		`<p>see http://example.com</p>`,
		`<iframe></iframe>`,
	} {
		assert.NotEmpty(t, externalRefs(bad), bad)
	}
	for _, ok := range []string{
		`<a href="#verdict">v</a>`,
		`<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><path style="fill:url(#g)"/></svg>`,
		"<pre><code>source: https://example.com/scenario.yaml</code></pre>",
		`<svg><image xlink:href="data:image/png;base64,iVBORw0KGgo=" /></svg>`,
		`<svg><style>@font-face { src: url(data:font/ttf;charset=utf-8;base64,AAEAAA==) format("truetype"); }</style></svg>`,
	} {
		assert.Empty(t, externalRefs(ok), ok)
	}
}

// esc escapes text as html/template does in element content ("+" too).
func esc(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;", "'", "&#39;", "+", "&#43;").Replace(s)
}

// isData reports whether a URI is a data: URI.
func isData(uri string) bool { return strings.HasPrefix(strings.ToLower(uri), "data:") }

var (
	preBlock  = regexp.MustCompile(`(?is)<pre\b.*?</pre>`)
	svgNS     = regexp.MustCompile(`(?i)\sxmlns(:[a-z]+)?\s*=\s*"http://www\.w3\.org/[0-9]{4}/[a-z]+"`)
	urlAttr   = regexp.MustCompile(`(?i)\s((?:xlink:)?href|src|srcset|action|formaction|poster|data|background|ping|manifest|cite|longdesc)\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)`)
	cssURL    = regexp.MustCompile(`(?i)url\(\s*['"]?([^)'"]*)`)
	badTag    = regexp.MustCompile(`(?i)<(script|link|iframe|frame|object|embed|base|audio|video|source|track|applet|portal)\b`)
	dataURI   = regexp.MustCompile(`(?i)data:[^"')\s]*`)
	anyScheme = regexp.MustCompile(`(?i)(https?|ftp|wss?):|//[a-z0-9.-]+\.[a-z]{2,}`)
)

// externalRefs returns every reference in page that could make a browser
// fetch something. The text of <pre> blocks (the escaped scenario and
// manifest) is left out, and so are the SVG namespace declarations, which
// name a namespace and fetch nothing. Links within the page ("#id"),
// url(#id) and data: URIs (an image or font embedded in an SVG) are
// allowed: they fetch nothing either.
func externalRefs(page string) []string {
	s := preBlock.ReplaceAllString(page, "<pre></pre>")
	s = svgNS.ReplaceAllString(s, "")
	var refs []string
	for _, m := range urlAttr.FindAllStringSubmatch(s, -1) {
		v := strings.Trim(m[2], `"'`)
		if strings.HasSuffix(strings.ToLower(m[1]), "href") && strings.HasPrefix(v, "#") || isData(v) {
			continue
		}
		refs = append(refs, strings.TrimSpace(m[0]))
	}
	for _, m := range cssURL.FindAllStringSubmatch(s, -1) {
		if v := strings.TrimSpace(m[1]); !strings.HasPrefix(v, "#") && !isData(v) {
			refs = append(refs, m[0])
		}
	}
	if strings.Contains(strings.ToLower(s), "@import") {
		refs = append(refs, "@import")
	}
	refs = append(refs, badTag.FindAllString(s, -1)...)
	refs = append(refs, anyScheme.FindAllString(dataURI.ReplaceAllString(s, "data:"), -1)...)
	return refs
}
