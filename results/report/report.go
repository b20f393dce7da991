package report

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"image/color"
	"io"
	"regexp"
	"slices"
	"strings"

	"funnellab/palette"
	"funnellab/results"
	"funnellab/results/checks"
)

// Input is everything the report shows. Only Report is required; empty
// text fields leave their part of the page out.
type Input struct {
	// Report holds the statistics of the run (summary.json).
	Report *results.Report
	// Metrics defines the metrics (the simulator's funnel.MetricDefs):
	// the comparison table groups its rows by their Group. Metrics of
	// Report that it does not define, such as those of a summary.json
	// written by another version, are shown last, under "Other metrics".
	Metrics []results.MetricDef
	// Groups orders the groups of Metrics (funnel.MetricGroups); a group
	// of Metrics not in Groups comes after them, in the order of Metrics.
	Groups []string
	// ScenarioName and Description are the scenario's name and its
	// description, shown at the top; the description keeps its line
	// breaks.
	ScenarioName, Description string
	// ScenarioYAML is the resolved scenario as YAML text.
	ScenarioYAML string
	// ManifestJSON is manifest.json; it is shown indented by two spaces
	// (as written if it is not valid JSON).
	ManifestJSON string
	// Command is the command line that reruns the run.
	Command string
	// Figures are the plots, in the order shown.
	Figures []Figure
	// Checks are the results of the run's checks, if it has any.
	Checks []Check
	// Currency names the scenario's currency (its currency key); the
	// table's money metrics (unit "currency...") say it after their label.
	// "" leaves amounts in unnamed units.
	Currency string
	// Baseline is the policy the others are compared with, in the verdict
	// and the table; "" means the first policy of Report.PolicyOrder.
	Baseline string
	// VerdictMetric is the metric the verdict ranks the policies on, one
	// of VerdictMetrics; "" means revenue (VerdictMetric).
	VerdictMetric string
	// Complete is false for an interrupted run: the page then opens with a
	// warning "interrupted run: N of M replications", N being
	// Report.Replications and M Requested.
	Complete bool
	// Why is a sentence after the verdict saying why the winner wins
	// (the decomposition of verdict.decompose); "" for none.
	Why string
	// Requested is the number of replications asked for (the manifest's
	// requested_replications); 0 if unknown. Only shown when Complete is
	// false.
	Requested int
}

// Figure is one plot as an SVG document.
type Figure struct {
	// Name identifies the figure (the file name without extension, such
	// as "revenue"); the figure's anchor in the page is "fig-"+Name.
	Name string
	// Title is the caption shown above the figure; Name if empty.
	Title string
	// SVG is the SVG document, as plots.Render writes it. It is inlined
	// as is after its XML declaration, comments and document type
	// declaration are removed, so it must come from a trusted source.
	SVG []byte
}

// Check is the result of one check of the run.
type Check struct {
	// Expr is the check as written, e.g. "objective.revenue >
	// waterfall.revenue".
	Expr string
	// Passed is the verdict of the check.
	Passed bool
	// Detail describes what was observed, e.g. "observed 0.948".
	Detail string
}

// ChecksFrom converts the results of package checks, with the same
// details as the terminal output of funnel run.
func ChecksFrom(rs []checks.Result) []Check {
	out := make([]Check, len(rs))
	for i, r := range rs {
		detail := r.Detail
		if !r.Comparison || r.Detail == "n/a" {
			detail = "observed " + r.Detail
		}
		out[i] = Check{Expr: r.Check, Passed: r.Pass, Detail: detail}
	}
	return out
}

//go:embed report.html.tmpl
var pageText string

var pageTmpl = template.Must(template.New("report").Funcs(template.FuncMap{
	"inc":  func(n int) int { return n + 1 },
	"wbr":  breakable,
	"keep": keepTogether,
}).Parse(pageText))

// keepTogether joins "±" to the number after it with a no-break space,
// so that a narrow cell wraps "58.0M" above "± 1.4M", not after the "±".
func keepTogether(text string) string {
	return strings.ReplaceAll(text, " ± ", " ±\u00a0")
}

// breakable escapes a policy name and lets it break after each '_', so
// that a long name does not widen its column.
func breakable(name string) template.HTML {
	parts := strings.Split(name, "_")
	for i := range parts {
		parts[i] = template.HTMLEscapeString(parts[i])
	}
	return template.HTML(strings.Join(parts, "_<wbr>"))
}

// Write writes the report as one self-contained HTML page: the styles are
// in the page, the figures inlined as SVG, and nothing is fetched from
// anywhere (the page's Content-Security-Policy forbids it). All text is
// escaped. It returns an error if in.Report is nil or has no policy, if
// in.Baseline is not a policy of the run, or if a figure is not an SVG
// document; nothing is written then.
func Write(w io.Writer, in Input) error {
	if in.Report == nil {
		return errors.New("report: no results")
	}
	p, err := build(in)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := pageTmpl.Execute(&buf, p); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	_, err = w.Write(buf.Bytes())
	return err
}

