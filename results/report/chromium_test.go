package report

import (
	"bytes"
	"context"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"funnellab/plots"
)

// chromiumNames are the browser binaries TestReportRendersInChromium looks
// for on PATH, after $CHROMIUM.
var chromiumNames = []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"}

// findChromium returns the path of a Chromium binary: $CHROMIUM if set
// (an error if it cannot be found), else the first of chromiumNames on
// PATH, else "".
func findChromium() (string, error) {
	if c := os.Getenv("CHROMIUM"); c != "" {
		p, err := exec.LookPath(c)
		if err != nil {
			return "", fmt.Errorf("$CHROMIUM=%s: %w", c, err)
		}
		return p, nil
	}
	for _, name := range chromiumNames {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", nil
}

// TestReportRendersInChromium opens the report in headless Chromium with
// the page's Content-Security-Policy in force and checks, in the DOM the
// browser built, that the verdict and every figure (one of them a real
// gonum/plot figure) are there. It is skipped where no Chromium is
// installed; .ci/run installs Debian's chromium package when it can.
func TestReportRendersInChromium(t *testing.T) {
	bin, err := findChromium()
	require.NoError(t, err)
	if bin == "" {
		t.Skip("chromium not installed: apt-get install chromium to run this check (or set $CHROMIUM to a Chromium or Chrome binary)")
	}
	in := testInput(t)
	p, err := plots.Revenue(table3())
	require.NoError(t, err)
	var svg bytes.Buffer
	require.NoError(t, plots.Render(&svg, "svg", plots.DefaultWidth, plots.DefaultHeight, p))
	in.Figures = append(in.Figures, Figure{Name: "revenue-box", Title: "Revenue by policy (gonum/plot)", SVG: svg.Bytes()})

	dir := t.TempDir()
	path := filepath.Join(dir, "report.html")
	var page bytes.Buffer
	require.NoError(t, Write(&page, in))
	require.NoError(t, os.WriteFile(path, page.Bytes(), 0o644))

	dom := runChromium(t, bin, dir, "--dump-dom", fileURL(path))
	verdict, _, err := Verdict(in.Report, in.Baseline)
	require.NoError(t, err)
	assert.Contains(t, dom, verdict, "the verdict is in the rendered page")
	assert.Equal(t, len(in.Figures), strings.Count(dom, "<svg"), "one <svg> element per figure")
	assert.Contains(t, dom, `<figure id="fig-revenue-box">`)
	assert.Contains(t, dom, "<table>")
	assert.Contains(t, dom, "objective.revenue &gt; waterfall.revenue")
}

// fileURL is the file: URL of path.
func fileURL(path string) string { return (&url.URL{Scheme: "file", Path: path}).String() }

// runChromium runs headless Chromium with args after the common flags and
// returns what it wrote on stdout.
func runChromium(t *testing.T, bin, dir string, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, append([]string{
		"--headless", "--disable-gpu", "--no-sandbox", "--disable-dev-shm-usage",
		"--no-first-run", "--no-default-browser-check", "--disable-extensions",
		"--user-data-dir=" + filepath.Join(dir, "profile"),
		"--virtual-time-budget=5000"}, args...)...)
	cmd.Env = append(os.Environ(), "HOME="+dir) // Chromium writes into $HOME
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	err := cmd.Run()
	t.Logf("%s %s took %v", filepath.Base(bin), args[0], time.Since(start).Round(time.Millisecond))
	require.NoError(t, ctx.Err(), "chromium timed out; stderr:\n%s", stderr.String())
	require.NoError(t, err, "chromium failed; stderr:\n%s", stderr.String())
	return stdout.String()
}

// fitScript measures, once the page is laid out, every table cell and
// table wrapper whose content is wider than its box (scrollWidth >
// clientWidth: clipped, or hidden behind a scroll bar) and whether the
// page itself scrolls sideways, and writes them into the DOM.
const fitScript = `<script>
window.addEventListener("load", function () {
  var bad = [];
  document.querySelectorAll("td, th, .table-wrap").forEach(function (e) {
    if (e.scrollWidth > e.clientWidth + 1) {
      bad.push(e.tagName + "." + e.className + " " + JSON.stringify(e.textContent.slice(0, 40)) + " " + e.scrollWidth + ">" + e.clientWidth);
    }
  });
  var d = document.documentElement;
  if (d.scrollWidth > d.clientWidth + 1) { bad.push("page " + d.scrollWidth + ">" + d.clientWidth); }
  var caps = [];
  document.querySelectorAll("figcaption").forEach(function (e) { if (e.offsetHeight > 1) { caps.push(e.textContent); } });
  var out = document.createElement("pre");
  out.id = "fit";
  out.textContent = "CLIPPED[" + bad.join(" | ") + "] CAPTIONS[" + caps.join(" | ") + "] CELLS[" + document.querySelectorAll("td").length + "]";
  document.body.appendChild(out);
});
</script>`

