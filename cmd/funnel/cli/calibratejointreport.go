package cli

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"strings"
	"text/tabwriter"

	"funnellab/results"
	"funnellab/scenarios"
)

// jointJSON is NAME.calibration.json.
type jointJSON struct {
	Command     string         `json:"command"`
	World       string         `json:"world"`
	Written     string         `json:"written"`
	Seed        *uint64        `json:"seed"`         // --seed, or null: each scenario's
	Reps        *int           `json:"replications"` // --reps, or null: each scenario's
	Loss        results.Float  `json:"loss"`         // null: a target undefined everywhere tried
	StartLoss   results.Float  `json:"start_loss"`   // the best of the start design (and the world's values)
	Evaluations int            `json:"evaluations"`  // runs of every scenario, the Jacobian's included
	Starts      int            `json:"starts"`
	Step        float64        `json:"step"`
	Bootstrap   int            `json:"bootstrap_resamples"`
	Keys        []jointKeyJSON `json:"keys"`
	Targets     []jointTgtJSON `json:"targets"`
	Ident       jointIdentJSON `json:"identifiability"`
	// Jacobian[i][k] is d(mean of target i)/d(key k), key k in its own
	// units.
	Jacobian [][]results.Float `json:"jacobian"`
}

type jointKeyJSON struct {
	Key        string           `json:"key"`
	Start      float64          `json:"start"`
	Estimate   float64          `json:"estimate"`
	Bounds     [2]float64       `json:"bounds"`
	CI95       [2]results.Float `json:"ci95_bootstrap"`
	SDDelta    results.Float    `json:"sd_delta"`
	CI95Delta  [2]results.Float `json:"ci95_delta"`
	Identified bool             `json:"identified"`
	Why        string           `json:"why_not_identified,omitempty"`
}

type jointTgtJSON struct {
	ID        string           `json:"id"`
	Scenario  string           `json:"scenario"`
	Quantity  string           `json:"quantity"`
	Compare   string           `json:"compare"`
	Published float64          `json:"published"`
	Band      [2]results.Float `json:"band"`
	Scale     float64          `json:"scale"`
	Weight    float64          `json:"weight"`
	Fitted    results.Float    `json:"fitted"`
	CI95      [2]results.Float `json:"ci95"`
	SE        results.Float    `json:"se"`
	Residual  results.Float    `json:"residual"`
	InBand    bool             `json:"in_band"`
}

type jointIdentJSON struct {
	Singular   []results.Float `json:"singular_values"`
	Condition  results.Float   `json:"condition"`
	Rank       int             `json:"rank"`
	Directions []jointDirJSON  `json:"directions"`
}

type jointDirJSON struct {
	Singular results.Float            `json:"singular_value"`
	Pinned   bool                     `json:"pinned"`
	Loadings map[string]results.Float `json:"loadings"`
}

// keyValue maps a unit-scaled coordinate of key k to its units, without
// rounding an integer key (an interval's end).
func (st *jointSetup) keyValue(k int, u float64) float64 {
	p := st.params[k]
	return p.lo + u*(p.hi-p.lo)
}

// direction describes right singular vector j as a combination of keys.
func (st *jointSetup) direction(res *jointResult, j int) string {
	var parts []string
	for a, p := range st.params {
		if v := res.sv.V.At(a, j); math.Abs(v) >= 0.1 {
			parts = append(parts, fmt.Sprintf("%+.2f·%s", v, p.key))
		}
	}
	return strings.Join(parts, " ")
}

func (st *jointSetup) command() string {
	return strings.Join(append([]string{"funnel", "calibrate"}, st.args...), " ")
}

