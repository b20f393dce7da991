package rng

import "math/rand/v2"

// splitmix64 is one step of SplitMix64: it advances *x and returns the mix.
func splitmix64(x *uint64) uint64 {
	*x += 0x9e3779b97f4a7c15
	z := *x
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// fnv1a hashes a stream name.
func fnv1a(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}

// Seeds returns the two PCG seed words of stream name in replication rep
// under the master seed.
func Seeds(master uint64, name string, rep uint64) (uint64, uint64) {
	x := master
	a := splitmix64(&x)
	x ^= fnv1a(name)
	b := splitmix64(&x)
	x ^= rep * 0xd1b54a32d192ed03
	c := splitmix64(&x)
	d := splitmix64(&x)
	return a ^ c, b ^ d
}

// Stream is one named random stream: a *rand.Rand over a PCG source.
type Stream struct {
	*rand.Rand
	src rand.PCG
}

// Source returns the stream's generator, for draws made without the
// calls through *rand.Rand; they are the numbers the stream's Rand draws.
func (s *Stream) Source() *rand.PCG { return &s.src }

// New returns the stream name of replication rep under the master seed.
func New(master uint64, name string, rep uint64) *Stream {
	s := &Stream{}
	s.src.Seed(Seeds(master, name, rep))
	s.Rand = rand.New(&s.src)
	return s
}

// Reset returns the stream to the start of stream name of replication rep,
// without allocating.
func (s *Stream) Reset(master uint64, name string, rep uint64) {
	s.src.Seed(Seeds(master, name, rep))
}

// SubSeed returns the PCG seed words of sub-stream i of the stream whose
// seed words (from Seeds) are (k1, k2). A model that keeps a PCG per
// entity seeds entity i's with SubSeed(Seeds(master, name, rep), i): its
// draws then depend on nothing but i, whatever other entities drew.
func SubSeed(k1, k2, i uint64) (uint64, uint64) {
	x := k1 ^ (i+1)*0x9e3779b97f4a7c15
	a := splitmix64(&x)
	x ^= k2
	b := splitmix64(&x)
	return a, b
}
