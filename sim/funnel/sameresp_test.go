package funnel

import (
	"context"
	"testing"

	"funnellab/scenarios"

	"github.com/stretchr/testify/require"
)

// TestSameResponses runs the reference funnel (observation until nothing
// is left) and the default company under every policy with the responses
// kept as the speeds while they are the same (sameResp, calls.go) and
// kept apart from the start: the results must be the same to the last bit.
// Both ways must occur: the reference's direct hand-off keeps them shared
// to the end, and a scored hand-off parts them.
func TestSameResponses(t *testing.T) {
	shared, parted := 0, 0
	for _, sc := range []scenarios.Scenario{referenceScenario(1), loadDefault(t, 60, 120, 1)} {
		m, err := Compile(sc)
		require.NoError(t, err)
		for pi := range m.Policies {
			var got [2]Result
			for k, noShare := range []bool{false, true} {
				sm := m.NewSim()
				sm.noShare = noShare
				r, err := sm.Run(context.Background(), 0, pi)
				require.NoError(t, err)
				got[k] = r
				if !noShare {
					if sm.sameResp {
						shared++
					} else {
						parted++
					}
				}
			}
			requireSameResult(t, got[1], got[0], "policy %d", pi)
		}
	}
	require.Positive(t, shared, "no run kept the responses as the speeds")
	require.Positive(t, parted, "no run parted the responses from the speeds")
}

// TestSameResponsesPart: a second hand-off of a lead parts the responses
// from the speeds (its first attempt after it has a speed but no
// response), and so does a first attempt whose response is not its speed.
func TestSameResponsesPart(t *testing.T) {
	m, err := Compile(referenceScenario(1))
	require.NoError(t, err)
	for _, second := range []bool{true, false} {
		s := m.NewSim()
		s.reset(0, 0)
		require.True(t, s.sameResp)
		p := &prospect{flags: fCounted}
		s.firstTouch(1, p, true) // handed at its inquiry, at 0
		require.True(t, s.sameResp)
		q := &prospect{flags: fCounted, arrival: 2, handedAt: 2}
		if second {
			p.handedAt = 5
			s.firstTouch(7, p, true) // a speed of 2, no response
		} else {
			q.handedAt = 3 // a response of 5, a speed of 4
		}
		s.firstTouch(7, q, true)
		require.False(t, s.sameResp)
		require.Equal(t, 2+b2i(second), s.speeds.len())
		require.Equal(t, 2, s.responses.len())
		med, _ := s.responses.medianQuantile(0.9)
		require.Equal(t, 3.0, med) // (1+5)/2
	}
}
