package funnel

import (
	"math/rand/v2"

	"funnellab/sim/rng"
)

// The random streams of a replication (see the package doc, Common random
// numbers). Shared streams are drawn in a fixed number per prospect, so
// they do not depend on the policy: one per channel for its arrivals, and
// the prospect stream for the latent attributes. Draws whose number
// depends on the policy come from private streams, a rand.PCG value in
// the record of their entity (each prospect's journey, signals and sales
// streams, each rep's own pipeline), seeded at the entity's birth with
// rng.SubSeed from the key of its family in this replication. One
// *rand.Rand (draw) serves every private stream: use points it at one.

// Stream names.
const (
	streamProspect = "prospect" // latent attributes, drawn at arrival in fixed number
	streamJourney  = "journey"  // key of the per-prospect journey streams
	streamSignals  = "signals"  // key of the per-prospect signal streams
	streamSales    = "sales"    // key of the per-prospect sales streams
	streamOwn      = "own_pipeline"
	streamThinning = "thinning"    // key of the per-arrival uniforms of channel cuts (learning)
	streamOutbound = "prospecting" // the reps' outbound prospects: arrivals and profiles (outbound.go)
)

// streams are a Sim's random streams.
type streams struct {
	draw    *rand.Rand // draws from the PCG that src points at
	slow    *expSlow   // the exponentials expDraw hands to the library
	src     pcgRef
	arrS    []*rng.Stream // per channel: its arrivals
	prosS   *rng.Stream   // the prospects' latent attributes
	ownKey  [2]uint64     // the reps' own-pipeline streams
	jKey    [2]uint64     // the prospects' journey streams
	sKey    [2]uint64     // the prospects' signal streams
	aKey    [2]uint64     // the prospects' sales streams
	thinKey [2]uint64     // the arrivals' thinning uniforms (learning)
	repRng  rand.PCG      // the reps' skill and own-load draws (skill.go)
}

// newStreams returns the streams of a model's Sim, at replication 0.
func newStreams(m *Model) streams {
	var st streams
	for _, c := range m.channels {
		st.arrS = append(st.arrS, rng.New(m.seed, c.stream, 0))
	}
	st.prosS = rng.New(m.seed, streamProspect, 0)
	return st
}

// resetStreams starts every stream of replication rep.
func (s *Sim) resetStreams(rep uint64) {
	m := s.m
	for i, c := range m.channels {
		s.arrS[i].Reset(m.seed, c.stream, rep)
	}
	s.prosS.Reset(m.seed, streamProspect, rep)
	s.ownKey[0], s.ownKey[1] = rng.Seeds(m.seed, streamOwn, rep)
	s.jKey[0], s.jKey[1] = rng.Seeds(m.seed, streamJourney, rep)
	s.sKey[0], s.sKey[1] = rng.Seeds(m.seed, streamSignals, rep)
	s.aKey[0], s.aKey[1] = rng.Seeds(m.seed, streamSales, rep)
	s.thinKey[0], s.thinKey[1] = rng.Seeds(m.seed, streamThinning, rep)
}

// pcgRef is a rand.Source that draws from the PCG it points at, so one
// *rand.Rand serves every prospect's private streams without allocating.
type pcgRef struct{ p *rand.PCG }

func (r *pcgRef) Uint64() uint64 { return r.p.Uint64() }

// uniform returns the next uniform number in [0, 1) of a prospect's
// private stream: the value rand.New(p).Float64() returns, computed the
// same way, without the calls through rand.Source (the signal loop makes
// tens of millions of these; TestUniformIsFloat64 checks the equality).
func uniform(p *rand.PCG) float64 {
	return float64(p.Uint64()<<11>>11) / (1 << 53)
}

// exp returns the next exponential (rate 1) of a private stream: what
// s.use(p).ExpFloat64() returns, drawn without calls (expdraw.go).
func (s *Sim) exp(p *rand.PCG) float64 { return expDraw(p, s.slow) }

// use points the shared *rand.Rand at a prospect's private stream.
func (s *Sim) use(p *rand.PCG) *rand.Rand {
	s.src.p = p
	return s.draw
}
