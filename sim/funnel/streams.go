package funnel

import (
	"math/rand/v2"
)

// pcgRef is a rand.Source that draws from the PCG it points at, so one
// *rand.Rand serves every prospect's private streams without allocating.
type pcgRef struct{ p *rand.PCG }

func (r *pcgRef) Uint64() uint64 { return r.p.Uint64() }

// Stream names.
const (
	streamProspect = "prospect" // latent attributes, drawn at arrival in fixed number
	streamJourney  = "journey"  // key of the per-prospect journey streams
	streamSignals  = "signals"  // key of the per-prospect signal streams
	streamSales    = "sales"    // key of the per-prospect sales streams
	streamOwn      = "own_pipeline"
	streamThinning = "thinning" // key of the per-arrival uniforms of channel cuts (learning)
)

// use points the shared *rand.Rand at a prospect's private stream. The
// pointer must not be kept across a call that may grow s.ps.
func (s *Sim) use(p *rand.PCG) *rand.Rand {
	s.src.p = p
	return s.draw
}
