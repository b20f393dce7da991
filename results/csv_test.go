package results

import (
	"bytes"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// assertSameTable asserts that two tables have the same names and the same
// values bit for bit (any NaN matching any NaN).
func assertSameTable(t *testing.T, want, got *Table) {
	t.Helper()
	require.Equal(t, want.Policies, got.Policies)
	require.Equal(t, want.Metrics, got.Metrics)
	require.Equal(t, want.Replications, got.Replications)
	for p := range want.Values {
		for m := range want.Values[p] {
			for r, v := range want.Values[p][m] {
				g := got.Values[p][m][r]
				if !sameFloat(v, g) {
					t.Errorf("rep %d policy %q metric %q: want %v (%#x), got %v (%#x)",
						r, want.Policies[p], want.Metrics[m], v, math.Float64bits(v), g, math.Float64bits(g))
				}
			}
		}
	}
}

func TestCSVFormat(t *testing.T) {
	tab := NewTable([]string{"fifo", "lifo"}, []string{"won", "revenue"}, 2)
	vals := []float64{1, 2.5, math.NaN(), 0.1, math.Copysign(0, -1), math.Inf(1), 1e-300, math.Inf(-1)}
	i := 0
	for r := range 2 {
		for p := range 2 {
			for m := range 2 {
				tab.Set(r, p, m, vals[i])
				i++
			}
		}
	}
	var buf bytes.Buffer
	require.NoError(t, tab.WriteCSV(&buf))
	assert.Equal(t, `replication,policy,metric,value
0,fifo,won,1
0,fifo,revenue,2.5
0,lifo,won,NaN
0,lifo,revenue,0.1
1,fifo,won,-0
1,fifo,revenue,+Inf
1,lifo,won,1e-300
1,lifo,revenue,-Inf
`, buf.String())
}

func TestCSVRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	special := []float64{
		math.NaN(), math.Inf(1), math.Inf(-1), 0, math.Copysign(0, -1),
		math.SmallestNonzeroFloat64, math.MaxFloat64, -math.MaxFloat64,
		0.1, 1.0 / 3, 2.0 / 3, math.Pi, 1e21, 1e-7, 123456789012345678,
		math.Nextafter(1, 2), math.Float64frombits(0x000fffffffffffff), // largest subnormal
	}
	tests := []struct {
		name              string
		policies, metrics []string
		reps              int
	}{
		{"small", []string{"fifo"}, []string{"won"}, 1},
		{"special names", []string{"a,b", `say "hi"`, " padded ", "üñí", "multi\nline"}, []string{"x", "y,z"}, 3},
		{"larger", []string{"p1", "p2", "p3"}, []string{"m1", "m2", "m3", "m4"}, 200},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			k := 0
			tab := fill(tc.policies, tc.metrics, tc.reps, func(rep, p, m int) float64 {
				k++
				if k <= len(special) {
					return special[k-1]
				}
				return rng.NormFloat64() * math.Pow(10, float64(rng.IntN(40)-20))
			})
			var buf bytes.Buffer
			require.NoError(t, tab.WriteCSV(&buf))
			back, err := ReadCSV(bytes.NewReader(buf.Bytes()))
			require.NoError(t, err)
			assertSameTable(t, tab, back)

			// Writing what was read gives the same bytes.
			var again bytes.Buffer
			require.NoError(t, back.WriteCSV(&again))
			assert.Equal(t, buf.String(), again.String())
		})
	}
}

func TestReadCSVAnyRowOrder(t *testing.T) {
	tab := fill([]string{"a", "b"}, []string{"x", "y"}, 3, func(rep, p, m int) float64 { return float64(rep*100 + p*10 + m) })
	var buf bytes.Buffer
	require.NoError(t, tab.WriteCSV(&buf))
	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	body := lines[1:]
	rand.New(rand.NewPCG(9, 9)).Shuffle(len(body), func(i, j int) { body[i], body[j] = body[j], body[i] })

	// Put a row of policy a, metric x first, so first-appearance order
	// matches the table; other rows in any order, CRLF line ends and a
	// byte order mark.
	for i, l := range body {
		if strings.HasSuffix(l, ",a,x,100") {
			body[0], body[i] = body[i], body[0]
		}
	}
	for i, l := range body {
		if i > 0 && strings.Contains(l, ",a,y,") {
			body[1], body[i] = body[i], body[1]
			break
		}
	}
	in := "\ufeff" + lines[0] + "\r\n" + strings.Join(body, "\r\n") + "\r\n"
	back, err := ReadCSV(strings.NewReader(in))
	require.NoError(t, err)
	assertSameTable(t, tab, back)
}

