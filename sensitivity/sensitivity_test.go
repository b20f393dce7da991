package sensitivity

import (
	"math"
	"math/rand/v2"
	"testing"
)

// ishigami is the Ishigami function (a = 7, b = 0.1) of inputs in
// [0,1]^3 mapped to [−π, π]^3.
func ishigami(u []float64) float64 {
	const a, b = 7, 0.1
	x1, x2, x3 := math.Pi*(2*u[0]-1), math.Pi*(2*u[1]-1), math.Pi*(2*u[2]-1)
	return math.Sin(x1) + a*math.Sin(x2)*math.Sin(x2) + b*math.Pow(x3, 4)*math.Sin(x1)
}

// ishigamiIndices are the analytic first-order and total indices
// (Sobol' and Levitan 1999).
func ishigamiIndices() (s1, st [3]float64) {
	const a, b = 7.0, 0.1
	pi4 := math.Pow(math.Pi, 4)
	v1 := 0.5 * math.Pow(1+b*pi4/5, 2)
	v2 := a * a / 8
	v13 := b * b * math.Pow(math.Pi, 8) * (1.0/18 - 1.0/50)
	v := v1 + v2 + v13
	return [3]float64{v1 / v, v2 / v, 0}, [3]float64{(v1 + v13) / v, v2 / v, v13 / v}
}

func evaluate(design [][]float64, f func([]float64) float64) []float64 {
	y := make([]float64, len(design))
	for i, x := range design {
		y[i] = f(x)
	}
	return y
}

func TestIshigamiAnalytic(t *testing.T) {
	s1, st := ishigamiIndices()
	want1, wantT := [3]float64{0.314, 0.442, 0}, [3]float64{0.558, 0.442, 0.244}
	for i := range 3 {
		if math.Abs(s1[i]-want1[i]) > 5e-4 || math.Abs(st[i]-wantT[i]) > 5e-4 {
			t.Fatalf("input %d: analytic S1 %.4f ST %.4f, published %.3f %.3f", i+1, s1[i], st[i], want1[i], wantT[i])
		}
	}
}

// TestSobolIshigami: the bootstrap 95% intervals cover the analytic
// indices at a fixed seed, and the estimates are close to them.
func TestSobolIshigami(t *testing.T) {
	n := 4096
	if testing.Short() {
		n = 1024
	}
	design, err := SaltelliDesign(3, n, rand.New(rand.NewPCG(1, 2)))
	if err != nil {
		t.Fatal(err)
	}
	idx, v, err := Sobol(evaluate(design, ishigami), 3, n, 300, 7)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(v-13.84)/13.84 > 0.1 {
		t.Errorf("variance %.3f, analytic 13.84", v)
	}
	s1, st := ishigamiIndices()
	for i, ix := range idx {
		t.Logf("x%d: S1 %.3f [%.3f, %.3f] (%.3f)  ST %.3f [%.3f, %.3f] (%.3f)", i+1, ix.S1, ix.S1CI95[0], ix.S1CI95[1], s1[i], ix.ST, ix.STCI95[0], ix.STCI95[1], st[i])
		if !(ix.S1CI95[0] <= s1[i] && s1[i] <= ix.S1CI95[1]) {
			t.Errorf("x%d: S1 interval [%.3f, %.3f] misses %.3f", i+1, ix.S1CI95[0], ix.S1CI95[1], s1[i])
		}
		if !(ix.STCI95[0] <= st[i] && st[i] <= ix.STCI95[1]) {
			t.Errorf("x%d: ST interval [%.3f, %.3f] misses %.3f", i+1, ix.STCI95[0], ix.STCI95[1], st[i])
		}
		if math.Abs(ix.S1-s1[i]) > 0.08 || math.Abs(ix.ST-st[i]) > 0.08 {
			t.Errorf("x%d: S1 %.3f ST %.3f, far from %.3f %.3f", i+1, ix.S1, ix.ST, s1[i], st[i])
		}
	}
}