// report prints the fit, writes the fitted world and the JSON report,
// and fails with ExitCalibrationMissed if a two-sided target's fitted
// mean is outside its band.
func (st *jointSetup) report(res *jointResult, stdout io.Writer) error {
	best := res.fit.Best.U
	var text bytes.Buffer
	reps := "each scenario's replications"
	if st.reps > 0 {
		reps = plural(st.reps, "replication")
	}
	seed := "each scenario's seed"
	if st.seedSet {
		seed = fmt.Sprintf("seed %d", st.seed)
	}
	fmt.Fprintf(&text, "calibrated %s of %s to %s of %s in %d evaluations (a run of every scenario each; %s, %s):\n",
		plural(len(st.params), "key"), st.world.Source, plural(len(st.targets), "finding"), plural(len(st.scenarios), "scenario"), res.evals, reps, seed)
	fmt.Fprintf(&text, "loss %.4g (best start %.4g, evaluation %d of %d)\n", res.fit.Best.Loss, res.fit.Trace[res.fit.StartBest].Loss,
		res.fit.StartBest+1, len(res.fit.Trace))
	tw := tabwriter.NewWriter(&text, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "key\testimate\t95% CI (bootstrap)\t±1.96·sd (delta)\twas\tbounds\tidentified")
	for k, p := range st.params {
		id := "yes"
		if res.why[k] != "" {
			id = "NOT identified: " + res.why[k]
		}
		delta := "n/a"
		if sd := res.sdDelta[k] * (p.hi - p.lo); !math.IsNaN(sd) {
			delta = "±" + fnum(1.96*sd)
		}
		fmt.Fprintf(tw, "%s\t%s\t[%s, %s]\t%s\t%s\t%s–%s\t%s\n", p.key, fnum(st.value(k, best[k])),
			fnum(st.keyValue(k, res.ciBoot[k][0])), fnum(st.keyValue(k, res.ciBoot[k][1])), delta, fnum(p.start), fnum(p.lo), fnum(p.hi), id)
	}
	tw.Flush()
	tw = tabwriter.NewWriter(&text, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "finding\tscenario\tpublished\treproduced if\tfitted [95% CI]\tresidual\tweight\tverdict")
	var missed []string
	for i, t := range st.targets {
		r := res.at[i]
		verdict := "reproduced"
		if !t.target.InBand(r.Mean) {
			verdict = "NOT reproduced"
			if t.target.Compare == "within" {
				missed = append(missed, fmt.Sprintf("%s = %s, band %s", t.finding.ID, fnum(r.Mean), target(r)))
			}
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%.3g\t%g\t%s\n", t.finding.ID, strings.TrimPrefix(st.scenarios[t.scenario].name, scenarios.FindingsDir+"/"),
			fnum(t.target.Published), target(r), simulated(r), t.target.Residual(r.Mean), t.target.Weight, verdict)
	}
	tw.Flush()
	fmt.Fprintf(&text, "identifiability: singular values of W^½J (keys in bound ranges) %s; condition %s; rank %d of %d\n",
		fnums(res.sv.Values), fnum(res.sv.Condition), res.sv.Rank, len(st.params))
	for j, s := range res.sv.Values {
		state := "pinned"
		if res.sv.Weak(j) {
			state = "NOT pinned"
		}
		fmt.Fprintf(&text, "  direction %d (σ = %s): %s: %s\n", j+1, fnum(s), st.direction(res, j), state)
	}

	// The fitted world.
	wres, err := scenarios.Parse(st.world.Source, st.worldData, st.keySets(best))
	if err != nil {
		return asUsage(err)
	}
	sc := wres.Scenario
	setCalibrated(&sc, st.params)
	yml, err := scenarios.MarshalYAML(sc)
	if err != nil {
		return err
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "# Calibrated by: %s\n", st.command())
	fmt.Fprintf(&b, "# (the world %s with the fitted keys; report: %s)\n", st.world.Source, st.json)
	if len(missed) > 0 {
		fmt.Fprintf(&b, "# MISSED %s: this is the closest fit found\n", strings.Join(missed, "; "))
	}
	for _, line := range strings.Split(strings.TrimRight(text.String(), "\n"), "\n") {
		fmt.Fprintf(&b, "#   %s\n", strings.TrimRight(line, " "))
	}
	b.Write(yml)

	js := st.reportJSON(res)
	var jb bytes.Buffer
	if err := results.WriteJSON(&jb, js); err != nil {
		return err
	}
	if err := results.WriteFileAtomic(st.json, jb.Bytes(), 0o644); err != nil {
		return err
	}
	if err := results.WriteFileAtomic(st.out, b.Bytes(), 0o644); err != nil {
		return err
	}
	stdout.Write(text.Bytes())
	fmt.Fprintf(stdout, "wrote %s and %s\n", st.out, st.json)
	if len(missed) > 0 {
		return &exitError{ExitCalibrationMissed, fmt.Errorf("calibrate: a two-sided finding is outside its band at the closest fit found (%s); %s is that fit",
			strings.Join(missed, "; "), st.out)}
	}
	return nil
}

