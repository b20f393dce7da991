package sysmem

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Size units, case-insensitive: KiB, MiB, GiB and TiB are powers of 1024;
// KB, MB, GB and TB powers of 1000; K, M, G and T (alone) powers of 1024,
// as in ulimit and the Go runtime's GOMEMLIMIT; B or no unit is bytes.
var units = map[string]float64{
	"": 1, "b": 1,
	"k": 1 << 10, "m": 1 << 20, "g": 1 << 30, "t": 1 << 40,
	"kib": 1 << 10, "mib": 1 << 20, "gib": 1 << 30, "tib": 1 << 40,
	"kb": 1e3, "mb": 1e6, "gb": 1e9, "tb": 1e12,
}

// ParseSize reads a memory size: a non-negative number, with a fraction
// or an exponent if needed, then optionally spaces and a unit (see units
// above): "512MiB", "4GiB", "4G", "1.5GB", "1000000" (bytes). "0" is 0,
// which callers may read as "no limit". The result is rounded down to
// whole bytes; a size beyond the int64 range is an error.
func ParseSize(s string) (int64, error) {
	t := strings.TrimSpace(s)
	if t == "" {
		return 0, fmt.Errorf("size %q: empty; give a number of bytes or a number with a unit such as 512MiB, 4GiB or 1.5GB", s)
	}
	i := 0
	for i < len(t) && (t[i] >= '0' && t[i] <= '9' || t[i] == '.' || t[i] == 'e' || t[i] == 'E' || t[i] == '+' || t[i] == '-') {
		if (t[i] == 'e' || t[i] == 'E') && !(i+1 < len(t) && (t[i+1] >= '0' && t[i+1] <= '9' || t[i+1] == '+' || t[i+1] == '-')) {
			break // not an exponent: the start of a unit (there is none in e) or junk
		}
		i++
	}
	num, unit := t[:i], strings.ToLower(strings.TrimSpace(t[i:]))
	if num == "" {
		return 0, fmt.Errorf("size %q: no number before the unit", s)
	}
	v, err := strconv.ParseFloat(num, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, fmt.Errorf("size %q: %q is not a number", s, num)
	}
	if v < 0 {
		return 0, fmt.Errorf("size %q: negative", s)
	}
	mul, ok := units[unit]
	if !ok {
		return 0, fmt.Errorf("size %q: unknown unit %q; use B, KiB, MiB, GiB, TiB (powers of 1024), KB, MB, GB, TB (powers of 1000) or K, M, G, T (powers of 1024)", s, t[i:])
	}
	b := v * mul
	if b >= math.MaxInt64 {
		return 0, fmt.Errorf("size %q: too large (at most %d bytes)", s, int64(math.MaxInt64))
	}
	return int64(b), nil
}

// FormatSize writes n bytes in the largest binary unit (B, KiB, MiB, GiB,
// TiB, PiB, EiB) that keeps the number at least 1, with three significant
// digits and no trailing ".0": "71.5 GiB", "812 MiB", "3.2 KiB", "512 B".
// Negative sizes keep their sign.
func FormatSize(n int64) string {
	sign := ""
	u := uint64(n)
	if n < 0 {
		sign, u = "-", uint64(-(n+1))+1
	}
	names := []string{"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"}
	if u < 1024 {
		return sign + strconv.FormatUint(u, 10) + " B"
	}
	v, k := float64(u), 0
	for v >= 1024 && k < len(names)-1 {
		v /= 1024
		k++
	}
	var num string
	switch {
	case v >= 100:
		num = strconv.FormatFloat(math.Round(v), 'f', 0, 64)
	case v >= 10:
		num = strconv.FormatFloat(v, 'f', 1, 64)
	default:
		num = strconv.FormatFloat(v, 'f', 2, 64)
	}
	if strings.Contains(num, ".") {
		num = strings.TrimRight(strings.TrimRight(num, "0"), ".")
	}
	if num == "1024" && k < len(names)-1 { // rounded up into the next unit
		num, k = "1", k+1
	}
	return sign + num + " " + names[k]
}
