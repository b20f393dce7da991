package cli

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"funnellab/results"
	"funnellab/selection"
)

// selectionJSON is selection.json.
type selectionJSON struct {
	Scenario     string              `json:"scenario"`
	Seed         uint64              `json:"seed"`
	Objective    string              `json:"objective"`
	SubjectTo    []selConstraintJSON `json:"subject_to"`
	Method       string              `json:"method"`
	Delta        float64             `json:"delta"`
	PCS          float64             `json:"pcs"`
	N0           int                 `json:"n0"`
	Batch        int                 `json:"batch"`
	MaxReps      int                 `json:"max_reps,omitempty"`
	Budget       int                 `json:"budget,omitempty"`
	Vary         []string            `json:"vary"`
	Best         *selAltJSON         `json:"best"`
	Stopped      string              `json:"stopped"`
	Guarantee    string              `json:"guarantee"`
	H2           results.Float       `json:"h2,omitempty"`
	H1           results.Float       `json:"h1,omitempty"`
	APCS         results.Float       `json:"apcs,omitempty"`
	Used         int                 `json:"replications_used"`
	Simulated    int                 `json:"replications_simulated"`
	Stages       []selStageJSON      `json:"stages"`
	Alternatives []selAltJSON        `json:"alternatives"`
}

type selConstraintJSON struct {
	Check     string  `json:"check"`
	Tolerance float64 `json:"tolerance"`
}

type selStageJSON struct {
	Replications int      `json:"replications"`
	Survivors    []string `json:"survivors"`
}

type selAltJSON struct {
	Index       int               `json:"index"`
	Name        string            `json:"name"`
	Point       map[string]string `json:"point,omitempty"`
	Policy      string            `json:"policy,omitempty"`
	Used        int               `json:"replications_used"`
	Simulated   int               `json:"replications_simulated"`
	Mean        results.Float     `json:"mean"`
	SD          results.Float     `json:"sd"`
	Constraints []selConsValJSON  `json:"constraints,omitempty"`
	Feasibility string            `json:"feasibility,omitempty"`
	Eliminated  *selElimJSON      `json:"eliminated"`
}

type selConsValJSON struct {
	Check string        `json:"check"`
	Mean  results.Float `json:"mean"`
}

type selElimJSON struct {
	AtReplication int    `json:"at_replication"`
	By            string `json:"by,omitempty"`
	Reason        string `json:"reason"`
}

func (p *selectPlan) report(res *selection.Result) selectionJSON {
	j := selectionJSON{Scenario: p.name, Seed: p.seed, Objective: p.o.objective, SubjectTo: []selConstraintJSON{},
		Method: string(res.Method), Delta: p.o.delta, PCS: p.o.pcs, N0: p.o.n0, Batch: p.o.batch, Vary: p.o.vary,
		Stopped: res.Stopped, Guarantee: res.Guarantee, H2: results.Float(res.H2), H1: results.Float(res.H1)}
	if j.Vary == nil {
		j.Vary = []string{}
	}
	if res.Method == selection.OCBA {
		j.Budget, j.APCS = p.cfg.Budget, results.Float(res.APCS)
	} else {
		j.MaxReps = p.o.maxReps
	}
	for _, c := range p.cons {
		j.SubjectTo = append(j.SubjectTo, selConstraintJSON{c.text, c.tol})
	}
	for i, a := range p.alts {
		aj := selAltJSON{Index: i, Name: a.name, Policy: a.policy, Used: res.Used[i], Simulated: res.Simulated[i],
			Mean: results.Float(res.Mean[i]), SD: results.Float(res.SD[i]), Feasibility: res.Feasibility[i]}
		if len(p.keys) > 0 {
			aj.Point = map[string]string{}
			for k, key := range p.keys {
				aj.Point[key] = p.points[a.point].values[k]
			}
		}
		for c, con := range p.cons {
			// Back from g ≤ 0 to the expression's own mean.
			m := res.G[i][c] + con.threshold
			if con.op[0] == '>' {
				m = con.threshold - res.G[i][c]
			}
			aj.Constraints = append(aj.Constraints, selConsValJSON{con.text, results.Float(m)})
		}
		if e := res.Eliminated[i]; e != nil {
			ej := &selElimJSON{AtReplication: e.AtRep, Reason: e.Reason}
			if e.By >= 0 {
				ej.By = p.alts[e.By].name
			}
			aj.Eliminated = ej
		}
		j.Used += res.Used[i]
		j.Simulated += res.Simulated[i]
		j.Alternatives = append(j.Alternatives, aj)
	}
	if res.Best >= 0 {
		b := j.Alternatives[res.Best]
		j.Best = &b
	}
	for _, s := range res.Stages {
		sj := selStageJSON{Replications: s.Reps, Survivors: []string{}}
		for _, i := range s.Survivors {
			sj.Survivors = append(sj.Survivors, p.alts[i].name)
		}
		j.Stages = append(j.Stages, sj)
	}
	return j
}

// print writes the selection's summary.
func (p *selectPlan) print(w io.Writer, res *selection.Result) {
	used := 0
	for _, u := range res.Used {
		used += u
	}
	fmt.Fprintf(w, "select %s: %d alternatives, %s (%s), δ = %s, PCS %g: %s after %d replications in all\n",
		p.name, len(p.alts), res.Method, p.o.objective, fnumFull(p.o.delta), p.o.pcs, res.Stopped, used)
	for i, a := range p.alts {
		mark := " "
		status := "survived"
		if i == res.Best {
			mark, status = "*", "selected"
		}
		if e := res.Eliminated[i]; e != nil {
			status = e.Reason
			if e.By >= 0 {
				status = "screened out by " + p.alts[e.By].name
			}
			status += fmt.Sprintf(" at replication %d", e.AtRep)
		}
		fmt.Fprintf(w, "%s %-*s mean %s over %d replications: %s\n", mark, maxNameLen(p.alts), a.name, fnumFull(res.Mean[i]), res.Used[i], status)
	}
	if res.Best >= 0 {
		fmt.Fprintf(w, "best: %s\n", p.alts[res.Best].name)
	}
	fmt.Fprintf(w, "guarantee: %s\n", res.Guarantee)
}

func maxNameLen(alts []selAlt) int {
	n := 0
	for _, a := range alts {
		n = max(n, len(a.name))
	}
	return n
}

// fnumFull formats a number with up to 6 significant digits.
func fnumFull(x float64) string {
	if math.IsNaN(x) {
		return "n/a"
	}
	return strconv.FormatFloat(x, 'g', 6, 64)
}

// observationsCSV is observations.csv: every simulated replication of
// every alternative, with the objective and each constraint's expression
// (its own value, not the g ≤ 0 form).
func (p *selectPlan) observationsCSV() []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	head := []string{"alternative", "replication", "objective"}
	for _, c := range p.cons {
		head = append(head, strings.TrimSpace(c.e.Src))
	}
	_ = w.Write(head)
	for i, o := range p.seen {
		for r, y := range o.Y {
			row := []string{p.alts[i].name, strconv.Itoa(r), strconv.FormatFloat(y, 'g', -1, 64)}
			for c := range p.cons {
				row = append(row, strconv.FormatFloat(o.G[c][r], 'g', -1, 64))
			}
			_ = w.Write(row)
		}
	}
	w.Flush()
	return b.Bytes()
}
