package cli

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"strings"
	"time"

	"funnellab/crm"
	"funnellab/crmfit"
	"funnellab/results"
)

// fitDoc is fit.json.
type fitDoc struct {
	Scenario     string     `json:"scenario"`
	Source       string     `json:"source"`
	AsOf         string     `json:"as_of"`
	Start        string     `json:"start"`
	Days         float64    `json:"days"`
	Holdout      float64    `json:"holdout"`
	SplitAt      string     `json:"split_at,omitempty"`
	Replications int        `json:"replications"`
	Seed         uint64     `json:"seed"`
	Interval     string     `json:"interval"`
	Figures      []fitEntry `json:"figures"`
	Verdict      []string   `json:"verdict"`
}

// importDoc is import.json: what was read and every estimate.
type importDoc struct {
	Source      string            `json:"source"`
	AsOf        string            `json:"as_of"`
	AsOfGiven   bool              `json:"as_of_given"`
	Rows        map[string]int    `json:"rows"`
	Leads       int               `json:"leads"`
	Opps        int               `json:"opportunities"`
	Columns     map[string]string `json:"columns"`
	BadRows     []crm.BadRows     `json:"bad_rows"`
	KeptRows    []crm.BadRows     `json:"rows_kept_with_a_field_unread"`
	Spellings   []crm.Spelling    `json:"spellings"`
	Notes       []string          `json:"notes"`
	FittedUntil string            `json:"fitted_records_created_before,omitempty"`
	Estimates   *crmfit.Estimates `json:"estimates"`
}

// verdict says which figures of each split the scenario reproduces.
func (r *importResult) verdict() []string {
	var out []string
	for _, w := range r.windows {
		var in, miss []string
		for _, e := range r.entries {
			if e.Split != w.split {
				continue
			}
			if e.Within {
				in = append(in, e.Name)
			} else {
				miss = append(miss, e.Name)
			}
		}
		what := "fitted records (a fit, not a prediction)"
		if w.split == "holdout" {
			what = "held-out records (a prediction: not fitted on)"
		}
		s := fmt.Sprintf("%s, %s to %s: %d of %d figures within the simulated 95%% range", what,
			w.from.Format(time.DateOnly), w.to.AddDate(0, 0, -1).Format(time.DateOnly), len(in), len(in)+len(miss))
		if len(in) > 0 {
			s += "; reproduced: " + strings.Join(in, ", ")
		}
		if len(miss) > 0 {
			s += "; missed: " + strings.Join(miss, ", ")
		}
		out = append(out, s)
	}
	return out
}

func (r *importResult) fitDoc() fitDoc {
	d := fitDoc{Scenario: r.setup.name, Source: r.setup.source, AsOf: r.data.AsOf.Format(time.DateOnly),
		Start: r.start.Format(time.DateOnly), Days: r.days, Holdout: r.setup.holdout,
		Replications: r.setup.reps, Seed: r.setup.seed,
		Interval: fmt.Sprintf("the 2.5%% and 97.5%% quantiles of the figure over %d simulated replications of the scenario's policy", r.setup.reps),
		Figures:  r.entries, Verdict: r.verdict()}
	if !r.splitAt.IsZero() {
		d.SplitAt = r.splitAt.Format(time.DateOnly)
	}
	return d
}

// files are the folder funnel import writes.
func (r *importResult) files() (map[string][]byte, error) {
	files := map[string][]byte{"scenario.yaml": r.scenario}
	put := func(name string, v any) error {
		var b bytes.Buffer
		if err := results.WriteJSON(&b, jsonSafe(v)); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		files[name] = b.Bytes()
		return nil
	}
	doc := importDoc{Source: r.setup.source, AsOf: r.data.AsOf.Format(time.RFC3339), AsOfGiven: r.data.AsOfGiven,
		Rows: r.data.Rows, Leads: len(r.data.Leads), Opps: len(r.data.Opportunities), Columns: r.data.Columns,
		BadRows: r.data.Bad, KeptRows: r.data.Kept, Spellings: r.data.Spellings, Notes: r.data.Notes, Estimates: r.est}
	if !r.splitAt.IsZero() {
		doc.FittedUntil = r.splitAt.Format(time.DateOnly)
	}
	if err := put("import.json", doc); err != nil {
		return nil, err
	}
	if err := put("targets.json", r.targets); err != nil {
		return nil, err
	}
	if err := put("fit.json", r.fitDoc()); err != nil {
		return nil, err
	}
	html, err := r.report()
	if err != nil {
		return nil, err
	}
	files["report.html"] = html
	return files, nil
}

// print writes what was read and the verdict.
func (r *importResult) print(w io.Writer, dir string) {
	d := r.data
	fmt.Fprintf(w, "read %s: %d leads, %d opportunities (as_of %s)\n", r.setup.source, len(d.Leads), len(d.Opportunities), d.AsOf.Format(time.DateOnly))
	for _, b := range d.Bad {
		fmt.Fprintf(w, "  left out of %s: %d rows, %s (first at line %d)\n", b.File, b.Count, b.Reason, b.Lines[0])
	}
	for _, b := range d.Kept {
		fmt.Fprintf(w, "  kept in %s: %d rows, %s (first at line %d)\n", b.File, b.Count, b.Reason, b.Lines[0])
	}
	for _, s := range d.Spellings {
		fmt.Fprintf(w, "  %s %q also written %s: read as one\n", s.Field, s.Read, quotedList(s.Variants))
	}
	for _, n := range d.Notes {
		fmt.Fprintf(w, "  %s\n", n)
	}
	e := r.est
	fmt.Fprintf(w, "arrivals: %d sources over %g days; %s calendar\n", len(e.Arrivals.Sources), e.Arrivals.Days, map[bool]string{true: "7-day", false: "5-day"}[e.Arrivals.SevenDay])
	for _, f := range e.Cycles.Outcomes {
		fmt.Fprintf(w, "cycle %s: median %.3g days [%.3g, %.3g], cv %.3g [%.3g, %.3g], %d closed, KS %.3g (yardstick %.3g)\n",
			f.Outcome, f.MedianDays.Est, f.MedianDays.Low, f.MedianDays.High, f.CV.Est, f.CV.Low, f.CV.High, f.N, f.KS, f.KSRef)
	}
	if e.Values.N >= 2 {
		fmt.Fprintf(w, "deal values: %d won with an amount, lognormal median %.4g, sigma %.3g, KS %.3g (yardstick %.3g): %s\n",
			e.Values.N, e.Values.Median.Est, e.Values.Sigma.Est, e.Values.KSLog, e.Values.KSRef, e.Values.Chosen)
	}
	switch {
	case e.Reps.Count > 0 && math.IsNaN(e.Reps.SkillCV.Est):
		fmt.Fprintf(w, "reps: %d; no skill spread (no lost deal recorded, or fewer than 5 reps with 5 decisions): the world's skill_cv\n", e.Reps.Count)
	case e.Reps.Count > 0:
		fmt.Fprintf(w, "reps: %d, skill_cv %.3g [%.3g, %.3g]\n", e.Reps.Count, e.Reps.SkillCV.Est, e.Reps.SkillCV.Low, e.Reps.SkillCV.High)
	}
	for _, v := range r.verdict() {
		fmt.Fprintln(w, v)
	}
	fmt.Fprintf(w, "wrote %s (scenario.yaml, targets.json, fit.json, import.json, report.html, manifest.json)\n", dir)
}

// quotedList is ss, each quoted, joined by commas.
func quotedList(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = fmt.Sprintf("%q", s)
	}
	return strings.Join(q, ", ")
}