// page is what the template shows.
type page struct {
	Name, Description string
	Facts             []string
	Warning           string
	Verdict           string
	TradeOffs         string
	Why               string
	VerdictDetails    []string
	Baseline          string
	Checks            []Check
	ChecksFailed      int
	Policies          []column
	DiffColumns       []string
	Groups            []group
	Colspan           int
	// Blocks is true when the table has too many columns to fit a page:
	// it is then shown as a table of the means and one block of
	// differences per policy against the baseline.
	Blocks       bool
	Figures      []figure
	Command      string
	ScenarioYAML string
	ManifestJSON string
}

type column struct {
	Name     string
	Color    string // CSS colour of the policy in the plots
	Baseline bool
}

type group struct {
	Name string
	Rows []row
}

type row struct {
	Metric string // snake_case, shown on hover
	Label  string // plain words
	Cells  []cell // one per policy
	Diffs  []cell // one per policy but the baseline
}

type cell struct {
	Text  string
	Title string // tooltip
	Class string
}

type figure struct {
	ID, Title string
	SVG       template.HTML
}

func build(in Input) (*page, error) {
	r := in.Report
	base, err := baselineOf(r, in.Baseline)
	if err != nil {
		return nil, err
	}
	metric := in.VerdictMetric
	if metric == "" {
		metric = VerdictMetric
	}
	verdict, details, err := VerdictOn(r, base, metric)
	if err != nil {
		return nil, err
	}
	p := &page{
		Name: in.ScenarioName, Description: strings.TrimSpace(in.Description),
		Verdict: verdict, VerdictDetails: details, Baseline: base, Why: in.Why,
		TradeOffs: TradeOffs(r, ComparedOn(r, base, metric), base),
		Checks:    in.Checks, Command: strings.TrimSpace(in.Command),
		ScenarioYAML: strings.TrimRight(in.ScenarioYAML, "\n"),
		ManifestJSON: prettyJSON(in.ManifestJSON),
	}
	if p.Name == "" {
		p.Name = "unnamed scenario"
	}
	p.Facts = []string{
		fmt.Sprintf("seed %d", r.Seed),
		replications(r.Replications),
		fmt.Sprintf("%d %s", len(r.PolicyOrder), plural(len(r.PolicyOrder), "policy", "policies")),
	}
	if len(r.PolicyOrder) > 1 {
		p.Facts = append(p.Facts, "baseline "+base)
	}
	if !in.Complete {
		if in.Requested > 0 {
			p.Warning = fmt.Sprintf("interrupted run: %d of %d replications", r.Replications, in.Requested)
		} else {
			p.Warning = fmt.Sprintf("interrupted run: %s complete", replications(r.Replications))
		}
	}
	for _, c := range in.Checks {
		if !c.Passed {
			p.ChecksFailed++
		}
	}
	for i, name := range r.PolicyOrder {
		p.Policies = append(p.Policies, column{Name: name, Color: cssColor(palette.PolicyColor(r.PolicyOrder, i)), Baseline: name == base})
		if name != base {
			p.DiffColumns = append(p.DiffColumns, name)
		}
	}
	p.Groups = table(r, base, p.DiffColumns, in.Metrics, in.Groups, SLAPolicies(r), in.Currency)
	p.Colspan = 1 + len(p.Policies) + len(p.DiffColumns)
	p.Blocks = len(p.Policies) > maxWidePolicies
	seen := map[string]bool{}
	for _, f := range in.Figures {
		svg, err := inlineSVG(f.SVG)
		if err != nil {
			return nil, fmt.Errorf("report: figure %q: %w", f.Name, err)
		}
		id := "fig-" + anchor(f.Name)
		for n := 2; seen[id]; n++ {
			id = fmt.Sprintf("fig-%s-%d", anchor(f.Name), n)
		}
		seen[id] = true
		title := f.Title
		if title == "" {
			title = f.Name
		}
		p.Figures = append(p.Figures, figure{ID: id, Title: title, SVG: template.HTML(svg)})
	}
	return p, nil
}

// table builds the comparison table's rows, grouped by the metrics'
// definitions defs in the group order order (see grouping); metrics keep
// the run's order within a group.
// maxWidePolicies is the most policies the comparison table shows in one
// wide table, a column per policy and per difference; with more, it shows
// the means in one table and each policy's differences in a block.
const maxWidePolicies = 3

