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

	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin,
		"--headless", "--disable-gpu", "--no-sandbox", "--disable-dev-shm-usage",
		"--no-first-run", "--no-default-browser-check", "--disable-extensions",
		"--user-data-dir="+filepath.Join(dir, "profile"),
		"--virtual-time-budget=5000",
		"--dump-dom", (&url.URL{Scheme: "file", Path: path}).String())
	cmd.Env = append(os.Environ(), "HOME="+dir) // Chromium writes into $HOME
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	err = cmd.Run()
	t.Logf("%s took %v", filepath.Base(bin), time.Since(start).Round(time.Millisecond))
	require.NoError(t, ctx.Err(), "chromium timed out; stderr:\n%s", stderr.String())
	require.NoError(t, err, "chromium failed; stderr:\n%s", stderr.String())

	dom := stdout.String()
	require.NotEmpty(t, dom, "chromium dumped no DOM; stderr:\n%s", stderr.String())
	verdict, _, err := Verdict(in.Report, in.Baseline)
	require.NoError(t, err)
	assert.Contains(t, dom, verdict, "the verdict is in the rendered page")
	assert.Equal(t, len(in.Figures), strings.Count(dom, "<svg"), "one <svg> element per figure")
	assert.Contains(t, dom, `<figure id="fig-revenue-box">`)
	assert.Contains(t, dom, "<table>")
	assert.Contains(t, dom, "objective.revenue &gt; waterfall.revenue")
}
