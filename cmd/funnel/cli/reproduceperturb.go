package cli

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"funnellab/experiment"
	"funnellab/findings"
	"funnellab/results"
	"funnellab/scenarios"
)

// fragileShare is the move under which a verdict that flips makes its
// finding fragile (--perturb).
const fragileShare = 0.05

// perturbBookkeeping are the keys of a finding scenario file that
// --perturb never moves: what names, sizes and times the run and how it
// measures, not what it models (patterns as findings.MatchKey's).
var perturbBookkeeping = []string{"name", "description", "extends", "seed", "replications", "horizon_days", "observe_days",
	"warmup_days", "calibrated", "findings.**", "checks.**", "verdict.**", "policies.*.name", "policies.*.base"}

// perturbKey is a key --perturb moves: how --set names it, its value and
// its range.
type perturbKey struct {
	set        string // as --set takes it (list entries by name where the file names them)
	origin     string // "calibrated" or "file"
	value      float64
	integer    bool
	lo, hi     float64
	additive   bool // the value is 0: moved by a share of its range
	rangeWidth float64
}

// perturbCell is a finding's verdict under one move of a key.
type perturbCell struct {
	Move    string        `json:"move"` // "-20%", "-5%", "+5%", "+20%"
	Value   float64       `json:"value"`
	Mean    results.Float `json:"mean"`
	Verdict string        `json:"verdict"` // reproduced, not_reproduced, or invalid (the moved scenario does not validate)
	Error   string        `json:"error,omitempty"`
}

// perturbRow is a finding against one key.
type perturbRow struct {
	Scenario       string        `json:"scenario"`
	Finding        string        `json:"finding"`
	Key            string        `json:"key"`
	Origin         string        `json:"origin"` // calibrated (the scenario's calibrated list) or file (set by the finding scenario)
	Base           float64       `json:"base"`
	BaseReproduced bool          `json:"base_reproduced"`
	Moves          []perturbCell `json:"moves"`
	Class          string        `json:"class"`
}

// perturbSkip is a key --perturb does not move, and why.
type perturbSkip struct {
	Scenario string `json:"scenario"`
	Key      string `json:"key"`
	Reason   string `json:"reason"`
}

// perturbFinding is a finding's class over all the keys moved.
type perturbFinding struct {
	ID    string `json:"id"`
	Class string `json:"class"` // robust, sensitive, fragile, or unperturbed (no key moved)
	Keys  int    `json:"keys"`
}

// perturbation is what funnel reproduce --perturb found.
type perturbation struct {
	Share    float64          `json:"perturb"`
	Fragile  float64          `json:"fragile_share"`
	Moves    []string         `json:"moves"`
	Findings []perturbFinding `json:"findings"`
	Rows     []perturbRow     `json:"rows"`
	Skipped  []perturbSkip    `json:"skipped"`
	class    map[string]string
}

// perturbMoves are the relative moves, in the order of the table's columns.
func perturbMoves(f float64) []float64 { return []float64{-f, -fragileShare, fragileShare, f} }

func moveLabel(m float64) string {
	return fmt.Sprintf("%+g%%", math.Round(m*1e4)/1e2)
}

