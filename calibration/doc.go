// Package calibration fits a few model keys to many published targets at
// once and says how well the targets pin the keys down.
//
// A target is a published figure with a band (Target): its residual is the
// distance of the simulated mean from the figure in units of the band's
// half-width for a two-sided figure ("within"), and a hinge for a one-sided
// bound (zero inside the band). The loss is the weighted sum of squared
// residuals (Loss).
//
// Fit minimises the loss over keys scaled to the unit cube: a scrambled
// Sobol design over the bounds is evaluated first (StartPoints) and
// Nelder–Mead, in logit coordinates so that it never leaves the bounds,
// starts from the best point found.
//
// At the optimum, Jacobian estimates the sensitivity matrix J of the
// targets' means to the unit-scaled keys by central finite differences.
// From it, Sandwich gives the delta-method covariance of the keys,
//
//	Cov(θ) ≈ (JᵀWJ)⁺ JᵀW Σ W J (JᵀWJ)⁺,
//
// BootstrapSteps maps resampled target means to keys by one Gauss–Newton
// step, and Identify reads the singular values of W^{1/2}J: its condition
// number, its numerical rank, and which keys the targets cannot pin down.
//
// Distributions are fitted by distance rather than by a mean: Wasserstein1
// is the mean gap between a target's quantile function (given by a few
// quantiles, read linearly between them) and a sample's, over the target's
// probabilities, and KS the Kolmogorov–Smirnov distance at the target's
// quantiles (funnel calibrate --targets, on the days to each outcome).
//
// Every function is deterministic: the same inputs give the same bytes.
package calibration
