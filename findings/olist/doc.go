// Package olist computes the figures of the Olist marketing funnel data
// (Kaggle's olistbr/marketing-funnel-olist: one file of marketing-
// qualified leads, one of the closed deals, joined on mql_id) that the
// olist finding scenario is checked against: the MQL → won conversion,
// overall and by origin, and the median days from the first contact to
// the win, for the cohort of the first and of the second half of the
// period.
//
// The period is the 2018 cohort (first contacts from 2018-01-01 to
// 2018-05-31): the closed-deal file records wins only from 2017-12-05, so
// the 2017 leads' wins are mostly missing. Both halves are counted with
// the same horizon: a lead is won if its win came within HorizonDays of
// its first contact, the longest horizon every lead of the period has in
// the data (the last win recorded is 2018-11-14, 167 days after the last
// first contact), so the second half's leads are not disadvantaged by
// having had less time to close.
//
// The figures are computed from the raw files by Compute, or from the
// derived counts (testdata/olist/cohorts2018.csv, written by WriteCounts)
// by ReadCounts, which carry the same figures without the leads' ids.
package olist