// setCalibrated records the fitted keys in the scenario's calibrated list
// (what funnel reproduce --perturb moves).
func setCalibrated(sc *scenarios.Scenario, params []calibParam) {
	keys := make([]string, len(params))
	for k, p := range params {
		keys[k] = p.key
	}
	sc.Calibrated = keys
}

func fnums(xs []float64) string {
	parts := make([]string, len(xs))
	for i, x := range xs {
		parts[i] = fnum(x)
	}
	return strings.Join(parts, ", ")
}

func (st *jointSetup) reportJSON(res *jointResult) jointJSON {
	best := res.fit.Best.U
	js := jointJSON{Command: st.command(), World: st.world.Source, Written: st.out, Loss: results.Float(res.fit.Best.Loss),
		StartLoss: results.Float(res.fit.Trace[res.fit.StartBest].Loss), Evaluations: res.evals, Starts: st.starts, Step: st.step, Bootstrap: jointBootstrap}
	if st.seedSet {
		js.Seed = &st.seed
	}
	if st.reps > 0 {
		js.Reps = &st.reps
	}
	for k, p := range st.params {
		span := p.hi - p.lo
		est := st.value(k, best[k])
		kj := jointKeyJSON{Key: p.key, Start: p.start, Estimate: est, Bounds: [2]float64{p.lo, p.hi},
			CI95:       [2]results.Float{results.Float(st.keyValue(k, res.ciBoot[k][0])), results.Float(st.keyValue(k, res.ciBoot[k][1]))},
			SDDelta:    results.Float(res.sdDelta[k] * span),
			Identified: res.why[k] == "", Why: res.why[k]}
		kj.CI95Delta = [2]results.Float{results.Float(math.Max(est-1.96*res.sdDelta[k]*span, p.lo)), results.Float(math.Min(est+1.96*res.sdDelta[k]*span, p.hi))} // clamped to the bounds
		js.Keys = append(js.Keys, kj)
	}
	for i, t := range st.targets {
		r := res.at[i]
		js.Targets = append(js.Targets, jointTgtJSON{ID: t.finding.ID, Scenario: st.scenarios[t.scenario].name, Quantity: t.finding.Quantity,
			Compare: t.target.Compare, Published: t.target.Published, Band: [2]results.Float{results.Float(t.target.Low), results.Float(t.target.High)},
			Scale: t.target.Scale, Weight: t.target.Weight, Fitted: results.Float(r.Mean), CI95: [2]results.Float{results.Float(r.CI95Low), results.Float(r.CI95High)},
			SE: results.Float(res.se[i]), Residual: results.Float(t.target.Residual(r.Mean)), InBand: t.target.InBand(r.Mean)})
		row := make([]results.Float, len(st.params))
		for k, p := range st.params {
			row[k] = results.Float(res.jacobian[i][k] / (p.hi - p.lo))
		}
		js.Jacobian = append(js.Jacobian, row)
	}
	js.Ident = jointIdentJSON{Condition: results.Float(res.sv.Condition), Rank: res.sv.Rank}
	for j, s := range res.sv.Values {
		js.Ident.Singular = append(js.Ident.Singular, results.Float(s))
		d := jointDirJSON{Singular: results.Float(s), Pinned: !res.sv.Weak(j), Loadings: map[string]results.Float{}}
		for a, p := range st.params {
			d.Loadings[p.key] = results.Float(res.sv.V.At(a, j))
		}
		js.Ident.Directions = append(js.Ident.Directions, d)
	}
	return js
}