// printPixels is the width of the printable area of the report's page
// (A4 landscape, 12 mm margins) in CSS pixels (96 per inch).
const printWidth = (297 - 2*12) * 960 / 254 // 1031 px

// TestReportFitsInChromium lays the report out in headless Chromium at
// 1400 and 1920 pixels and at the width of its printed page (with its
// print styles applied on screen), for three policies (one wide table)
// and for the nine of scenarios/policies.yaml (a table of the means and a
// block per policy), and checks that no table cell, nor any table, is
// wider than its box: every column is readable (issue 11: the table lost
// its last column at 1400 and 1920 px and in print). It also prints the
// nine-policy report to PDF. Skipped without Chromium.
func TestReportFitsInChromium(t *testing.T) {
	bin, err := findChromium()
	require.NoError(t, err)
	if bin == "" {
		t.Skip("chromium not installed: apt-get install chromium to run this check (or set $CHROMIUM to a Chromium or Chrome binary)")
	}
	dir := t.TempDir()
	three := testInput(t)
	nine := testInput(t)
	rep, err := table9().Report(nil, 1)
	require.NoError(t, err)
	nine.Report = rep
	p, err := plots.Revenue(table9())
	require.NoError(t, err)
	var svg bytes.Buffer
	require.NoError(t, plots.Render(&svg, "svg", plots.DefaultWidth, plots.DefaultHeight, p))
	nine.Figures = []Figure{{Name: "revenue", Title: "Revenue by policy", SVG: svg.Bytes()}}

	for _, tc := range []struct {
		name string
		in   Input
	}{{"three", three}, {"nine", nine}} {
		var page bytes.Buffer
		require.NoError(t, Write(&page, tc.in))
		html := page.String()
		// Allow the measuring script (the page itself forbids scripts).
		html = strings.Replace(html, "default-src 'none';", "default-src 'none'; script-src 'unsafe-inline';", 1)
		html = strings.Replace(html, "</body>", fitScript+"\n</body>", 1)
		screen := filepath.Join(dir, tc.name+".html")
		require.NoError(t, os.WriteFile(screen, []byte(html), 0o644))
		paper := filepath.Join(dir, tc.name+"-print.html")
		require.NoError(t, os.WriteFile(paper, []byte(strings.Replace(html, "@media print {", "@media all {", 1)), 0o644))
		for _, w := range []struct {
			name  string
			path  string
			width int
		}{{"1400 px", screen, 1400}, {"1920 px", screen, 1920}, {"print", paper, printWidth}} {
			dom := runChromium(t, bin, dir, fmt.Sprintf("--window-size=%d,1000", w.width), "--dump-dom", fileURL(w.path))
			i := strings.Index(dom, `<pre id="fit">`)
			require.GreaterOrEqual(t, i, 0, "%s at %s: the measuring script did not run", tc.name, w.name)
			res := dom[i:]
			res = res[:strings.Index(res, "</pre>")]
			assert.Contains(t, res, "CLIPPED[] ", "%s policies at %s: cells wider than their box", tc.name, w.name)
			assert.Contains(t, res, "CAPTIONS[] ", "%s policies at %s: a figure's title shown twice", tc.name, w.name)
			assert.NotContains(t, res, "CELLS[0]")
		}
	}

	var page bytes.Buffer
	require.NoError(t, Write(&page, nine))
	path := filepath.Join(dir, "report.html")
	require.NoError(t, os.WriteFile(path, page.Bytes(), 0o644))
	pdf := filepath.Join(dir, "report.pdf")
	runChromium(t, bin, dir, "--print-to-pdf="+pdf, "--no-pdf-header-footer", fileURL(path))
	b, err := os.ReadFile(pdf)
	require.NoError(t, err, "chromium printed no PDF")
	assert.True(t, bytes.HasPrefix(b, []byte("%PDF-")), "report.pdf is a PDF")
	assert.Greater(t, len(b), 10000)
}
