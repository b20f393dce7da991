// Package sensitivity estimates how much each input of a function moves
// its output: Morris elementary effects for screening and Sobol
// variance-based indices with bootstrap confidence intervals. It knows
// nothing of the simulator: inputs live in the unit hypercube [0,1]^k, a
// design is a list of points, and the caller evaluates the function at
// every point (here, the mean of a simulated quantity over common random
// numbers) and hands back the values in design order.
//
// # Morris elementary effects
//
// MorrisDesign draws r trajectories of k+1 points each on a grid of p
// levels {0, 1/(p-1), ..., 1} (Morris 1991; Campolongo, Cariboni and
// Saltelli 2007): a random base point, then one input at a time, in a
// random order, moved by Δ = p/(2(p-1)) up or down. Morris turns the
// r(k+1) values into, per input, the mean μ, the mean of absolute values
// μ* and the standard deviation σ of its r elementary effects
// (y(x + Δeᵢ) − y(x))/Δ. A large μ* marks an influential input; a large σ
// beside it an input that acts through interactions or non-linearly. The
// 95% interval of μ* is a percentile bootstrap over the trajectories.
//
// # Sobol indices
//
// SaltelliDesign builds, from two independent base samples A and B of N
// points each, the N(k+2) points A, B and A_B^(i) (A with column i taken
// from B) of Saltelli (2002). Sobol estimates the first-order index Sᵢ
// (the share of the output's variance explained by input i alone) and the
// total index STᵢ (its share with every interaction it takes part in)
// with Jansen's (1999) estimators, as in Saltelli et al. (2010), table 2:
//
//	V·Sᵢ  = V − (1/2N) Σⱼ (f(B)ⱼ − f(A_B^(i))ⱼ)²
//	V·STᵢ = (1/2N) Σⱼ (f(A)ⱼ − f(A_B^(i))ⱼ)²
//
// where V is the variance of the 2N values f(A) and f(B). The 95%
// intervals are percentile bootstraps over the N base rows j (a row
// carries its A, B and every A_B^(i) value), with a fixed seed. The base
// samples are seeded uniform random points, so the rows are independent
// and the bootstrap is valid.
//
// # Where the sign holds
//
// SignShare is the share of a set of independent points where a value is
// positive, with Wilson's 95% score interval; ClusterSignShare is the same
// for points that come in correlated clusters (Morris trajectories), with
// Wilson's interval at Kish's effective sample size.
package sensitivity
