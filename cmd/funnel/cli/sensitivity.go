package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"funnellab/experiment"
	"io"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"time"

	"funnellab/scenarios"
	"funnellab/sensitivity"
	"funnellab/sim/funnel"
	"funnellab/sim/runner"
)

// sensKey is one --vary KEY=LO..HI of funnel sensitivity.
type sensKey struct {
	key     string // as given (policies by name allowed)
	lo, hi  float64
	integer bool
}

// value maps a unit coordinate to the key's value (rounded for an integer
// key).
func (k sensKey) value(u float64) float64 {
	v := k.lo + u*(k.hi-k.lo)
	if k.integer {
		v = math.Round(v)
	}
	return v
}

// sensOptions are funnel sensitivity's flags, checked.
type sensOptions struct {
	quiet        bool    // -q: nothing on stdout or stderr on success
	precision    float64 // --precision: relative half-width per point (0: off)
	maxReps      int     // --max-reps
	precisionSet bool
	maxRepsSet   bool
	scenario     string
	vary         []string
	output       string
	method       string
	points       int
	trajectories int
	levels       int
	bootstrap    int
	reps         int
	repsSet      bool
	seed         uint64
	seedSet      bool
	workers      int
	out          string
	sets         []string
	args         []string
}

// sensitivityCmd is funnel sensitivity: flags → runSensitivity.
func sensitivityCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("sensitivity", "sensitivity SCENARIO --vary KEY=LO..HI ... --output EXPR [--method morris|sobol] [flags]", stderr)
	vary := fs.StringArray("vary", nil, "a scenario key and its range, KEY=LO..HI (repeatable; policies by name: policies.objective.sla_hours)")
	output := fs.String("output", "", "the quantity studied: POLICY.METRIC (objective.revenue) or a difference POLICY.METRIC - POLICY.METRIC")
	method := fs.String("method", "morris", "morris (elementary effects, for screening) or sobol (first-order and total indices)")
	points := fs.Int("points", 32, "sobol: base sample size N (the design has N(k+2) points for k keys)")
	traj := fs.Int("trajectories", 10, "morris: trajectories r (the design has r(k+1) points)")
	levels := fs.Int("levels", 4, "morris: grid levels p (even)")
	boot := fs.Int("bootstrap", 1000, "bootstrap resamples of the confidence intervals")
	sets := fs.StringArray("set", nil, "override a scenario key at every point (repeatable)")
	reps := fs.Int("reps", 0, "replications per design point (default: the scenario's); every point uses the same seeds (common random numbers)")
	seed := fs.Uint64("seed", 0, "master seed of the simulations and of the design (default: the scenario's)")
	workers := fs.Int("workers", 0, "worker goroutines (default: number of CPUs); the outputs do not depend on it")
	out := fs.String("out", "", "output folder (default: out/sensitivity-SCENARIO-TIMESTAMP); must not exist")
	quiet := fs.BoolP("quiet", "q", false, "print nothing on success (files are still written)")
	precision := fs.Float64("precision", 0, "add replications to each design point until the 95% CI half-width of the output's mean is at most this share of it (Law and Kelton's rule, in rounds; docs/experiments.md), up to --max-reps")
	maxReps := fs.Int("max-reps", 200, "with --precision: replications per point at most")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usageErr("sensitivity: expected one SCENARIO argument, got %d", fs.NArg())
	}
	o := sensOptions{scenario: fs.Arg(0), vary: *vary, output: *output, method: *method, points: *points,
		trajectories: *traj, levels: *levels, bootstrap: *boot, reps: *reps, repsSet: fs.Changed("reps"),
		seed: *seed, seedSet: fs.Changed("seed"), workers: *workers, out: *out, sets: *sets, args: args, quiet: *quiet, precision: *precision, maxReps: *maxReps, precisionSet: fs.Changed("precision"), maxRepsSet: fs.Changed("max-reps")}
	return runSensitivity(ctx, o, stdout, stderr)
}

// sensPlan is a checked sensitivity study, ready to simulate.
type sensPlan struct {
	o        sensOptions
	res      *scenarios.Resolved // the scenario loaded, for manifest.json
	name     string              // the scenario's name
	keys     []sensKey
	expr     sensExpr
	design   [][]float64 // unit coordinates
	values   [][]float64 // key values at each point
	models   []*funnel.Model
	reps     int
	seed     uint64
	policies []string // simulated, in order
}

