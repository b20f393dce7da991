package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"slices"
	"strings"

	"funnellab/decompose"
	"funnellab/internal/userfile"
	"funnellab/results"
	"funnellab/results/report"
	"funnellab/scenarios"
)

// verdictReps is the most replications the verdict's decomposition uses
// (the first ones of the run: the same seeds, so its A and B are the
// run's).
const verdictReps = 5

// verdictJobs bounds the jobs the verdict's decomposition simulates for a
// run of reps replications: the 2^3 combinations of the gate, the veto
// and the effort less the two policies the run already has, on its first
// verdictReps replications.
func verdictJobs(reps int) int { return (1<<3 - 2) * min(reps, verdictReps) }

// verdictWhy is the decomposition funnel run made for its verdict.
type verdictWhy struct {
	doc      *decompositionDoc
	waterSVG []byte
}

// verdictPair returns the policies of verdict.decompose if the run can
// decompose them, else nil and why not ("" if none was asked for).
func verdictPair(sc scenarios.Scenario) ([]string, string) {
	d := sc.Verdict.Decompose
	if len(d) != 2 {
		return nil, ""
	}
	for _, n := range d {
		i := slices.IndexFunc(sc.Policies, func(p scenarios.Policy) bool { return p.Name == n })
		if i < 0 {
			return nil, fmt.Sprintf("%q is not a policy of the run", n)
		}
		if p := sc.Policies[i]; p.SwitchFrom != "" || p.SwitchAtDays != 0 {
			return nil, fmt.Sprintf("%q uses the policy switch", n)
		}
	}
	return d, ""
}

// verdictDecomposition decomposes verdict.decompose's B - A on the
// verdict metric by families over the first min(reps, verdictReps)
// replications (A and B read from the run's table, the other 2^3 - 2
// combinations simulated), and returns decomposition.json and the waterfall chart
// (unless --plots=false); nothing if the run has no such pair.
func verdictDecomposition(ctx context.Context, plan *runPlan, o runOptions, table *results.Table) (*verdictWhy, map[string][]byte, error) {
	if plan.decompose == nil {
		return nil, nil, nil
	}
	metric := o.verdict
	if metric == "" {
		metric = report.VerdictMetric
	}
	doc, err := decomposeScenario(ctx, plan.sc, plan.decompose[0], plan.decompose[1], metric, true, min(table.Replications, verdictReps), plan.workers, table)
	if err != nil {
		return nil, nil, fmt.Errorf("verdict.decompose: %w", err)
	}
	files, err := decompositionFiles(doc, plan.sc.Currency, o.plots)
	if err != nil {
		return nil, nil, err
	}
	delete(files, "report.html") // the run's report has the decomposition
	return &verdictWhy{doc: doc, waterSVG: files["waterfall.svg"]}, files, nil
}

// svgs are the report's figures of the decomposition.
func (w *verdictWhy) svgs() []namedSVG {
	if w == nil || w.waterSVG == nil {
		return nil
	}
	return []namedSVG{{Name: "waterfall", SVG: w.waterSVG}}
}

// text is the sentence after the verdict: "objective beats waterfall on
// revenue by +15.9 M (95% CI ...) over the first 10 replications; of it,
// the veto brings ..., the effort parts ..., the gate ... (n.s.)".
func (w *verdictWhy) text() string {
	if w == nil {
		return ""
	}
	return whySentence(w.doc)
}

// familyLabels name the families in the sentence.
var familyLabels = map[string]string{"gate": "the gate", "veto": "the veto", "effort": "the effort parts"}

func whySentence(doc *decompositionDoc) string {
	t := doc.Total
	verb := "beats"
	if t.Effect < 0 {
		verb = "falls short of"
	}
	s := fmt.Sprintf("Why: %s %s %s on %s by %s (95%% CI %s to %s) over the first %d replications", doc.B, verb, doc.A, doc.Metric,
		fmtNum(t.Effect), fmtNum(float64(t.Low)), fmtNum(float64(t.High)), doc.Replications)
	if len(doc.Parts) == 0 {
		return s + "; the two policies are the same."
	}
	parts := slices.Clone(doc.Parts)
	slices.SortStableFunc(parts, func(a, b decompose.Effect) int { return cmpAbsDesc(a.Effect, b.Effect) })
	var bits []string
	for _, p := range parts {
		label := familyLabels[p.Part]
		if label == "" {
			label = p.Part
		}
		bits = append(bits, fmt.Sprintf("%s%s %s%s", label, brings(len(bits) == 0), fmtNum(p.Effect), nsMark(p)))
	}
	return s + "; of it, " + strings.Join(bits, ", ") + fmt.Sprintf(" (Shapley shares of a %s on common random numbers, adding up to the total; decomposition.json, funnel decompose).", doc.Design)
}

func brings(first bool) string {
	if first {
		return " brings"
	}
	return ""
}

func cmpAbsDesc(a, b float64) int {
	switch {
	case abs(a) > abs(b):
		return -1
	case abs(a) < abs(b):
		return 1
	}
	return 0
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

// readVerdictDecomposition reads a run folder's decomposition.json, if it
// has one, for funnel plot: the verdict's sentence and the waterfall chart
// redrawn (nil and no files without one).
func readVerdictDecomposition(dir, currency string) (*verdictWhy, map[string][]byte, error) {
	path := filepath.Join(dir, "decomposition.json")
	b, err := userfile.ReadFile(path, "run file", maxManifestBytes)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil, nil
	}
	if err != nil {
		return nil, nil, err
	}
	doc := &decompositionDoc{}
	if err := json.Unmarshal(b, doc); err != nil || doc.Result == nil {
		return nil, nil, fmt.Errorf("%s: not a decomposition: %v", path, err)
	}
	files, err := decompositionFiles(doc, currency, true)
	if err != nil {
		return nil, nil, err
	}
	delete(files, "report.html")
	delete(files, "decomposition.json")
	return &verdictWhy{doc: doc, waterSVG: files["waterfall.svg"]}, files, nil
}