func TestReadCSVErrors(t *testing.T) {
	const h = "replication,policy,metric,value\n"
	tests := []struct {
		name, in, want string
	}{
		{"empty input", "", "empty input, want header replication,policy,metric,value"},
		{"header only", h, "no data rows"},
		{"bad header", "rep,policy,metric,value\n0,a,x,1\n", `CSV line 1: header is "rep,policy,metric,value", want "replication,policy,metric,value"`},
		{"short header", "replication,policy,metric\n", "CSV line 1: header is"},
		{"bad number", h + "0,a,x,1\n0,a,y,abc\n", `CSV line 3: value "abc" is not a number`},
		{"empty value", h + "0,a,x,\n", `CSV line 2: value "" is not a number`},
		{"number out of range", h + "0,a,x,1e400\n", `CSV line 2: value "1e400" is out of the range of float64`},
		{"bad replication", h + "0,a,x,1\nfirst,a,x,1\n", `CSV line 3: replication "first" is not a non-negative integer`},
		{"negative replication", h + "-1,a,x,1\n", `CSV line 2: replication "-1" is not a non-negative integer`},
		{"fractional replication", h + "0.5,a,x,1\n", `CSV line 2: replication "0.5"`},
		{"missing policy", h + "0,,x,1\n", "CSV line 2: empty policy"},
		{"missing metric", h + "0,a,x,1\n0,a,,1\n", "CSV line 3: empty metric"},
		{"ragged short", h + "0,a,x,1\n0,a,y\n", "CSV line 3: 3 fields, want 4 (replication,policy,metric,value)"},
		{"ragged long", h + "0,a,x,1,extra\n", "CSV line 2: 5 fields, want 4"},
		{"bad quoting", h + "0,\"a,x,1\n", "reading CSV"},
		{"duplicate row", h + "0,a,x,1\n0,a,y,2\n0,a,x,3\n", `CSV line 4: second row for replication 0, policy "a", metric "x" (first on line 2)`},
		{"missing cell", h + "0,a,x,1\n0,a,y,2\n1,a,x,3\n", `no row for replication 1, policy "a", metric "y"`},
		{"missing policy cell", h + "0,a,x,1\n0,b,x,2\n1,a,x,3\n", `no row for replication 1, policy "b", metric "x"`},
		{"missing first replication", h + "1,a,x,1\n1,a,y,2\n", `no row for replication 0, policy "a", metric "x"`},
		{"gap in replications", h + "0,a,x,1\n0,a,y,2\n0,a,z,2\n2,a,x,3\n2,a,y,3\n2,a,z,3\n", `no row for replication 1, policy "a", metric "x"`},
		{"huge replication", h + "0,a,x,1\n9223372036854775807,a,x,2\n", "CSV line 3: replication 9223372036854775807, but the file has only 2 rows"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tab, err := ReadCSV(strings.NewReader(tc.in))
			require.Error(t, err)
			assert.Nil(t, tab)
			assert.Contains(t, err.Error(), tc.want)
			assert.True(t, strings.HasPrefix(err.Error(), "results: "), err.Error())
		})
	}
}

func TestCSVMergeOfParts(t *testing.T) {
	// Two runs written separately and merged equal one run of all
	// replications.
	f := func(rep, p, m int) float64 { return math.Sqrt(float64(rep + 7*p + 3*m)) }
	full := fill([]string{"a", "b"}, []string{"x", "y"}, 10, f)
	part1 := fill([]string{"a", "b"}, []string{"x", "y"}, 4, f)
	part2 := fill([]string{"a", "b"}, []string{"x", "y"}, 6, func(rep, p, m int) float64 { return f(rep+4, p, m) })

	var b1, b2 bytes.Buffer
	require.NoError(t, part1.WriteCSV(&b1))
	require.NoError(t, part2.WriteCSV(&b2))
	r1, err := ReadCSV(&b1)
	require.NoError(t, err)
	r2, err := ReadCSV(&b2)
	require.NoError(t, err)
	merged, err := r1.Merge(r2)
	require.NoError(t, err)
	assertSameTable(t, full, merged)
}
