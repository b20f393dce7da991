// Package rng derives Funnel Lab's named random streams.
//
// Every random purpose in a model (the arrivals of one channel, the hot
// windows, the call durations, the qualification draws, ...) has its own
// stream. A stream's state is derived from the triple (master seed, stream
// name, replication index) by hashing: the name is hashed with FNV-1a, and
// the three words are mixed through SplitMix64 (Steele, Lea and Flood 2014)
// into the two 64-bit words that seed a math/rand/v2 PCG generator. Streams
// with different names or replication indexes are therefore statistically
// independent, and adding a new stream to a model does not shift the draws
// of the existing ones.
//
// The policy under test is deliberately not part of the hash: in a given
// replication every policy sees the same arrivals, the same prospects and the
// same per-prospect draws. This is the method of common random numbers, and
// it is what makes the paired comparison of two policies precise.
//
// Draws whose number depends on the policy (a call attempt that one policy
// makes and another does not) must not come from a shared stream, or they
// would shift every later draw of that stream. For those, [SubSeed]
// derives the seed of a sub-stream per entity (per prospect, per rep),
// keyed by the entity's index: the model keeps a rand.PCG value in each
// entity's record and seeds it in place, which allocates nothing.
package rng