// planSensitivity checks every flag and builds every design point's model,
// so that all usage errors come before the first simulation.
func planSensitivity(o sensOptions) (*sensPlan, error) {
	switch {
	case len(o.vary) == 0:
		return nil, usageErr("sensitivity: --vary: give at least one KEY=LO..HI")
	case len(o.vary) > 50:
		return nil, usageErr("sensitivity: --vary: given %d times, expected at most 50", len(o.vary))
	case o.output == "":
		return nil, usageErr("sensitivity: --output is required: POLICY.METRIC or POLICY.METRIC - POLICY.METRIC")
	case o.method != "morris" && o.method != "sobol":
		return nil, usageErr("sensitivity: --method: got %q, expected morris or sobol", o.method)
	case o.points < 2 || o.points > 100000:
		return nil, usageErr("sensitivity: --points: got %d, expected an integer in [2,100000]", o.points)
	case o.trajectories < 2 || o.trajectories > 10000:
		return nil, usageErr("sensitivity: --trajectories: got %d, expected an integer in [2,10000]", o.trajectories)
	case o.levels < 2 || o.levels%2 != 0 || o.levels > 1000:
		return nil, usageErr("sensitivity: --levels: got %d, expected an even integer in [2,1000]", o.levels)
	case o.bootstrap < 0 || o.bootstrap > 100000:
		return nil, usageErr("sensitivity: --bootstrap: got %d, expected an integer in [0,100000]", o.bootstrap)
	case o.repsSet && (o.reps < 1 || o.reps > 100000):
		return nil, usageErr("sensitivity: --reps: got %d, expected an integer in [1,100000]", o.reps)
	case o.workers < 0:
		return nil, usageErr("sensitivity: --workers: got %d, expected 0 (number of CPUs) or more", o.workers)
	}
	res, err := loadScenario(o.scenario, o.sets)
	if err != nil {
		return nil, err
	}
	data, err := scenarioBytes(res)
	if err != nil {
		return nil, err
	}
	sc0 := res.Scenario
	var polNames []string
	for _, p := range sc0.Policies {
		polNames = append(polNames, p.Name)
	}
	expr, err := parseSensExpr(o.output, polNames)
	if err != nil {
		return nil, err
	}
	p := &sensPlan{o: o, res: res, name: sc0.Name, expr: expr, reps: sc0.Replications, seed: sc0.Seed, policies: expr.policies()}
	if o.repsSet {
		p.reps = o.reps
	}
	if o.seedSet {
		p.seed = o.seed
	}
	switch {
	case !o.precisionSet && o.maxRepsSet:
		return nil, usageErr("sensitivity: --max-reps goes with --precision")
	case o.precisionSet && !(o.precision > 0 && o.precision < 1):
		return nil, usageErr("sensitivity: --precision: got %g, expected a relative half-width in (0,1), e.g. 0.05", o.precision)
	case o.precisionSet && p.reps < 2:
		return nil, usageErr("sensitivity: --precision needs at least 2 replications per point before its first check; got --reps %d", p.reps)
	case o.precisionSet && (o.maxReps < p.reps || o.maxReps > 100000):
		return nil, usageErr("sensitivity: --max-reps: got %d, expected an integer from the first round's %d to 100000", o.maxReps, p.reps)
	}
	for _, v := range o.vary {
		k, err := parseSensKey(sc0, v)
		if err != nil {
			return nil, err
		}
		if slices.ContainsFunc(p.keys, func(x sensKey) bool { return x.key == k.key }) {
			return nil, usageErr("sensitivity: --vary %s: the key is varied twice", k.key)
		}
		p.keys = append(p.keys, k)
	}
	rng := rand.New(rand.NewPCG(p.seed, 0x73656e73)) // "sens"
	if o.method == "morris" {
		p.design, err = sensitivity.MorrisDesign(len(p.keys), o.trajectories, o.levels, rng)
	} else {
		p.design, err = sensitivity.SaltelliDesign(len(p.keys), o.points, rng)
	}
	if err != nil {
		return nil, asUsage(err)
	}
	if n := len(p.design) * p.reps * len(p.policies); n > 10_000_000 {
		return nil, usageErr("sensitivity: %d simulations (%d points × %d replications × %d policies), expected at most 10,000,000: lower --points, --trajectories or --reps",
			n, len(p.design), p.reps, len(p.policies))
	}
	// One model per distinct point (Morris points repeat across
	// trajectories rarely; integer keys make repeats common).
	cache := map[string]*funnel.Model{}
	for _, u := range p.design {
		vals := make([]float64, len(p.keys))
		all := slices.Clone(o.sets)
		for i, k := range p.keys {
			vals[i] = k.value(u[i])
			all = append(all, k.key+"="+strconv.FormatFloat(vals[i], 'g', -1, 64))
		}
		p.values = append(p.values, vals)
		id := strings.Join(all, "\x00")
		if m, ok := cache[id]; ok {
			p.models = append(p.models, m)
			continue
		}
		r, err := scenarios.Parse(res.Source, data, all)
		if err != nil {
			return nil, asUsage(fmt.Errorf("sensitivity: at a design point: %w", err))
		}
		sc := r.Scenario
		if sc.Policies, err = selectPolicies(sc.Policies, p.policies); err != nil {
			return nil, err
		}
		sc.Replications, sc.Seed = p.reps, p.seed
		m, err := funnel.Compile(sc)
		if err != nil {
			return nil, asUsage(fmt.Errorf("sensitivity: %s at a design point (%s): %w", res.Source, strings.Join(all[len(o.sets):], ", "), err))
		}
		cache[id] = m
		p.models = append(p.models, m)
	}
	return p, nil
}

