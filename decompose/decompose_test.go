package decompose

import (
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"

	"funnellab/scenarios"
)

// TestPartsCoverPolicy checks that every key of a policy entry but the
// unswitched ones is in exactly one part.
func TestPartsCoverPolicy(t *testing.T) {
	count := map[string]int{}
	for _, p := range Parts {
		for _, k := range p.Keys {
			count[k]++
		}
	}
	for k := range fieldIndex {
		want := 1
		if slices.Contains(unswitched, k) {
			want = 0
		}
		if count[k] != want {
			t.Errorf("key %q is in %d parts, want %d", k, count[k], want)
		}
	}
	if len(count) != len(fieldIndex)-len(unswitched) {
		t.Errorf("parts name %d keys, policies have %d switchable", len(count), len(fieldIndex)-len(unswitched))
	}
}

// TestCombineEnds checks that all parts of B taken into A give B, and
// none gives A.
func TestCombineEnds(t *testing.T) {
	a, b := scenarios.Presets["waterfall"], scenarios.Presets["telequal"]
	all := make([]bool, len(Parts))
	for i := range all {
		all[i] = true
	}
	got := Combine(a, b, Parts, all)
	got.Base, got.Name = b.Base, b.Name
	if !reflect.DeepEqual(got, b) {
		t.Errorf("A with every part of B is not B:\n%+v\n%+v", got, b)
	}
	if got := Combine(a, b, Parts, make([]bool, len(Parts))); !reflect.DeepEqual(got, a) {
		t.Errorf("A with no part of B is not A")
	}
}

func TestDifferingIdentical(t *testing.T) {
	p := scenarios.Presets["objective"]
	parts, err := Differing(p, p, false)
	if err != nil || len(parts) != 0 {
		t.Fatalf("identical policies: parts %v, err %v; want none", parts, err)
	}
}

// TestDifferingMerges checks that the veto and the routing are switched
// together when the veto's judgement would meet pooled routing.
func TestDifferingMerges(t *testing.T) {
	parts, err := Differing(scenarios.Presets["waterfall"], scenarios.Presets["direct"], false)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range parts {
		got = append(got, p.Name)
	}
	want := []string{"gate", "learning", "veto+routing", "attempts", "recycle"}
	if !slices.Equal(got, want) {
		t.Errorf("parts of waterfall vs direct: %v, want %v", got, want)
	}
	// The headline: waterfall vs objective, parted.
	parts, err = Differing(scenarios.Presets["waterfall"], scenarios.Presets["objective"], true)
	if err != nil || len(parts) != 3 {
		t.Errorf("families of waterfall vs objective: %v, %v; want gate, veto, effort", parts, err)
	}
}

func TestDifferingRefusesSwitch(t *testing.T) {
	a, b := scenarios.Presets["waterfall"], scenarios.Presets["objective"]
	b.SwitchFrom, b.SwitchAtDays, b.Name = "waterfall", 90, "objective"
	if _, err := Differing(a, b, false); err == nil || !strings.Contains(err.Error(), "policy switch") {
		t.Errorf("a policy with a switch: err %v, want one naming the policy switch", err)
	}
}

// TestFractions checks every fraction's resolution (IV or better), that
// its 64 runs are distinct and hold B, and that its ±1 columns of main
// effects are balanced and orthogonal to each other and to every
// two-factor interaction column (what resolution IV means).
func TestFractions(t *testing.T) {
	for k := MaxFull + 1; k <= MaxParts; k++ {
		parts := make([]Part, k)
		for i := range parts {
			parts[i] = Part{Name: string(letters[i])}
		}
		d, err := Plan(parts)
		if err != nil {
			t.Fatal(err)
		}
		if d.Resolution < 4 {
			t.Errorf("k=%d: resolution %d, want at least 4", k, d.Resolution)
		}
		if d.IndexB < 0 || d.IndexB >= d.Fraction {
			t.Errorf("k=%d: B is not in the fraction", k)
		}
		seen := map[string]bool{}
		for _, r := range d.Runs[:d.Fraction] {
			seen[fmtBools(r)] = true
		}
		if len(seen) != 64 {
			t.Errorf("k=%d: %d distinct runs, want 64", k, len(seen))
		}
		x := func(r, i int) int {
			if d.Runs[r][i] {
				return 1
			}
			return -1
		}
		for i := 0; i < k; i++ {
			s := 0
			for r := 0; r < d.Fraction; r++ {
				s += x(r, i)
			}
			if s != 0 {
				t.Errorf("k=%d: column %d unbalanced", k, i)
			}
			for j := 0; j < k; j++ {
				for l := j + 1; l < k; l++ {
					s := 0
					for r := 0; r < d.Fraction; r++ {
						if j == i || l == i {
							continue
						}
						s += x(r, i) * x(r, j) * x(r, l)
					}
					if s != 0 {
						t.Errorf("k=%d: main effect %d aliased with interaction %d×%d", k, i, j, l)
					}
				}
			}
		}
	}
	if _, err := Plan(make([]Part, MaxParts+1)); err == nil {
		t.Errorf("Plan of %d parts: no error", MaxParts+1)
	}
}

