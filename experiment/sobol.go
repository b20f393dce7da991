package experiment

import "fmt"

// SobolMaxDim is the largest dimension Sobol supports: the first
// dimension and the next 19 of Joe and Kuo's direction numbers.
const SobolMaxDim = 20

// joeKuo holds, for dimensions 2 to SobolMaxDim, the degree s, the
// coefficient a of the primitive polynomial and the initial direction
// numbers m_1..m_s of Joe and Kuo's new-joe-kuo-6.21201 table (S. Joe and
// F. Y. Kuo, Constructing Sobol sequences with better two-dimensional
// projections, SIAM J. Sci. Comput. 30, 2635–2654, 2008).
var joeKuo = []struct {
	s, a uint32
	m    []uint32
}{
	{1, 0, []uint32{1}},
	{2, 1, []uint32{1, 3}},
	{3, 1, []uint32{1, 3, 1}},
	{3, 2, []uint32{1, 1, 1}},
	{4, 1, []uint32{1, 1, 3, 3}},
	{4, 4, []uint32{1, 3, 5, 13}},
	{5, 2, []uint32{1, 1, 5, 5, 17}},
	{5, 4, []uint32{1, 1, 5, 5, 5}},
	{5, 7, []uint32{1, 1, 7, 11, 19}},
	{5, 11, []uint32{1, 1, 5, 1, 1}},
	{5, 13, []uint32{1, 1, 1, 3, 11}},
	{5, 14, []uint32{1, 3, 5, 5, 31}},
	{6, 1, []uint32{1, 3, 3, 9, 7, 49}},
	{6, 13, []uint32{1, 1, 1, 15, 21, 21}},
	{6, 16, []uint32{1, 3, 1, 13, 27, 49}},
	{6, 19, []uint32{1, 1, 1, 15, 7, 5}},
	{6, 22, []uint32{1, 3, 1, 15, 13, 25}},
	{6, 25, []uint32{1, 1, 5, 5, 19, 61}},
	{7, 1, []uint32{1, 3, 7, 11, 23, 15, 103}},
}

const sobolBits = 32

// Sobol generates the unscrambled Sobol low-discrepancy sequence in up to
// SobolMaxDim dimensions, in Gray-code order (Antonov and Saleev), with
// 32-bit direction numbers: point 0 is the origin, then (½, ½, ...),
// (¾, ¼, ...), and so on. Its first 2^k points, for any k, put exactly one
// point in each interval [j/2^k, (j+1)/2^k) of every coordinate.
type Sobol struct {
	v [][sobolBits]uint32 // v[j][k]: direction number k+1 of dimension j
	x []uint32
	i uint32 // index of the next point
}

// NewSobol returns the sequence in dim dimensions, 1 ≤ dim ≤ SobolMaxDim.
func NewSobol(dim int) (*Sobol, error) {
	if dim < 1 || dim > SobolMaxDim {
		return nil, fmt.Errorf("experiment: Sobol sequence in %d dimensions; expected 1 to %d", dim, SobolMaxDim)
	}
	s := &Sobol{v: make([][sobolBits]uint32, dim), x: make([]uint32, dim)}
	for k := range sobolBits {
		s.v[0][k] = 1 << (sobolBits - 1 - k)
	}
	for j := 1; j < dim; j++ {
		jk := joeKuo[j-1]
		v := &s.v[j]
		for k := uint32(0); k < sobolBits; k++ {
			if k < jk.s {
				v[k] = jk.m[k] << (sobolBits - 1 - k)
				continue
			}
			x := v[k-jk.s] ^ (v[k-jk.s] >> jk.s)
			for l := uint32(1); l < jk.s; l++ {
				if (jk.a>>(jk.s-1-l))&1 == 1 {
					x ^= v[k-l]
				}
			}
			v[k] = x
		}
	}
	return s, nil
}

// Next writes the next point of the sequence into dst (of the sequence's
// dimension) and returns it. It panics after 2^32 − 1 points.
func (s *Sobol) Next(dst []float64) []float64 {
	if s.i > 0 {
		// The rightmost zero bit of i−1 picks the direction number.
		c, n := 0, s.i-1
		for n&1 == 1 {
			n >>= 1
			c++
		}
		if c >= sobolBits {
			panic("experiment: Sobol sequence exhausted")
		}
		for j := range s.x {
			s.x[j] ^= s.v[j][c]
		}
	}
	s.i++
	for j, x := range s.x {
		dst[j] = float64(x) / (1 << sobolBits)
	}
	return dst
}

// SobolPoints returns the first n points of the dim-dimensional Sobol
// sequence.
func SobolPoints(n, dim int) ([][]float64, error) {
	s, err := NewSobol(dim)
	if err != nil {
		return nil, err
	}
	out := make([][]float64, n)
	for i := range out {
		out[i] = s.Next(make([]float64, dim))
	}
	return out, nil
}
