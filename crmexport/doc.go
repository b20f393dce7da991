// Package crmexport records a simulated company's CRM: every inquiry of
// one replication under one policy as a lead, every opportunity with its
// rep, its outcome and, when won, its value. Record observes a
// replication through funnel.Observer (nothing is recorded, and nothing
// costs, in a run without it); Files writes the records as leads.csv and
// opportunities.csv with the mapping (crm.yaml) that reads them back, and
// Dataset gives them to the estimators directly.
//
// Simulated time 0 is the calendar's Monday 00:00 at Start; dates are
// written to the second, in UTC. Only prospects after the warm-up are
// recorded, as the metrics count them. An opportunity still open at the
// end of observation is open in the export, whose as_of is that end.
package crmexport