// perturbFindings reruns every finding scenario with each of its
// perturbed keys moved by -F, -5%, +5% and +F, one at a time, and
// classes each finding: fragile if a ±5% move flips its verdict,
// sensitive if only a ±F move does, robust otherwise.
func perturbFindings(ctx context.Context, inputs []findingInput, resolved []*scenarios.Resolved, base []findings.Result,
	opts reproduceOptions, f float64, workers int, log *slog.Logger) (*perturbation, error) {
	moves := perturbMoves(f)
	p := &perturbation{Share: f, Fragile: fragileShare, Rows: []perturbRow{}, Skipped: []perturbSkip{}, class: map[string]string{}}
	for _, m := range moves {
		p.Moves = append(p.Moves, moveLabel(m))
	}
	baseByID := map[string]findings.Result{}
	for _, r := range base {
		baseByID[r.ID] = r
	}
	for i, in := range inputs {
		keys, skipped, err := perturbKeys(in, resolved[i].Scenario)
		if err != nil {
			return nil, asUsage(fmt.Errorf("reproduce: --perturb: %s: %w", in.name, err))
		}
		p.Skipped = append(p.Skipped, skipped...)
		start := time.Now()
		rows := make([][]perturbRow, len(resolved[i].Scenario.Findings))
		for j, fd := range resolved[i].Scenario.Findings {
			for _, k := range keys {
				rows[j] = append(rows[j], perturbRow{Scenario: in.name, Finding: fd.ID, Key: k.set, Origin: k.origin,
					Base: k.value, BaseReproduced: baseByID[fd.ID].Reproduced})
			}
		}
		for ki, k := range keys {
			for _, m := range moves {
				v := k.moved(m)
				vs := strconv.FormatFloat(v, 'g', -1, 64)
				cells := make([]perturbCell, len(rows))
				res, err := opts.load(in, []string{k.set + "=" + vs})
				var rs []findings.Result
				if err == nil {
					t0 := time.Now()
					rs, _, err = evaluateFindings(ctx, res.Scenario, workers)
					if err != nil && ctx.Err() != nil {
						return nil, err
					}
					log.Info("perturbed run", "scenario", in.name, "key", k.set, "value", vs, "seconds", fmt.Sprintf("%.1f", time.Since(t0).Seconds()))
				}
				for j := range cells {
					cells[j] = perturbCell{Move: moveLabel(m), Value: v, Mean: results.Float(math.NaN()), Verdict: "invalid"}
					if err != nil {
						cells[j].Error = strings.ReplaceAll(err.Error(), "\n", " ")
						continue
					}
					cells[j].Mean = results.Float(rs[j].Mean)
					cells[j].Verdict = "not_reproduced"
					if rs[j].Reproduced {
						cells[j].Verdict = "reproduced"
					}
				}
				for j := range rows {
					rows[j][ki].Moves = append(rows[j][ki].Moves, cells[j])
				}
			}
		}
		for j, fd := range resolved[i].Scenario.Findings {
			class := "unperturbed"
			if len(keys) > 0 {
				class = "robust"
			}
			for ki := range rows[j] {
				rows[j][ki].Class = rowClass(rows[j][ki])
				class = worse(class, rows[j][ki].Class)
			}
			p.class[fd.ID] = class
			p.Findings = append(p.Findings, perturbFinding{ID: fd.ID, Class: class, Keys: len(keys)})
			p.Rows = append(p.Rows, rows[j]...)
		}
		log.Info("perturbed", "scenario", in.name, "keys", len(keys), "runs", 4*len(keys), "seconds", fmt.Sprintf("%.1f", time.Since(start).Seconds()))
	}
	return p, nil
}

// rowClass: fragile if a ±5% move flips the verdict, sensitive if only a
// ±F move does, else robust; invalid moves flip nothing.
func rowClass(r perturbRow) string {
	class := "robust"
	for _, c := range r.Moves {
		if c.Verdict == "invalid" || (c.Verdict == "reproduced") == r.BaseReproduced {
			continue
		}
		if c.Move == moveLabel(fragileShare) || c.Move == moveLabel(-fragileShare) {
			class = worse(class, "fragile")
		} else {
			class = worse(class, "sensitive")
		}
	}
	return class
}

// moved is the key's value moved by the relative move m: multiplied by
// 1+m, or, at 0, moved by m times its range; clamped to its range and
// rounded if it is an integer.
func (k perturbKey) moved(m float64) float64 {
	x := k.value * (1 + m)
	if k.additive {
		x = k.value + m*k.rangeWidth
	}
	x = math.Min(math.Max(x, k.lo), k.hi)
	if k.integer {
		x = math.Round(x)
	}
	return x
}