// TestSobolCoverage: over independent designs, the 95% intervals of
// every index cover the analytic value most of the time (a loose bound:
// percentile intervals at a moderate N are slightly narrow).
func TestSobolCoverage(t *testing.T) {
	macro, n := 40, 512
	if testing.Short() {
		macro = 15
	}
	s1, st := ishigamiIndices()
	cover, total := 0, 0
	for m := range macro {
		design, _ := SaltelliDesign(3, n, rand.New(rand.NewPCG(uint64(100+m), 3)))
		idx, _, err := Sobol(evaluate(design, ishigami), 3, n, 200, uint64(m))
		if err != nil {
			t.Fatal(err)
		}
		for i, ix := range idx {
			for _, c := range []struct {
				ci [2]float64
				v  float64
			}{{ix.S1CI95, s1[i]}, {ix.STCI95, st[i]}} {
				total++
				if c.ci[0] <= c.v && c.v <= c.ci[1] {
					cover++
				}
			}
		}
	}
	if got := float64(cover) / float64(total); got < 0.85 {
		t.Errorf("coverage %.3f of %d intervals, expected about 0.95 (at least 0.85)", got, total)
	}
}

// TestSobolInertInput: an input the function ignores has both indices
// ≈ 0, and an additive function's first-order and total indices agree.
func TestSobolInertInput(t *testing.T) {
	n := 2048
	f := func(u []float64) float64 { return 4*u[0] + 2*u[1] } // u[2] inert
	design, _ := SaltelliDesign(3, n, rand.New(rand.NewPCG(1, 6)))
	idx, _, err := Sobol(evaluate(design, f), 3, n, 200, 1)
	if err != nil {
		t.Fatal(err)
	}
	// Analytic: V1 = 16/12, V2 = 4/12, S1 = 0.8, 0.2.
	want := []float64{0.8, 0.2, 0}
	for i, ix := range idx {
		if math.Abs(ix.S1-want[i]) > 0.1 || math.Abs(ix.ST-want[i]) > 0.05 {
			t.Errorf("x%d: S1 %.3f ST %.3f, expected %.1f", i+1, ix.S1, ix.ST, want[i])
		}
	}
	// Jansen's first-order estimator of an inert input is 0 plus noise of
	// order 1/√N; its interval must cover 0.
	if idx[2].ST != 0 || math.Abs(idx[2].S1) > 0.1 || !(idx[2].S1CI95[0] <= 0 && 0 <= idx[2].S1CI95[1]) {
		t.Errorf("inert input: S1 %.4f %v ST %.4f, expected ST exactly 0 and S1 ≈ 0 with 0 in its interval", idx[2].S1, idx[2].S1CI95, idx[2].ST)
	}
	if idx[2].STCI95[1] != 0 {
		t.Errorf("inert input: ST interval %v, expected [0, 0]", idx[2].STCI95)
	}
}

func TestMorrisDesign(t *testing.T) {
	k, r, p := 4, 30, 4
	d, err := MorrisDesign(k, r, p, rand.New(rand.NewPCG(1, 1)))
	if err != nil {
		t.Fatal(err)
	}
	if len(d) != r*(k+1) {
		t.Fatalf("%d points, expected %d", len(d), r*(k+1))
	}
	delta := MorrisDelta(p)
	for tr := range r {
		moved := map[int]bool{}
		for s := range k {
			a, b := d[tr*(k+1)+s], d[tr*(k+1)+s+1]
			for i := range a {
				lv := a[i] * float64(p-1)
				if math.Abs(lv-math.Round(lv)) > 1e-9 || a[i] < 0 || a[i] > 1 {
					t.Fatalf("point off the grid: %v", a)
				}
				if a[i] != b[i] {
					if math.Abs(math.Abs(b[i]-a[i])-delta) > 1e-12 || moved[i] {
						t.Fatalf("trajectory %d step %d: input %d moved %g (Δ %g), or twice", tr, s, i, b[i]-a[i], delta)
					}
					moved[i] = true
				}
			}
		}
		if len(moved) != k {
			t.Fatalf("trajectory %d moved %d inputs, expected %d", tr, len(moved), k)
		}
	}
	for _, bad := range [][3]int{{0, 4, 4}, {2, 1, 4}, {2, 4, 3}} {
		if _, err := MorrisDesign(bad[0], bad[1], bad[2], rand.New(rand.NewPCG(1, 1))); err == nil {
			t.Errorf("MorrisDesign%v: no error", bad)
		}
	}
}

