package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"

	"funnellab/experiment"
	"funnellab/sensitivity"
)

// sensAnalysis is what a study found.
type sensAnalysis struct {
	y          []float64 // per point means
	order      []int     // keys by importance, most first
	morris     []sensitivity.MorrisIndex
	sobol      []sensitivity.SobolIndex
	mean, v    float64
	noiseShare float64
	sign       *sensSignJSON
	maps       []sliceMap
	json       sensJSON
}

func analyseSensitivity(p *sensPlan, pts []sensPoint) (*sensAnalysis, error) {
	a := &sensAnalysis{}
	for _, pt := range pts {
		a.y = append(a.y, pt.mean)
	}
	k := len(p.keys)
	a.mean, _ = meanSD(a.y)
	_, sd := meanSD(a.y)
	a.v = sd * sd
	// The noise left in a point's mean: the mean over points of the
	// squared standard error of the mean over R replications.
	var noise float64
	for _, pt := range pts {
		if !math.IsNaN(pt.sd) {
			noise += pt.sd * pt.sd / float64(len(pt.reps))
		}
	}
	noise /= float64(len(pts))
	a.noiseShare = math.NaN()
	if a.v > 0 && p.reps > 1 {
		a.noiseShare = math.Min(1, noise/a.v)
	}
	importance := make([]float64, k)
	j := sensJSON{Scenario: p.name, Method: p.o.method, Output: p.expr.src, Seed: p.seed, Replications: p.reps,
		Points: len(p.design), Bootstrap: p.o.bootstrap, Mean: jnum(a.mean), Variance: jnum(a.v), NoiseShare: jnum(a.noiseShare)}
	if p.o.precision > 0 {
		pr := &sensPrecisionJSON{Target: p.o.precision, StopAt: p.o.precision / (1 + p.o.precision), MaxReps: p.o.maxReps}
		for _, pt := range pts {
			pr.Replications += len(pt.reps)
			if experiment.RelHalfWidth([][]float64{pt.reps}) <= pr.StopAt {
				pr.PointsMet++
			}
		}
		j.Precision = pr
	}
	bootSeed := p.seed ^ 0x626f6f74
	var err error
	if p.o.method == "morris" {
		j.Trajectories, j.Levels = p.o.trajectories, p.o.levels
		// Effects per unit of each key's own range: Morris returns them per
		// unit coordinate, which is the same thing.
		a.morris, err = sensitivity.Morris(p.design, a.y, k, p.o.bootstrap, bootSeed)
		if err != nil {
			return nil, err
		}
		for i, m := range a.morris {
			importance[i] = m.MuStar
		}
	} else {
		j.BasePoints = p.o.points
		a.sobol, _, err = sensitivity.Sobol(a.y, k, p.o.points, p.o.bootstrap, bootSeed)
		if err != nil {
			return nil, err
		}
		for i, s := range a.sobol {
			importance[i] = s.ST
		}
	}
	a.order = make([]int, k)
	for i := range a.order {
		a.order[i] = i
	}
	slices.SortStableFunc(a.order, func(x, y int) int {
		ix, iy := importance[x], importance[y]
		switch {
		case math.IsNaN(ix) && !math.IsNaN(iy):
			return 1
		case !math.IsNaN(ix) && math.IsNaN(iy):
			return -1
		case ix > iy:
			return -1
		case ix < iy:
			return 1
		}
		return 0
	})
	for i, key := range p.keys {
		kj := sensKeyJSON{Key: key.key, Low: jnum(key.lo), High: jnum(key.hi), Integer: key.integer}
		if a.morris != nil {
			m := a.morris[i]
			kj.MuStar, kj.MuStarCI95, kj.Mu, kj.Sigma = jp(m.MuStar), jcp(m.MuStarCI95), jp(m.Mu), jp(m.Sigma)
		} else {
			s := a.sobol[i]
			kj.S1, kj.S1CI95, kj.ST, kj.STCI95 = jp(s.S1), jcp(s.S1CI95), jp(s.ST), jcp(s.STCI95)
		}
		j.Keys = append(j.Keys, kj)
	}
	if p.expr.isDiff() {
		a.sign = signAnalysis(p, a)
		j.Sign = a.sign
	}
	a.json = j
	return a, nil
}

// printSensitivity writes the study's summary on stdout.
func printSensitivity(w io.Writer, p *sensPlan, a *sensAnalysis) {
	fmt.Fprintf(w, "%s sensitivity of %s on %s (%d points × %s, seed %d)\n", p.o.method, p.expr.src, p.name, len(p.design), plural(p.reps, "replication"), p.seed)
	fmt.Fprintf(w, "  output mean %s, variance over the points %s, simulation noise ≈ %s of it\n", fnum(a.mean), fnum(a.v), pct(a.noiseShare))
	for _, i := range a.order {
		if a.morris != nil {
			m := a.morris[i]
			fmt.Fprintf(w, "  %-40s mu* %s [%s, %s]  mu %s  sigma %s\n", p.keys[i].key, fnum(m.MuStar), fnum(m.MuStarCI95[0]), fnum(m.MuStarCI95[1]), fnum(m.Mu), fnum(m.Sigma))
		} else {
			s := a.sobol[i]
			fmt.Fprintf(w, "  %-40s S1 %.3f [%.3f, %.3f]  ST %.3f [%.3f, %.3f]\n", p.keys[i].key, s.S1, s.S1CI95[0], s.S1CI95[1], s.ST, s.STCI95[0], s.STCI95[1])
		}
	}
	if a.sign != nil {
		fmt.Fprintf(w, "  %s\n", a.sign.Statement)
	}
}

func pct(x float64) string {
	if math.IsNaN(x) {
		return "n/a"
	}
	return strconv.FormatFloat(100*x, 'f', 1, 64) + "%"
}

// marshalSensJSON is sensitivity.json's bytes.
func marshalSensJSON(j sensJSON) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(j); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

func policiesWord(n int) string {
	if n == 1 {
		return "1 policy"
	}
	return strconv.Itoa(n) + " policies"
}