func fmtBools(v []bool) string {
	var b strings.Builder
	for _, x := range v {
		if x {
			b.WriteString("1")
		} else {
			b.WriteString("0")
		}
	}
	return b.String()
}

// TestAnalyzeFull checks the decomposition of a known function of three
// parts: f(S) = 3·[0∈S] + 5·[1∈S] + 2·[0∈S][1∈S] + 6·[0,1,2 ∈ S], plus
// noise common to a replication's runs: the anchored effects are 3, 5, 0,
// the interaction of parts 0 and 1 is 2, the three-part term 6, and the
// Shapley values 3 + 1 + 2, 5 + 1 + 2, 0 + 2.
func TestAnalyzeFull(t *testing.T) {
	parts := []Part{{Name: "a"}, {Name: "b"}, {Name: "c"}}
	d, err := Plan(parts)
	if err != nil || !d.Full {
		t.Fatal(d, err)
	}
	noise := []float64{0.3, -1.2, 2.5, 0.1}
	y := make([][]float64, len(d.Runs))
	for r, set := range d.Runs {
		for _, e := range noise {
			v := e * 100
			if set[0] {
				v += 3
			}
			if set[1] {
				v += 5
			}
			if set[0] && set[1] {
				v += 2
			}
			if set[0] && set[1] && set[2] {
				v += 6
			}
			y[r] = append(y[r], v)
		}
	}
	res, err := Analyze(d, y, "m", "A", "B")
	if err != nil {
		t.Fatal(err)
	}
	near := func(what string, got, want float64) {
		t.Helper()
		if math.Abs(got-want) > 1e-9 {
			t.Errorf("%s = %g, want %g", what, got, want)
		}
	}
	near("total", res.Total.Effect, 16)
	for i, want := range []float64{6, 8, 2} {
		near("shapley "+parts[i].Name, res.Parts[i].Effect, want)
	}
	for i, want := range []float64{3, 5, 0} {
		near("alone "+parts[i].Name, *res.Parts[i].Alone, want)
	}
	near("largest interaction", res.Interactions[0].Effect, 2)
	if !slices.Equal(res.Interactions[0].Parts, []string{"a", "b"}) {
		t.Errorf("largest interaction %v, want a × b", res.Interactions[0].Parts)
	}
	near("higher order", res.HigherOrder.Effect, 6)
	if !res.Identity.Exact {
		t.Errorf("identity not exact: %+v", res.Identity)
	}
	// The effects are the same in every replication: zero-width intervals.
	near("CI width", float64(res.Parts[0].High-res.Parts[0].Low), 0)
}

// TestAnalyzeFraction checks that a fraction recovers the main effects of
// a function with two-part interactions exactly (resolution IV), and that
// the total less their sum is the three-part term.
func TestAnalyzeFraction(t *testing.T) {
	k := 9
	parts := make([]Part, k)
	for i := range parts {
		parts[i] = Part{Name: string(letters[i])}
	}
	d, err := Plan(parts)
	if err != nil || d.Full {
		t.Fatal(err)
	}
	beta := []float64{1, -2, 3, 0, 0.5, 4, -1, 2, 0}
	y := make([][]float64, len(d.Runs))
	for r, set := range d.Runs {
		x := func(i int) float64 {
			if set[i] {
				return 1
			}
			return -1
		}
		v := 10.0
		for i, b := range beta {
			v += b * x(i)
		}
		v += 1.5 * x(0) * x(1) // a two-part interaction: aliased, not in the mains
		y[r] = []float64{v, v + 1}
	}
	res, err := Analyze(d, y, "m", "A", "B")
	if err != nil {
		t.Fatal(err)
	}
	sum := 0.0
	for i, b := range beta {
		if math.Abs(res.Parts[i].Effect-2*b) > 1e-9 {
			t.Errorf("main effect of %s = %g, want %g", parts[i].Name, res.Parts[i].Effect, 2*b)
		}
		sum += 2 * b
	}
	if math.Abs(res.Total.Effect-sum) > 1e-9 || math.Abs(res.HigherOrder.Effect) > 1e-9 {
		t.Errorf("total %g (want %g), higher order %g (want 0)", res.Total.Effect, sum, res.HigherOrder.Effect)
	}
	if math.Abs(res.Interactions[0].Effect-6) > 1e-9 {
		t.Errorf("largest interaction %v = %g, want 4 × 1.5", res.Interactions[0].Parts, res.Interactions[0].Effect)
	}
}
