// Package selection selects the best of k simulated alternatives by
// ranking and selection on common random numbers: the fully sequential
// procedures KN and KN++ of Kim and Nelson with an indifference zone, a
// feasibility check for constraints after Andradóttir and Kim, and OCBA for
// a fixed budget. Command `funnel select` uses it; the alternatives are a
// scenario's policies or the design points of a sweep.
//
// # Observations
//
// A Sampler returns replications of alternatives on request. Replication r
// of every alternative uses the same random numbers (common random
// numbers), and replications are independent of one another. The
// objective is maximised; the best alternative is the one with the largest
// mean μ_i.
//
// # KN
//
// With first stage n0, confidence 1−α and indifference zone δ (Kim and
// Nelson 2001, with c = 1):
//
//	η  = ½ [ (2α/(k−1))^(−2/(n0−1)) − 1 ]
//	h² = 2η(n0−1)
//
// Every alternative is sampled n0 times, and S²_il is the sample variance
// of the n0 paired differences X_ir − X_lr. Then, after every replication r
// (r = n0, n0+1, ...), an alternative i still in contention is eliminated
// if, for some other l in contention,
//
//	X̄_i(r) < X̄_l(r) − W_il(r),   W_il(r) = max(0, (δ/2r)(h² S²_il/δ² − r))
//
// The procedure stops when one alternative is left. Under normality, with
// any dependence across alternatives, it selects an alternative within δ of
// the best with probability at least 1−α whenever the best is at least δ
// better than the rest (and, more generally, one within δ of the best).
// Because S²_il is the variance of a difference, common random numbers,
// which make the alternatives positively correlated, shrink it and the
// number of replications: the point of using them. Each alternative needs
// at most about h² S²_il/δ² replications.
//
// KN++ (Kim and Nelson 2006) recomputes S²_il from all r replications at
// every step; its guarantee is asymptotic (as δ → 0), and it usually needs
// fewer replications when the first-stage variances are overestimated.
//
// Replications are requested in stages of Config.Batch replications for
// every survivor, so that a stage's simulations run in parallel; the
// screening still runs after every single replication, with the first r
// only, so the selection does not depend on Batch: a larger Batch only
// simulates replications that an alternative eliminated within the stage
// leaves unused (Result.Simulated against Result.Used). An exact tie once
// W_il = 0 (identical alternatives) keeps the lower index. A cap on the
// replications (Config.MaxReps) stops the procedure without its
// guarantee, selecting the best sample mean among the alternatives left.
//
// # Constraints
//
// A constraint is E[G_i] ≤ 0 with a tolerance ε > 0. Its check is the
// fully sequential feasibility check of Andradóttir and Kim (2010), on the
// same replications: with the sample variance S² of G over the first n0
// replications and R(r) = Σ_{j≤r} G_ij,
//
//	R(r) ≥ +max(0, h₁² S²/(2ε) − εr/2)   declares the constraint violated
//	R(r) ≤ −max(0, h₁² S²/(2ε) − εr/2)   declares it satisfied
//
// with h₁² = 2η₁(n0−1), η₁ from β₁ = α₁/(k·s) as η from α/(k−1) above
// (Bonferroni over k alternatives and s constraints). An alternative is
// feasible when all its constraints are declared satisfied and is
// eliminated as soon as one is declared violated. The error α is split
// equally, α₁ = α₂ = α/2, between the feasibility check and KN. Only an
// alternative declared feasible may eliminate another in the screening;
// one not yet decided keeps being sampled. With probability at least 1−α
// every alternative whose constraint means are all at least ε inside their
// thresholds is declared feasible, every one with a mean at least ε outside
// is declared infeasible, and the selected alternative is within δ of the
// best of the feasible ones. Alternatives within ε of a threshold may be
// declared either way.
//
// # OCBA
//
// OCBA (Chen, Lin, Yücesan and Chick 2000) spends a fixed budget T: n0
// replications each, then rounds of 2k replications given one at a time to
// the alternative furthest below its share under the OCBA ratios
//
//	N_i/N_j = (σ_i/d_i)² / (σ_j/d_j)²   (i, j ≠ b),   N_b = σ_b √(Σ_{i≠b} N_i²/σ_i²)
//
// with b the current best sample mean and d_i = max(x̄_b − x̄_i, δ), the
// indifference-zone variant of Teng, Lee and Chew (2010). An alternative
// whose constraint sample means violate a threshold gets no more
// replications and cannot be selected. OCBA gives no guarantee; Result.APCS
// is its approximate probability of correct selection (normal means,
// Bonferroni, independent sampling, so conservative under common random
// numbers).
package selection
