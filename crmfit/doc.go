// Package crmfit estimates a company's funnel from its CRM records
// (package crm): arrivals by source with their weekday and month
// profiles, conversion by source, the win rate among closed
// opportunities, the time to each outcome as competing risks with open
// records censored at the export's date, deal values and reps. Every
// estimate carries a 95% interval and the columns it came from, and the
// fitted distributions a goodness-of-fit statistic.
//
// Time to outcome. The Aalen–Johansen estimator gives each outcome's
// cumulative incidence F_k(t) = Σ_{t_i ≤ t} S(t_i−) d_ki / n_i, where S is
// the Kaplan–Meier survival of staying open, d_ki the opportunities
// closing with outcome k at t_i and n_i those still open just before;
// opportunities still open at the export's date are right-censored there.
// The model's outcome cycles (docs/model.md, Outcome cycles) are a mixture:
// an opportunity's outcome k has probability π_k and its time is lognormal
// with the outcome's median and coefficient of variation. Fit maximises
// that mixture's likelihood, in which a closed opportunity counts
// π_k f_k(t) and an open one Σ_k π_k S_k(c) at its age c, and reports the
// largest distance between the fitted incidence π_k G_k(t) and the
// Aalen–Johansen one (a Kolmogorov–Smirnov statistic per outcome).
// Intervals are Wald intervals from the numerical Hessian of the
// log-likelihood, on the log of the median and of σ.
//
// Reps. A rep's win rate among decided opportunities (won or lost: no
// decision does not depend on the rep in the model) is shrunk toward the
// mean on the logit scale (empirical Bayes: a normal prior whose variance
// τ² is the rates' variance less their sampling variance, by moments).
// Since rep skill multiplies the odds of winning (sales.skill_cv), τ is
// the standard deviation of the log of skill and skill_cv =
// sqrt(exp(τ²) − 1).
package crmfit
