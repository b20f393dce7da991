package calibration

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/optimize"

	"funnellab/experiment"
)

// Eval returns the targets' simulated means at a point of the unit cube
// (one coordinate per key, 0 at its lower bound and 1 at its upper).
type Eval func(u []float64) ([]float64, error)

// StartPoints returns n points of a scrambled Sobol design in the unit
// cube of dim dimensions: the first n points of the Sobol sequence with a
// random digital shift (each coordinate's 32 binary digits XORed with a
// random word per dimension, drawn from a PCG generator seeded by seed).
// The shift keeps the sequence's stratification (the first 2^m points put
// one point in each of 2^m equal slices of every axis) and moves its first
// point off the origin.
func StartPoints(n, dim int, seed uint64) ([][]float64, error) {
	pts, err := experiment.SobolPoints(n, dim)
	if err != nil {
		return nil, err
	}
	rnd := rand.New(rand.NewPCG(seed, seed^0x5ca1ab1e))
	shift := make([]uint64, dim)
	for k := range shift {
		shift[k] = uint64(rnd.Uint32())
	}
	const scale = 1 << 32
	for _, p := range pts {
		for k := range p {
			p[k] = float64(uint64(p[k]*scale)^shift[k]) / scale
		}
	}
	return pts, nil
}

// Settings configure Fit.
type Settings struct {
	// Start, if not nil, is evaluated before the design (the keys' current
	// values).
	Start []float64
	// Starts is the number of points of the start design (StartPoints).
	Starts int
	// Seed scrambles the start design.
	Seed uint64
	// Evals is the most evaluations Nelder–Mead may use after the design.
	Evals int
	// Progress, if not nil, is called after every evaluation.
	Progress func(n int, u []float64, loss float64)
}

// Evaluation is one evaluated point.
type Evaluation struct {
	U     []float64
	Means []float64
	Loss  float64
}

// FitResult is the outcome of Fit.
type FitResult struct {
	// Best is the evaluation of least loss (the first of equal ones).
	Best Evaluation
	// Trace holds every evaluation in order: Settings.Start, the design,
	// then Nelder–Mead's.
	Trace []Evaluation
	// StartBest is the index in Trace of the best point before Nelder–Mead.
	StartBest int
}

// Fit minimises Loss(ts, eval(u)) over the unit cube: it evaluates
// Settings.Start and the start design, then runs Nelder–Mead (gonum
// optimize, initial simplex of size 1) in logit coordinates x =
// log(u/(1−u)) from the best of them, with at most Settings.Evals
// evaluations. A point evaluated before (Nelder–Mead's first vertex is the
// best start) is not evaluated again. An error of eval stops the fit and is
// returned.
func Fit(ts []Target, dim int, eval Eval, s Settings) (FitResult, error) {
	var res FitResult
	var evalErr error
	seen := map[string]float64{} // a point evaluated before is not simulated again
	do := func(u []float64) float64 {
		u = clampUnit(u)
		key := fmt.Sprintf("%.12g", u) // logit and back may move the last bits
		if l, ok := seen[key]; ok {
			return l
		}
		m, err := eval(u)
		if err != nil {
			evalErr = err
			return math.Inf(1)
		}
		l := Loss(ts, m)
		seen[key] = l
		e := Evaluation{U: u, Means: m, Loss: l}
		res.Trace = append(res.Trace, e)
		if len(res.Trace) == 1 || l < res.Best.Loss {
			res.Best = e
		}
		if s.Progress != nil {
			s.Progress(len(res.Trace), u, l)
		}
		return l
	}
	var starts [][]float64
	if s.Start != nil {
		starts = append(starts, s.Start)
	}
	if s.Starts > 0 {
		d, err := StartPoints(s.Starts, dim, s.Seed)
		if err != nil {
			return res, err
		}
		starts = append(starts, d...)
	}
	if len(starts) == 0 {
		starts = [][]float64{constant(dim, 0.5)}
	}
	for _, u := range starts {
		do(u)
		if evalErr != nil {
			return res, evalErr
		}
	}
	for i, e := range res.Trace {
		if e.Loss == res.Best.Loss {
			res.StartBest = i
			break
		}
	}
	if s.Evals < 1 || res.Best.Loss == 0 {
		return res, nil
	}
	x0 := make([]float64, dim)
	for k, u := range res.Best.U {
		x0[k] = math.Log(u / (1 - u))
	}
	// Nelder–Mead stops on its budget or on convergence; whatever its
	// status, the best evaluation is the result.
	_, _ = optimize.Minimize(optimize.Problem{Func: func(x []float64) float64 {
		u := make([]float64, len(x))
		for k, v := range x {
			u[k] = 1 / (1 + math.Exp(-v))
		}
		return do(u)
	}}, x0, &optimize.Settings{FuncEvaluations: s.Evals, Converger: &optimize.FunctionConverge{Absolute: 1e-4, Iterations: 15}},
		&optimize.NelderMead{SimplexSize: 1})
	return res, evalErr
}

// clampUnit keeps a point inside the open unit cube (logit coordinates
// are finite there).
func clampUnit(u []float64) []float64 {
	out := make([]float64, len(u))
	for k, v := range u {
		out[k] = math.Min(math.Max(v, 1e-6), 1-1e-6)
	}
	return out
}

func constant(n int, v float64) []float64 {
	out := make([]float64, n)
	for i := range out {
		out[i] = v
	}
	return out
}