// parseSensKey parses KEY=LO..HI and checks the key is a number of the
// scenario whose range holds [LO, HI].
func parseSensKey(sc scenarios.Scenario, arg string) (sensKey, error) {
	key, rng, ok := strings.Cut(arg, "=")
	key = strings.TrimSpace(key)
	los, his, ok2 := strings.Cut(rng, "..")
	if !ok || !ok2 || key == "" {
		return sensKey{}, usageErr("sensitivity: --vary %q: expected KEY=LO..HI (e.g. sales.reps=4..12)", arg)
	}
	lo, err1 := strconv.ParseFloat(strings.TrimSpace(los), 64)
	hi, err2 := strconv.ParseFloat(strings.TrimSpace(his), 64)
	if err1 != nil || err2 != nil || math.IsNaN(lo) || math.IsNaN(hi) || math.IsInf(lo, 0) || math.IsInf(hi, 0) {
		return sensKey{}, usageErr("sensitivity: --vary %q: LO and HI must be finite numbers", arg)
	}
	if !(lo < hi) {
		return sensKey{}, usageErr("sensitivity: --vary %q: expected LO < HI", arg)
	}
	path, err := experiment.ResolveKey(sc, key)
	if err != nil {
		return sensKey{}, usageErr("sensitivity: --vary %s: %v", key, err)
	}
	_, integer, min, max, err := scenarios.NumberAt(sc, path)
	if err != nil {
		return sensKey{}, usageErr("sensitivity: --vary %s: %v", key, err)
	}
	if lo < min || hi > max {
		return sensKey{}, usageErr("sensitivity: --vary %s=%s..%s: outside the key's range [%s, %s]", key, fnum(lo), fnum(hi), fnum(min), fnum(max))
	}
	if integer && (lo != math.Trunc(lo) || hi != math.Trunc(hi)) {
		return sensKey{}, usageErr("sensitivity: --vary %s=%s..%s: the key is an integer, expected integer bounds", key, fnum(lo), fnum(hi))
	}
	return sensKey{key: key, lo: lo, hi: hi, integer: integer}, nil
}

// sensPoint is the studied quantity at one design point: its per
// replication values (CRN: replication r uses the same seeds at every
// point) and their mean and standard deviation.
type sensPoint struct {
	reps     []float64
	mean, sd float64
	// means[p] is the mean of the first term's metric for policy p of the
	// expression (the second term's for a difference's second policy).
	terms [2]float64
}

