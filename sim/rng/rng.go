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

// Stream is one named random stream: a *rand.Rand over a PCG source. Its
// key (the seed words) is kept so that per-entity sub-streams can be
// derived from it.
type Stream struct {
	*rand.Rand
	src    rand.PCG
	k1, k2 uint64
}

// New returns the stream name of replication rep under the master seed.
func New(master uint64, name string, rep uint64) *Stream {
	s := &Stream{}
	s.k1, s.k2 = Seeds(master, name, rep)
	s.src.Seed(s.k1, s.k2)
	s.Rand = rand.New(&s.src)
	return s
}

// Reset returns the stream to the start of stream name of replication rep,
// without allocating.
func (s *Stream) Reset(master uint64, name string, rep uint64) {
	s.k1, s.k2 = Seeds(master, name, rep)
	s.src.Seed(s.k1, s.k2)
}

// Sub is a reusable sub-stream generator: Sub.At(i) reseeds it to the i-th
// sub-stream of its parent, so that entity i's draws do not depend on how
// many draws other entities consumed.
type Sub struct {
	*rand.Rand
	src    rand.PCG
	k1, k2 uint64
}

// Sub returns a sub-stream generator of s (one allocation; reuse it).
func (s *Stream) Sub() *Sub {
	u := &Sub{k1: s.k1, k2: s.k2}
	u.Rand = rand.New(&u.src)
	return u
}

// Rekey points u at the sub-streams of s (after s was Reset).
func (u *Sub) Rekey(s *Stream) { u.k1, u.k2 = s.k1, s.k2 }

// At reseeds u to sub-stream i and returns it.
func (u *Sub) At(i uint64) *Sub {
	u.src.Seed(SubSeed(u.k1, u.k2, i))
	return u
}

// Key returns the stream's seed words, from which per-entity sub-streams
// are derived with SubSeed.
func (s *Stream) Key() (uint64, uint64) { return s.k1, s.k2 }

// SubSeed returns the PCG seed words of sub-stream i of the stream whose
// key is (k1, k2). It is what Sub.At uses; models that keep a PCG per
// entity seed it with this.
func SubSeed(k1, k2, i uint64) (uint64, uint64) {
	x := k1 ^ (i+1)*0x9e3779b97f4a7c15
	a := splitmix64(&x)
	x ^= k2
	b := splitmix64(&x)
	return a, b
}
