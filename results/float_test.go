package results

import (
	"encoding/json"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestFloatJSON: a Float is written exactly as encoding/json writes a
// float64 (so files written through it do not change), NaN and ±Inf as
// null, and every value reads back to itself, null as NaN.
func TestFloatJSON(t *testing.T) {
	for _, x := range []float64{0, math.Copysign(0, -1), 1, -2.5, 0.1, 1.0 / 3, 1e-7, 1e-300, 5e-324,
		123456789012345678901, 1e21, -1e300, math.MaxFloat64, math.SmallestNonzeroFloat64} {
		want, err := json.Marshal(x)
		require.NoError(t, err)
		got, err := json.Marshal(Float(x))
		require.NoError(t, err)
		assert.Equal(t, string(want), string(got), "%v", x)
		var back Float
		require.NoError(t, json.Unmarshal(got, &back))
		assert.Equal(t, math.Float64bits(x), math.Float64bits(float64(back)), "%v read back as %v", x, back)
	}
	for _, x := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
		got, err := json.Marshal(Float(x))
		require.NoError(t, err)
		assert.Equal(t, "null", string(got), "%v", x)
		back := Float(7)
		require.NoError(t, json.Unmarshal(got, &back))
		assert.True(t, math.IsNaN(float64(back)), "%v read back as %v, want NaN", x, back)
	}

	// In a struct, as field and through a pointer.
	type doc struct {
		A Float  `json:"a"`
		B *Float `json:"b,omitempty"`
	}
	nan := Float(math.NaN())
	b, err := json.Marshal(doc{A: 2, B: &nan})
	require.NoError(t, err)
	assert.Equal(t, `{"a":2,"b":null}`, string(b))
	b, err = json.Marshal(doc{A: nan})
	require.NoError(t, err)
	assert.Equal(t, `{"a":null}`, string(b))
	var d doc
	require.NoError(t, json.Unmarshal([]byte(`{"a":null,"b":1.5}`), &d))
	assert.True(t, math.IsNaN(float64(d.A)))
	require.NotNil(t, d.B)
	assert.Equal(t, Float(1.5), *d.B)

	for _, bad := range []string{`"1"`, `true`, `[]`, `{}`} {
		var f Float
		assert.Error(t, json.Unmarshal([]byte(bad), &f), bad)
	}
}