// simulateSensitivity runs every design point's replications under the
// policies the expression reads, as one batch of runner jobs per round
// (point, replication) × policy, every point on the same seeds (common
// random numbers), and returns each point's per-replication values of the
// expression. With --precision, the points whose mean misses the relative
// precision get more replications in rounds (experiment.NextReps: Law and
// Kelton's rule, as funnel sweep applies it), up to --max-reps; each
// point's replications continue its streams, so the points keep common
// random numbers for the replications they share, and the rounds depend
// on the results only, never on the workers.
func simulateSensitivity(ctx context.Context, p *sensPlan) ([]sensPoint, error) {
	np := len(p.policies)
	ma := slices.Index(funnel.Names(), p.expr.a.metric)
	mb := -1
	pb := 0
	if p.expr.b != nil {
		mb = slices.Index(funnel.Names(), p.expr.b.metric)
		pb = slices.Index(p.policies, p.expr.b.policy)
	}
	type unit struct{ pt, rep int }
	type two [2]float64                   // the metrics the expression reads
	a := make([][]float64, len(p.design)) // per point and replication: the first term
	b := make([][]float64, len(p.design)) // the second term (0 without a difference)
	want := make([]int, len(p.design))
	for i := range want {
		want[i] = p.reps
	}
	target := p.o.precision / (1 + p.o.precision)
	for {
		var units []unit
		for i := range want {
			for r := len(a[i]); r < want[i]; r++ {
				units = append(units, unit{i, r})
			}
		}
		if len(units) == 0 {
			break
		}
		workers, _ := capWorkers(p.o.workers, len(units)*np)
		out, err := runner.Run(ctx, runner.Options{Replications: len(units), Policies: np, Workers: workers},
			func() runner.Job[two] {
				var sim *funnel.Sim
				var model *funnel.Model
				return func(ctx context.Context, job, pol int) (two, error) {
					u := units[job]
					if m := p.models[u.pt]; m != model {
						model, sim = m, m.NewSim()
					}
					res, err := sim.Run(ctx, u.rep, pol)
					if err != nil {
						return two{}, err
					}
					var t two
					t[0] = res.Metrics[ma]
					if mb >= 0 {
						t[1] = res.Metrics[mb]
					}
					return t, nil
				}
			})
		if err != nil {
			return nil, err
		}
		for j, u := range units {
			row := out.Rep(j, np)
			a[u.pt] = append(a[u.pt], row[0][0])
			w := 0.0
			if mb >= 0 {
				w = row[pb][1]
			}
			b[u.pt] = append(b[u.pt], w)
		}
		if p.o.precision == 0 {
			break
		}
		for i := range want {
			v := make([]float64, len(a[i]))
			for r := range v {
				v[r] = a[i][r] - b[i][r]
			}
			if rel := experiment.RelHalfWidth([][]float64{v}); rel > target && want[i] < p.o.maxReps {
				want[i] = experiment.NextReps(want[i], rel, target, p.o.maxReps)
			}
		}
	}
	pts := make([]sensPoint, len(p.design))
	for i := range pts {
		pt := &pts[i]
		n := len(a[i])
		pt.reps = make([]float64, n)
		for r := range n {
			pt.terms[0] += a[i][r]
			pt.terms[1] += b[i][r]
			pt.reps[r] = a[i][r] - b[i][r]
		}
		pt.terms[0] /= float64(n)
		pt.terms[1] /= float64(n)
		pt.mean, pt.sd = meanSD(pt.reps)
	}
	return pts, nil
}

func meanSD(v []float64) (mean, sd float64) {
	for _, x := range v {
		mean += x
	}
	mean /= float64(len(v))
	if len(v) < 2 {
		return mean, math.NaN()
	}
	var ss float64
	for _, x := range v {
		ss += (x - mean) * (x - mean)
	}
	return mean, math.Sqrt(ss / float64(len(v)-1))
}

// jnum is a float64 that marshals NaN and infinities as null.
type jnum float64

func (n jnum) MarshalJSON() ([]byte, error) {
	f := float64(n)
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return []byte("null"), nil
	}
	return []byte(strconv.FormatFloat(f, 'g', 10, 64)), nil
}

func jci(c [2]float64) [2]jnum { return [2]jnum{jnum(c[0]), jnum(c[1])} }

