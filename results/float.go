package results

import (
	"encoding/json"
	"math"
)

// Float is a float64 that JSON can always hold: it is written as the
// number encoding/json writes for a float64, or as null when it is NaN or
// ±Inf (which JSON has no numbers for), and null is read back as NaN. The
// result files (summary.json, the checks' results, findings.json) write
// their statistics, which may be undefined, as Floats.
type Float float64

// MarshalJSON implements json.Marshaler: null for NaN and ±Inf, otherwise
// the float64's encoding.
func (f Float) MarshalJSON() ([]byte, error) {
	x := float64(f)
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return []byte("null"), nil
	}
	return json.Marshal(x)
}

// UnmarshalJSON implements json.Unmarshaler: null reads as NaN, a number as
// itself; anything else is an error.
func (f *Float) UnmarshalJSON(data []byte) error {
	if string(data) == "null" {
		*f = Float(math.NaN())
		return nil
	}
	var x float64
	if err := json.Unmarshal(data, &x); err != nil {
		return err
	}
	*f = Float(x)
	return nil
}