// perturbKeys are the keys --perturb moves in a finding scenario: its
// calibrated keys (inherited from the world), then the numeric keys the
// file itself sets, but for perturbBookkeeping. A key at 0 with an
// unbounded range is skipped (there is no scale to move it by), as are
// keys the file sets to something other than a number.
func perturbKeys(in findingInput, sc scenarios.Scenario) ([]perturbKey, []perturbSkip, error) {
	var keys []perturbKey
	var skipped []perturbSkip
	seen := map[string]bool{}
	add := func(set, origin string, fileValue *float64) error {
		path, err := experiment.ResolveKey(sc, set)
		if err != nil {
			return err
		}
		if seen[path] {
			return nil
		}
		seen[path] = true
		v, integer, lo, hi, err := scenarios.NumberAt(sc, path)
		if err != nil {
			if origin == "file" {
				return nil // not a number: nothing to move
			}
			return err
		}
		if fileValue != nil {
			v = *fileValue // what the file says (a rate given per week is read per hour)
		}
		k := perturbKey{set: set, origin: origin, value: v, integer: integer, lo: lo, hi: hi}
		if v == 0 {
			if math.IsInf(lo, 0) || math.IsInf(hi, 0) {
				skipped = append(skipped, perturbSkip{Scenario: in.name, Key: set, Reason: "0 with an unbounded range: no scale to move it by"})
				return nil
			}
			if hi-lo > 1 {
				// A weight or a count at 0 is a part switched off; its range
				// ([0,1e6], [0,2000]) is a sanity cap, not a scale.
				skipped = append(skipped, perturbSkip{Scenario: in.name, Key: set, Reason: fmt.Sprintf("0 with a range of width %g (a cap, not a scale): no scale to move it by", hi-lo)})
				return nil
			}
			k.additive, k.rangeWidth = true, hi-lo
		}
		keys = append(keys, k)
		return nil
	}
	for _, c := range sc.Calibrated {
		if err := add(c, "calibrated", nil); err != nil {
			return nil, nil, fmt.Errorf("calibrated key %s: %v", c, err)
		}
	}
	leaves, err := findings.DocumentLeaves(in.data)
	if err != nil {
		return nil, nil, err
	}
	for _, l := range leaves {
		if bookkeeping(l.Path) || l.Value.Tag == "!!null" {
			continue
		}
		x, err := strconv.ParseFloat(l.Value.Value, 64)
		if err != nil || l.Value.Kind != yaml.ScalarNode {
			continue
		}
		if err := add(l.Path, "file", &x); err != nil {
			skipped = append(skipped, perturbSkip{Scenario: in.name, Key: l.Path, Reason: err.Error()})
		}
	}
	return keys, skipped, nil
}

func bookkeeping(path string) bool {
	return slices.ContainsFunc(perturbBookkeeping, func(p string) bool { return findings.MatchKey(p, path) })
}

// write adds perturbation.json and perturbation.md to files.
func (p *perturbation) write(files map[string][]byte) error {
	var js bytes.Buffer
	if err := results.WriteJSON(&js, p); err != nil {
		return err
	}
	files["perturbation.json"] = js.Bytes()
	var md bytes.Buffer
	p.writeMarkdown(&md)
	files["perturbation.md"] = md.Bytes()
	return nil
}

// writeMarkdown writes the summary and the table: a row per finding and
// key, the verdict at each move, and the class.
func (p *perturbation) writeMarkdown(w io.Writer) {
	fmt.Fprintf(w, "%s\n\n", p.summary())
	fmt.Fprintf(w, "| finding | key | value | %s | class |\n", strings.Join(p.Moves, " | "))
	fmt.Fprintf(w, "|---|---|---|%s---|\n", strings.Repeat("---|", len(p.Moves)))
	for _, r := range p.Rows {
		cells := make([]string, len(r.Moves))
		for i, c := range r.Moves {
			cells[i] = cellText(c, r.BaseReproduced)
		}
		fmt.Fprintf(w, "| %s | `%s` | %s | %s | %s |\n", r.Finding, r.Key, fnum(r.Base), strings.Join(cells, " | "), r.Class)
	}
	if len(p.Skipped) > 0 {
		fmt.Fprintln(w)
		for _, s := range p.Skipped {
			fmt.Fprintf(w, "- not moved: %s `%s`: %s\n", s.Scenario, s.Key, s.Reason)
		}
	}
}

// cellText is a move's verdict as the table shows it: the value, the
// verdict, and "(flips)" when it differs from the unmoved one.
func cellText(c perturbCell, base bool) string {
	if c.Verdict == "invalid" {
		return fnum(c.Value) + ": invalid"
	}
	t := fnum(c.Value) + ": " + strings.ReplaceAll(c.Verdict, "_", " ")
	if (c.Verdict == "reproduced") != base {
		t += " (flips)"
	}
	return t
}

// summary is the line funnel reproduce --perturb prints: "perturbation
// ±20% (fragile: flips at ±5%): fragile: a, b; sensitive: c; robust: 20;
// unperturbed: 1".
func (p *perturbation) summary() string {
	by := map[string][]string{}
	for _, f := range p.Findings {
		by[f.Class] = append(by[f.Class], f.ID)
	}
	list := func(ids []string) string {
		if len(ids) == 0 {
			return "none"
		}
		return strings.Join(ids, ", ")
	}
	return fmt.Sprintf("perturbation ±%g%% (fragile: flips at ±%g%%): fragile: %s; sensitive: %s; robust: %d; unperturbed: %d",
		math.Round(p.Share*1e4)/1e2, fragileShare*100, list(by["fragile"]), list(by["sensitive"]), len(by["robust"]), len(by["unperturbed"]))
}