// sensKeyJSON is one key of sensitivity.json.
type sensKeyJSON struct {
	Key        string   `json:"key"`
	Low        jnum     `json:"low"`
	High       jnum     `json:"high"`
	Integer    bool     `json:"integer"`
	MuStar     *jnum    `json:"mu_star,omitempty"`
	MuStarCI95 *[2]jnum `json:"mu_star_ci95,omitempty"`
	Mu         *jnum    `json:"mu,omitempty"`
	Sigma      *jnum    `json:"sigma,omitempty"`
	S1         *jnum    `json:"S1,omitempty"`
	S1CI95     *[2]jnum `json:"S1_ci95,omitempty"`
	ST         *jnum    `json:"ST,omitempty"`
	STCI95     *[2]jnum `json:"ST_ci95,omitempty"`
}

// sensSignJSON is "where each policy wins" in sensitivity.json.
type sensSignJSON struct {
	Policy    string     `json:"policy"`
	Against   string     `json:"against"`
	Share     jnum       `json:"share"`
	CI95      [2]jnum    `json:"ci95"`
	Points    int        `json:"points"`
	Interval  string     `json:"interval"`
	Statement string     `json:"statement"`
	Slices    []sliceMap `json:"slices"`
}

// sensJSON is sensitivity.json.
// sensPrecisionJSON is sensitivity.json's precision: the relative
// half-width asked for, the replications at most, and what the points
// reached.
type sensPrecisionJSON struct {
	Target       float64 `json:"target"`
	StopAt       float64 `json:"stop_at"`
	MaxReps      int     `json:"max_reps"`
	PointsMet    int     `json:"points_met"`
	Replications int     `json:"replications_total"`
}

type sensJSON struct {
	Scenario     string `json:"scenario"`
	Method       string `json:"method"`
	Output       string `json:"output"`
	Seed         uint64 `json:"seed"`
	Replications int    `json:"replications_per_point"`
	Points       int    `json:"points"`
	BasePoints   int    `json:"base_points,omitempty"`
	Trajectories int    `json:"trajectories,omitempty"`
	Levels       int    `json:"levels,omitempty"`
	Bootstrap    int    `json:"bootstrap"`
	Mean         jnum   `json:"output_mean"`
	Variance     jnum   `json:"output_variance"`
	NoiseShare   jnum   `json:"noise_variance_share"`
	// Precision is a --precision study's target and outcome (omitted
	// otherwise): replications_per_point is then the first round's.
	Precision *sensPrecisionJSON `json:"precision,omitempty"`
	Keys      []sensKeyJSON      `json:"keys"`
	Sign      *sensSignJSON      `json:"sign,omitempty"`
}

func jp(v float64) *jnum        { n := jnum(v); return &n }
func jcp(c [2]float64) *[2]jnum { x := jci(c); return &x }

// runSensitivity plans, simulates, estimates and writes a study.
func runSensitivity(ctx context.Context, o sensOptions, stdout, stderr io.Writer) error {
	start := time.Now()
	p, err := planSensitivity(o)
	if err != nil {
		return err
	}
	log := newLogger(stderr, o.quiet)
	dir, err := openOutDir(o.out, "sensitivity-"+p.name, log)
	if err != nil {
		return err
	}
	defer dir.Abort()
	if !o.quiet {
		fmt.Fprintf(stderr, "sensitivity: %s, %s, %d design points × %s × %s = %d simulations\n", o.method, plural(len(p.keys), "key"), len(p.design),
			plural(p.reps, "replication"), policiesWord(len(p.policies)), len(p.design)*p.reps*len(p.policies))
	}
	pts, err := simulateSensitivity(ctx, p)
	if err != nil {
		return fmt.Errorf("sensitivity: %w", err)
	}
	a, err := analyseSensitivity(p, pts)
	if err != nil {
		return fmt.Errorf("sensitivity: %w", err)
	}
	files, err := sensitivityFiles(p, pts, a)
	if err != nil {
		return fmt.Errorf("sensitivity: %w", err)
	}
	if files["manifest.json"], err = newStudyManifest("sensitivity", o.args, p.res, start); err != nil {
		return err
	}
	if err := writeFiles(dir, files); err != nil {
		return err
	}
	final, err := dir.Commit()
	if err != nil {
		return err
	}
	if !o.quiet {
		printSensitivity(stdout, p, a)
		fmt.Fprintf(stdout, "wrote %s\n", final)
	}
	return nil
}

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