// TestMorrisLinear: on a linear function every elementary effect is the
// slope, so μ = μ* = |slope| and σ = 0; an inert input has μ* = 0.
func TestMorrisLinear(t *testing.T) {
	k := 3
	d, _ := MorrisDesign(k, 10, 4, rand.New(rand.NewPCG(2, 2)))
	f := func(u []float64) float64 { return 3*u[0] - 2*u[1] }
	idx, err := Morris(d, evaluate(d, f), k, 100, 1)
	if err != nil {
		t.Fatal(err)
	}
	want := []float64{3, -2, 0}
	for i, ix := range idx {
		if math.Abs(ix.Mu-want[i]) > 1e-9 || math.Abs(ix.MuStar-math.Abs(want[i])) > 1e-9 || ix.Sigma > 1e-9 {
			t.Errorf("x%d: μ %.4f μ* %.4f σ %.4f, expected %g, %g, 0", i+1, ix.Mu, ix.MuStar, ix.Sigma, want[i], math.Abs(want[i]))
		}
	}
}

// TestMorrisIshigami: x1 and x2 rank above x3 on μ*, and x3 (no
// first-order effect) has μ* > 0 and σ > 0 through its interaction
// with x1.
func TestMorrisIshigami(t *testing.T) {
	k := 3
	d, _ := MorrisDesign(k, 50, 4, rand.New(rand.NewPCG(3, 3)))
	idx, err := Morris(d, evaluate(d, ishigami), k, 200, 1)
	if err != nil {
		t.Fatal(err)
	}
	for i, ix := range idx {
		t.Logf("x%d: μ %.3f μ* %.3f [%.3f, %.3f] σ %.3f", i+1, ix.Mu, ix.MuStar, ix.MuStarCI95[0], ix.MuStarCI95[1], ix.Sigma)
	}
	if !(idx[0].MuStar > idx[2].MuStar && idx[1].MuStar > idx[2].MuStar) {
		t.Errorf("μ* %.3f, %.3f, %.3f: expected x1 and x2 above x3", idx[0].MuStar, idx[1].MuStar, idx[2].MuStar)
	}
	if !(idx[2].MuStar > 0 && idx[2].Sigma > 0) {
		t.Errorf("x3: μ* %.3f σ %.3f, expected both > 0 (interaction with x1)", idx[2].MuStar, idx[2].Sigma)
	}
	// x2 enters as sin²: symmetric, so its effects cancel on average
	// (|μ| ≪ μ*), while x1's do not.
	if math.Abs(idx[1].Mu) > 0.5*idx[1].MuStar {
		t.Errorf("x2: μ %.3f against μ* %.3f, expected effects of both signs", idx[1].Mu, idx[1].MuStar)
	}
}

func TestSignShare(t *testing.T) {
	v := make([]float64, 100)
	for i := range v {
		v[i] = float64(i) - 19.5 // 80 positive
	}
	s := SignShare(v)
	// Wilson's interval for 80/100: [0.7112, 0.8667].
	if s.Share != 0.8 || math.Abs(s.CI95[0]-0.7112) > 1e-3 || math.Abs(s.CI95[1]-0.8667) > 1e-3 {
		t.Errorf("got %+v, expected 0.8 [0.711, 0.867]", s)
	}
	// Clusters of 5 with the signs sorted: every cluster is all of one
	// sign, so they count as 20 points: Wilson's interval for 16/20.
	c := ClusterSignShare(v, 5)
	w20 := wilson(0.8, 20)
	if c.Share != 0.8 || c.Points != 100 || math.Abs(c.CI95[0]-w20.CI95[0]) > 1e-12 || math.Abs(c.CI95[1]-w20.CI95[1]) > 1e-12 {
		t.Errorf("cluster share %+v, expected 0.8 with %v", c, w20.CI95)
	}
	// Signs alternating within clusters: no clustering, the independent
	// interval.
	alt := make([]float64, 100)
	for i := range alt {
		alt[i] = float64(i%2*2 - 1)
	}
	if a, ind := ClusterSignShare(alt, 10), SignShare(alt); a.CI95 != ind.CI95 {
		t.Errorf("unclustered signs: %v, expected the independent %v", a.CI95, ind.CI95)
	}
	// Every value of one sign: the interval still has width.
	all := SignShare([]float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10})
	if all.Share != 1 || all.CI95[1] != 1 || !(all.CI95[0] < 0.75) {
		t.Errorf("all positive: %+v", all)
	}
}
