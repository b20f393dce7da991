package funnel

import (
	"math"
	"math/rand/v2"
	"testing"
)

// delayBinNaive and delayBucketNaive are the definitions of delayBin and
// DelayBucket, written as plainly as possible: the last edge at or below
// the delay, and the first bucket whose upper edge is above it.
func delayBinNaive(h float64) int {
	b := 0
	for k := 1; k < NumDelayBins; k++ {
		if DelayBinEdges[k] <= h {
			b = k
		}
	}
	return b
}

func delayBucketNaive(h float64) int {
	for i, e := range DelayBuckets {
		if h < e {
			return i
		}
	}
	return NumDelayBuckets - 1
}

// TestDelayBinsMatchDefinition checks the branch-free searches against
// their definitions on every edge and its neighbours, special values and
// a million log-uniform delays.
func TestDelayBinsMatchDefinition(t *testing.T) {
	var hs []float64
	for _, e := range DelayBinEdges {
		hs = append(hs, e, math.Nextafter(e, math.Inf(-1)), math.Nextafter(e, math.Inf(1)))
	}
	for _, e := range DelayBuckets {
		hs = append(hs, e, math.Nextafter(e, math.Inf(-1)), math.Nextafter(e, math.Inf(1)))
	}
	hs = append(hs, 0, math.Copysign(0, -1), -1, -1e300, math.Inf(1), math.Inf(-1), math.NaN(), math.MaxFloat64, math.SmallestNonzeroFloat64)
	r := rand.New(rand.NewPCG(1, 2))
	for range 1_000_000 {
		hs = append(hs, math.Pow(10, r.Float64()*14-6))
	}
	for _, h := range hs {
		if got, want := delayBin(h), delayBinNaive(h); got != want {
			t.Fatalf("delayBin(%v) = %d, want %d", h, got, want)
		}
		if got, want := DelayBucket(h), delayBucketNaive(h); got != want {
			t.Fatalf("DelayBucket(%v) = %d, want %d", h, got, want)
		}
		if bin, bucket := delayBinBucket(h); bin != delayBinNaive(h) || bucket != delayBucketNaive(h) {
			t.Fatalf("delayBinBucket(%v) = %d, %d, want %d, %d", h, bin, bucket, delayBinNaive(h), delayBucketNaive(h))
		}
	}
}

// BenchmarkDelayBins: the speed-to-lead bin and HBR bucket of a million
// lognormal delays (median 1 h), as firstTouch takes them.
func BenchmarkDelayBins(b *testing.B) {
	r := rand.New(rand.NewPCG(7, 8))
	hs := make([]float64, 1<<20)
	for i := range hs {
		hs[i] = math.Exp(r.NormFloat64() * 2)
	}
	var sink int
	for b.Loop() {
		for _, h := range hs {
			bin, bucket := delayBinBucket(h)
			sink += bin + bucket
		}
	}
	if sink == 42 {
		b.Log(sink)
	}
}
