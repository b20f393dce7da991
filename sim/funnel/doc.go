// Package funnel is Funnel Lab's model of prospects flowing from marketing
// to sales, run on the event engine of package sim.
//
// A scenario is compiled once into a [Model] (validated numbers, derived
// distribution parameters, compiled policies). Each worker then owns a
// [Sim], the reusable state of one replication (event queue, prospect
// pool, waiting line, reps, random streams), and calls [Sim.Run] for one
// (replication, policy) pair at a time. A Sim allocates only while its
// buffers grow to the peak population; after that a replication allocates
// nothing.
//
// # The model
//
// Prospects arrive from marketing channels, each with a latent buying
// journey (no need, problem aware, objective recognised, evaluating,
// decided), a kind (only genuine prospects can buy), a segment, a fit and a
// role. Marketing sees only signals emitted at stage-dependent rates,
// scores them, nurtures the leads it holds and hands them to sales when the
// policy (package policies) says so. Reps work their own pipeline and
// marketing leads, may judge and reject them, call them up to a number of
// times, read BANT, and open opportunities; prospects decide at the end of
// their evaluation, buying from us if our opportunity is open (and, with
// the segment's direct share, even if not), and from a competitor
// otherwise; their journeys may run faster or slower by month.
// docs/model.md describes every mechanism, and docs/metrics.md every
// metric.
//
// A scenario without segments is the reference speed-to-lead funnel
// (scenarios/reference.yaml): no journeys, every inquiry decided at its
// first call. It is the same code path, and with always-open reps and
// exponential durations it is an M/M/c queue, which the tests check against
// Erlang C.
//
// Every counted prospect ends in exactly one state (see [Outcomes]); the
// tests check this conservation law.
//
// # Where things live
//
// One concept per file, following a prospect's life:
//
//	model.go        the compiled scenario (Model, Compile), channels, segments
//	sim.go          the Sim, its event kinds and the event loop (Run, reset)
//	streams.go      the random streams and how private streams are seeded
//	prospect.go     the prospect record, its life cycle (every status change, Sim.become) and its timers
//	arrivals.go     inquiries from the channels, latent profiles
//	journey.go      the buying journey and the decision
//	journeyspeed.go the monthly journey speed: the clock of the stage rates
//	findus.go       buyers who find us anyway: purchases from us without an opportunity
//	servecost.go    the cost to serve a won customer, by fit (gross_margin, profit)
//	churn.go        churn: the share of a won customer's deal value lost, by fit (gross_margin, profit)
//	signals.go      the signal clock, drawn ahead while nothing else can change a prospect
//	park.go         parked signals: a lead with sales keeps its next signal in its record, applied when touched
//	marketing.go    observing a signal: scoring, the MQL count, nurture, the gate
//	handoff.go      the hand-off to sales: ticket, route, veto, queue
//	reps.go         reps, the team's hours, taking the next task
//	pipeline.go     the reps' own pipeline
//	calls.go        a call attempt and its outcome, for reps and the cell alike
//	opportunity.go  opportunities
//	winodds.go      the win probability: the logit on engagement, fit, authority, BANT
//	cycles.go       outcome-specific sales cycles (won, lost, no decision)
//	cyclestats.go   closed opportunities: their cycles by outcome, the win rate of closes, the reps' revenue
//	openeffort.go   rep effort while an opportunity is open (sales.hours_per_open_week)
//	skill.go        heterogeneous reps: skill and own-pipeline load (sales.skill_cv, own_load_cv)
//	trust.go        reps' trust in marketing leads: its average, the start-up period, its effect on the veto, priority and attempts (sales.trust)
//	credit.go       reps' credit for marketing-sourced deals: priority and attempts (sales.credit_marketing_deals)
//	nurturecalls.go rep calls to leads still in nurture (policies[].nurture_calls)
//	outbound.go     outbound prospecting: the reps' own leads, found with their hours (sales.prospecting)
//	tally.go        the monitors, and the derivation of the metrics (finish)
//	queuecount.go   the weekly queue length, a running count kept by Sim.become
//	metrics.go      the metrics: constants and their one table of definitions
//	detail.go       the plot detail (delay bins, buckets, weekly series)
//	estimate.go     a job's size from the model, without simulating (Model.Estimate)
//	lindley.go      the hand-written loop of the reference funnel, the benchmarks' baseline (Lindley)
//	table.go        the prospect records, in pages never copied
//	prefetch.go     prefetching the records of the events ahead, in replications too large for the cache
//	ring.go, duration.go, decay.go, stats.go, values.go   small pieces the above share
//
// and one file per policy mechanism, holding its behaviour beside the
// state it touches (package policies holds the gate and the typed settings
// of every part):
//
//	routing.go     routing: pooled, round_robin, least_loaded, territory, sticky, skill_weighted
//	priority.go    priority and the SLA: own_first, leads_first, sla_first
//	veto.go        veto: the rep's judgement (the SAL step)
//	cell.go        qualify: cell, the tele-qualification cell
//	learn.go       learning: marketing's review of the reasons sales gives
//	reasons.go     the reason a rep gives, read with sales.reason_accuracy (learning's input)
//	incentives.go  learning.kpi_weight: marketing's learning chases the KPI of measured_on
//	leadhours.go   lead_hours: when reps call marketing leads
//	recycle.go     on_reject, cooldown_days, recycle_track: leads given back
//	switch.go      switch_from, switch_at_days: a policy switch within a run
//
// docs/architecture.md walks through adding a routing rule or a gate.
//
// # Common random numbers
//
// Arrivals and prospect attributes come from streams that do not depend on
// the policy, drawn in a fixed number per prospect. Each prospect also owns
// three streams (journey, signals, sales) seeded from its arrival index, so
// draws whose number depends on the policy cannot shift anyone else's. The
// k-th prospect of a replication therefore has the same latent values under
// every policy, and two identical policies give identical results.
//
// # Metrics
//
// The metrics a replication reports are defined once, in metrics.go: a
// [Metric] constant each, the index the model uses to record it in
// [Metrics], and, in the same order, [MetricDefs]: its name, group, unit
// and one-line definition. [MetricNames] and [Names] derive from them; the
// order is that of every output file. report.html groups its table by
// the definitions, in the order of [MetricGroups], and the tests check
// docs/metrics.md against them (its summary table is generated from them).
package funnel
