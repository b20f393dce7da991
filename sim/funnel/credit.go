package funnel

import "math"

// Credit for marketing-sourced deals (sales.credit_marketing_deals, issue
// 13 mechanism 9b; [waterfall-critique-2012], [vendor-case] and
// [reconcile-2017] in docs/sources.md: reps under quota pressure give
// marketing's leads less time, and both teams should be measured on the
// same revenue). credit is the share of a marketing-sourced deal's value
// credited to the rep who wins it. Fully credited (1), a marketing deal is
// worth as much to the rep as an own deal and the rep follows the policy.
// Credited less, a marketing deal is worth less to the rep than an own
// deal of the same value, so after its start-up period (trust.go) the rep
//
//   - works its own pipeline before marketing leads (own_first), whatever
//     the policy's priority (and a new lead does not interrupt its own
//     task under sla_first);
//   - makes ceil(credit × attempts) attempts on a marketing lead, at
//     least 1, instead of the policy's attempts.
//
// The credit moves no number the model reports (revenue is the company's,
// whoever is credited) and draws nothing. At 1 the priority and the
// attempts take their old code paths.

// creditOwnFirst reports whether reps put their own pipeline first for
// lack of credit.
func (s *Sim) creditOwnFirst() bool {
	return s.m.trust.credit < 1
}

// creditAttempts is the attempts a rep makes on a marketing lead whose
// policy allows n, under its credit.
func (s *Sim) creditAttempts(n int) int {
	if c := s.m.trust.credit; c < 1 {
		return max(1, int(math.Ceil(c*float64(n))))
	}
	return n
}
