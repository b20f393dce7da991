package funnel

import (
	"testing"

	"github.com/stretchr/testify/require"

	"funnellab/scenarios"
)

// TestTrustAverage: trust is the mean of a rep's first first_sample_leads
// outcomes, then an exponentially weighted average with weight rate; the
// other reps stay at reference; the bias moves by sensitivity × (trust −
// reference).
func TestTrustAverage(t *testing.T) {
	s := journeyScenario(newPolicy("wf", "waterfall"))
	s.Sales.Reps = 3
	s.Sales.Judgement.Bias = -0.1
	s.Sales.Trust = scenarios.Trust{Rate: 0.25, Reference: 0.2, Sensitivity: 2, FirstSampleLeads: 2, LowTrustAttempts: 1}
	m, err := Compile(s)
	require.NoError(t, err)
	sm := m.NewSim()
	sm.reset(0, 0)
	require.True(t, sm.inSample(0))
	require.InDelta(t, -0.1, sm.trustBias(0), 1e-15)
	for _, step := range []struct {
		good bool
		want float64
	}{{true, 1}, {false, 0.5}, {true, 0.625}, {false, 0.46875}} {
		sm.observeLead(0, step.good)
		require.InDelta(t, step.want, sm.reps[0].trust, 1e-15)
	}
	require.False(t, sm.inSample(0))
	require.True(t, sm.inSample(1))
	require.Equal(t, 0.2, sm.reps[1].trust)
	require.InDelta(t, -0.1+2*(0.46875-0.2), sm.trustBias(0), 1e-15)

	// Without a start-up period the first outcome already has weight rate.
	s.Sales.Trust.FirstSampleLeads = 0
	m, err = Compile(s)
	require.NoError(t, err)
	sm = m.NewSim()
	sm.reset(0, 0)
	sm.observeLead(2, true)
	require.InDelta(t, 0.2+0.25*0.8, sm.reps[2].trust, 1e-15)

	// Neutral: nothing is observed.
	s.Sales.Trust.Rate = 0
	m, err = Compile(s)
	require.NoError(t, err)
	require.False(t, m.trust.on || m.trust.engage)
	sm = m.NewSim()
	sm.reset(0, 0)
	sm.observeLead(2, true)
	require.Equal(t, 0.2, sm.reps[2].trust)
	require.Zero(t, sm.reps[2].worked)
}

// TestTrustFirstSample: with a bar no lead can pass, reps reject every
// hand-off, except during their start-up period: each rep accepts leads
// until it has worked first_sample_leads of them to an outcome, with the
// policy's full attempts even though its trust is low; unreachable leads
// all end unreached, so the sample sets every rep's trust to exactly 0.
func TestTrustFirstSample(t *testing.T) {
	const n, reps = 4, 5
	run := func(sample int) []Result {
		p := newPolicy("wf", "waterfall")
		p.Attempts, p.SpacingHours = 3, 2
		s := journeyScenario(p)
		s.Sales.Reps = reps
		s.Scoring.MQLThreshold = 0 // every inquiry is an MQL
		s.Sales.Judgement.Bar = 5
		s.Response.ContactHot, s.Response.ContactCold = 0, 0
		s.Segments[0].EvaluatingDays = 1e5
		s.Sales.Trust = scenarios.Trust{Reference: 0.5, Sensitivity: 1, FirstSampleLeads: sample, LowTrust: 0.4, LowTrustAttempts: 1}
		m, err := Compile(s)
		require.NoError(t, err)
		sm := m.NewSim()
		attempts := map[uint32]int{} // per ticket
		sm.hook = &hooks{call: func(_ float64, p *prospect) { attempts[p.ticket]++ }}
		var out []Result
		for rep := range 2 {
			clear(attempts)
			r, err := sm.Run(t.Context(), rep, 0)
			require.NoError(t, err)
			out = append(out, r)
			full := 0
			for _, k := range attempts {
				require.LessOrEqual(t, k, 3)
				if k == 3 {
					full++
				}
			}
			for i := range sm.reps {
				rp := &sm.reps[i]
				if sample == 0 {
					require.Zero(t, rp.worked)
					require.Equal(t, 0.5, rp.trust)
					continue
				}
				require.GreaterOrEqual(t, int(rp.worked), n, "rep %d", i)
				require.Equal(t, 0.0, rp.trust, "rep %d", i)
			}
			if sample == 0 {
				require.Zero(t, len(attempts), "no lead passes the bar")
			} else {
				// The n leads that end a rep's sample each got the full 3
				// attempts (worked to an outcome while the rep was still in
				// it); leads still pending when it ended stop at the
				// attempt in progress; no lead gets more than 3.
				require.GreaterOrEqual(t, full, reps*n)
				require.Less(t, full, len(attempts))
			}
		}
		return out
	}
	for _, r := range run(0) {
		require.Positive(t, r.Metrics[Handoffs])
		require.Equal(t, r.Metrics[Handoffs], r.Metrics[Rejected])
	}
	for _, r := range run(n) {
		require.Positive(t, r.Metrics[Rejected])
		require.Less(t, r.Metrics[Rejected], r.Metrics[Handoffs])
	}
}