// hasSLA says which policies commit to an SLA (nil: unknown); sla_breaches
// is not compared (n/a) when one of the two policies has none.
func table(r *results.Report, base string, others []string, defs []results.MetricDef, order []string, hasSLA map[string]float64, currency string) []group {
	groupOf, groups := grouping(defs, order)
	defByName := make(map[string]results.MetricDef, len(defs))
	for _, d := range defs {
		defByName[d.Name] = d
	}
	byGroup := map[string][]string{}
	for _, m := range r.MetricOrder {
		g, ok := groupOf[m]
		if !ok {
			g = otherGroup
		}
		byGroup[g] = append(byGroup[g], m)
	}
	var out []group
	for _, g := range groups {
		ms := byGroup[g]
		if len(ms) == 0 {
			continue
		}
		gr := group{Name: g}
		for _, m := range ms {
			rw := row{Metric: m, Label: label(m, defByName, currency)}
			share := isShare(m, defByName)
			for _, pol := range r.PolicyOrder {
				s := r.Summary(pol, m)
				c := cell{Text: FormatCI(s.Mean, (s.CI95High-s.CI95Low)/2), Class: "num"}
				if share {
					c.Text = formatShareCI(s.Mean, (s.CI95High-s.CI95Low)/2)
				}
				if finite(s.Mean) {
					c.Title = fmt.Sprintf("%s, %s: mean %.6g, 95%% CI %.6g to %.6g, SD %.6g, median %.6g, n = %d",
						pol, m, s.Mean, s.CI95Low, s.CI95High, s.SD, s.P50, s.N)
				}
				if c.Text == "n/a" {
					c.Class = "num na"
				}
				rw.Cells = append(rw.Cells, c)
			}
			for _, pol := range others {
				d := diffVs(r, m, pol, base)
				c := cell{Text: FormatDiff(d), Class: "num diff"}
				if share && diffKind(d) == diffSignificant {
					c.Text = formatShareDiff(d)
				}
				kind := diffKind(d)
				if m == slaBreaches && hasSLA != nil && (hasSLA[pol] == 0 || hasSLA[base] == 0) {
					kind, c.Text = diffNoSLA, diffNA
				}
				switch kind {
				case diffNoSLA:
					c.Class += " na"
					c.Title = "not compared: " + noSLA(hasSLA, pol, base) + ", so its breaches are not a difference"
				case diffNA:
					c.Class += " na"
					c.Title = "undefined: the metric is undefined in some replication"
				case diffIdentical:
					c.Class += " same"
					c.Title = "identical in every replication"
				case diffInsignif:
					c.Class += " ns"
					c.Title = "not significant: " + formatDiffFull(d) + ", the 95% CI includes zero"
				default:
					c.Class += " sig"
					c.Title = fmt.Sprintf("%s − %s, 95%% CI %.6g to %.6g", pol, base, d.CI95Low, d.CI95High)
				}
				rw.Diffs = append(rw.Diffs, c)
			}
			gr.Rows = append(gr.Rows, rw)
		}
		out = append(out, gr)
	}
	return out
}

// diffNoSLA marks an sla_breaches cell of two policies one of which has
// no SLA.
const diffNoSLA = "no SLA"

// noSLA names which of a and b has no SLA.
func noSLA(hasSLA map[string]float64, a, b string) string {
	switch {
	case hasSLA[a] == 0 && hasSLA[b] == 0:
		return a + " and " + b + " have no SLA"
	case hasSLA[a] == 0:
		return a + " has no SLA"
	}
	return b + " has no SLA"
}

// otherGroup is the last row group of the table: the metrics that
// Input.Metrics does not define.
const otherGroup = "Other metrics"

// grouping returns the group of each metric defs defines (a definition
// without a group defines none), and the groups in the table's order:
// those of order, then the other groups of defs in their order, then
// otherGroup.
func grouping(defs []results.MetricDef, order []string) (map[string]string, []string) {
	groupOf := make(map[string]string, len(defs))
	groups := slices.Clone(order)
	for _, d := range defs {
		if d.Group == "" {
			continue
		}
		groupOf[d.Name] = d.Group
		if !slices.Contains(groups, d.Group) {
			groups = append(groups, d.Group)
		}
	}
	if !slices.Contains(groups, otherGroup) {
		groups = append(groups, otherGroup)
	}
	return groupOf, groups
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func cssColor(c color.Color) string {
	r, g, b, _ := c.RGBA()
	return fmt.Sprintf("#%02x%02x%02x", r>>8, g>>8, b>>8)
}

var notAnchor = regexp.MustCompile(`[^A-Za-z0-9_-]+`)

// anchor turns a figure name into a fragment identifier.
func anchor(name string) string {
	if a := notAnchor.ReplaceAllString(name, "-"); a != "" {
		return a
	}
	return "figure"
}

// prettyJSON indents JSON text by two spaces, or returns it as it is if it
// is not valid JSON.
func prettyJSON(text string) string {
	if strings.TrimSpace(text) == "" {
		return ""
	}
	var buf bytes.Buffer
	if err := json.Indent(&buf, []byte(text), "", "  "); err != nil {
		return strings.TrimRight(text, "\n")
	}
	return strings.TrimRight(buf.String(), "\n")
}