// TestTrustMovesVeto: on the default company's waterfall, on common random
// numbers, reps that start trusting marketing's leads more than they turn
// out to deserve (reference 0.9) lose trust and reject more than reps with
// the fixed bias; reps that start at 0 can only gain trust and reject less.
func TestTrustMovesVeto(t *testing.T) {
	rejected := func(rate, ref float64) float64 {
		s := keepPolicies(t, shorten(loadNamed(t, "default"), 90, 200, 4), "waterfall")
		s.Sales.Trust.Rate, s.Sales.Trust.Reference, s.Sales.Trust.Sensitivity = rate, ref, 1
		v, _ := runAll(t, s, 2)
		sum := 0.0
		for _, x := range v[0][Rejected] {
			sum += x
		}
		return sum
	}
	off := rejected(0, 0.5)
	falls, rises := rejected(0.1, 0.9), rejected(0.1, 0)
	t.Logf("rejected: fixed bias %g, trust from 0.9 %g, trust from 0 %g", off, falls, rises)
	require.Greater(t, falls, off)
	require.Less(t, rises, off)
}

// TestCreditAndLowTrustActAsOwnFirst: a rep credited half of a marketing
// deal under a leads_first or sla_first policy with 4 attempts works
// exactly as a fully credited rep under own_first with 2 attempts, bit for
// bit; a rep whose trust stays below low_trust works as own_first with
// low_trust_attempts attempts.
func TestCreditAndLowTrustActAsOwnFirst(t *testing.T) {
	base := shorten(loadNamed(t, "default"), 60, 200, 2)
	with := func(priority string, attempts int, credit float64, low float64) []Result {
		s := keepPolicies(t, base, "objective")
		s.Policies[0].Priority, s.Policies[0].Attempts = priority, attempts
		s.Sales.CreditMarketing = credit
		s.Sales.Trust.LowTrust, s.Sales.Trust.LowTrustAttempts = low, 1
		_, res := runAll(t, s, 2)
		return res
	}
	own2, own1 := with("own_first", 2, 1, 0), with("own_first", 1, 1, 0)
	for _, pr := range []string{"leads_first", "sla_first"} {
		requireAllIdentical(t, own2, with(pr, 4, 0.5, 0))
		requireAllIdentical(t, own1, with(pr, 4, 1, 0.9)) // trust stays at reference 0.2
	}
	// No credit at all: one attempt per lead.
	requireAllIdentical(t, own1, with("leads_first", 6, 0, 0))
	require.NotEqual(t, own2[0].Metrics, with("leads_first", 4, 1, 0)[0].Metrics)
}

// TestTrustMechanismsConserve: with trust, a start-up period, low trust
// and partial credit on, every embedded scenario still accounts for every
// prospect under all its policies, and two runs are identical.
func TestTrustMechanismsConserve(t *testing.T) {
	for _, name := range []string{"default", "sla_1h", "telequal_cell"} {
		s := shorten(loadNamed(t, name), 60, 200, 2)
		s.Sales.Trust = scenarios.Trust{Rate: 0.1, Reference: 0.3, Sensitivity: 1, FirstSampleLeads: 5, LowTrust: 0.15, LowTrustAttempts: 1}
		s.Sales.CreditMarketing = 0.7
		_, res := runAll(t, s, 2)
		requireConserved(t, res)
		_, again := runAll(t, s, 1)
		requireAllIdentical(t, res, again)
	}
}
