package olist

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite testdata/olist/cohorts2018.csv from the raw data")

// dataDir is the raw data folder (OLIST_DIR, or the project's shared copy).
func dataDir() string {
	if d := os.Getenv("OLIST_DIR"); d != "" {
		return d
	}
	return filepath.Join("..", "..", "..", "shared", "data", "olist")
}

const countsFile = "../../testdata/olist/cohorts2018.csv"

// recorded are the figures of docs/sources.md ([olist]) and of the olist
// finding scenario: per half, MQLs, won, the conversion, and the median
// days from first contact to the win; and the conversion by origin.
var recorded = [2]struct {
	mqls, won        int
	conv, medianDays float64
	byOrigin         map[string]float64
}{
	{2804, 364, 364.0 / 2804, 13.7356, map[string]float64{"organic search": 124.0 / 897, "paid search": 74.0 / 511,
		"unknown": 80.0 / 411, "social": 29.0 / 384, "direct traffic": 31.0 / 188, "email": 5.0 / 173, "referral": 7.0 / 94,
		"other": 2.0 / 72, "display": 1.0 / 36, "(empty)": 8.0 / 20, "other publicities": 3.0 / 18}},
	{3194, 379, 379.0 / 3194, 9.8473, map[string]float64{"organic search": 112.0 / 839, "paid search": 89.0 / 671,
		"social": 35.0 / 667, "unknown": 84.0 / 402, "direct traffic": 23.0 / 192, "email": 8.0 / 174, "referral": 17.0 / 117,
		"other": 2.0 / 42, "display": 4.0 / 39, "(empty)": 5.0 / 28, "other publicities": 0.0 / 23}},
}

// committedCounts reads the committed counts (countsFile).
func committedCounts(t *testing.T) [2]Counts {
	t.Helper()
	f, err := os.Open(countsFile)
	require.NoError(t, err)
	defer f.Close()
	c, err := ReadCounts(f)
	require.NoError(t, err)
	return c
}

func load(t *testing.T) [2]Counts {
	t.Helper()
	dir := dataDir()
	mf, err := os.Open(filepath.Join(dir, "olist_marketing_qualified_leads_dataset.csv"))
	if os.IsNotExist(err) {
		t.Skipf("no raw Olist data in %s (set OLIST_DIR): checked from %s only", dir, countsFile)
	}
	require.NoError(t, err)
	defer mf.Close()
	df, err := os.Open(filepath.Join(dir, "olist_closed_deals_dataset.csv"))
	require.NoError(t, err)
	defer df.Close()
	leads, err := Read(mf, df)
	require.NoError(t, err)
	require.Len(t, leads, 8000, "the README's 8,000 MQLs")
	won := 0
	for _, l := range leads {
		if l.Won {
			won++
		}
	}
	require.Equal(t, 842, won, "the README's 842 closed deals, all joined")
	return Cohorts(leads)
}

// TestRawMatchesCounts: the counts recomputed from the raw CSVs are the
// committed derived counts (written with -update).
func TestRawMatchesCounts(t *testing.T) {
	c := load(t)
	var buf bytes.Buffer
	require.NoError(t, WriteCounts(&buf, c))
	if *update {
		require.NoError(t, os.WriteFile(countsFile, buf.Bytes(), 0o644))
	}
	want, err := os.ReadFile(countsFile)
	require.NoError(t, err)
	require.Equal(t, string(want), buf.String(), "rerun with -update if the computation is meant to change")
}

// TestFigures: the figures of the committed counts are the recorded ones
// (go test ./findings/olist -run TestFigures -v prints them).
func TestFigures(t *testing.T) {
	c := committedCounts(t)
	for h := range c {
		fg := c[h].Figures()
		t.Logf("half %d: %d MQLs, %d won within %d days: conversion %.4f, median days to won %.4f", h+1, fg.MQLs, fg.Won, HorizonDays, fg.Conversion, fg.MedianDaysToWon)
		for _, o := range c[h].Origins() {
			t.Logf("  %-18s %5d MQLs %4d won  %.4f", o, c[h].MQLs[o], c[h].Won[o], fg.ByOrigin[o])
		}
		r := recorded[h]
		require.Equal(t, r.mqls, fg.MQLs, "half %d", h+1)
		require.Equal(t, r.won, fg.Won, "half %d", h+1)
		require.InDelta(t, r.conv, fg.Conversion, 5e-5, "half %d", h+1)
		require.InDelta(t, r.medianDays, fg.MedianDaysToWon, 5e-3, "half %d", h+1)
		for o, v := range r.byOrigin {
			require.InDelta(t, v, fg.ByOrigin[o], 5e-4, "half %d, %s", h+1, o)
		}
	}
}

// TestKnownAnswer: five hand-made leads, two per half and one outside the
// period; a win after the horizon is not counted; the counts survive the
// CSV round trip.
func TestKnownAnswer(t *testing.T) {
	mqls := "mql_id,first_contact_date,landing_page_id,origin\n" +
		"a,2018-01-10,p,social\nb,2018-02-01,p,\nc,2018-04-01,p,social\nd,2018-05-01,p,email\ne,2017-12-31,p,social\n"
	deals := "mql_id,won_date\na,2018-01-20 12:00:00\nc,2018-12-01 00:00:00\nd,2018-05-03 00:00:00\ne,2018-01-01 00:00:00\n"
	leads, err := Read(bytes.NewBufferString(mqls), bytes.NewBufferString(deals))
	require.NoError(t, err)
	c := Cohorts(leads)
	f1, f2 := c[0].Figures(), c[1].Figures()
	require.Equal(t, 2, f1.MQLs)
	require.Equal(t, 1, f1.Won)
	require.Equal(t, 10.5, f1.MedianDaysToWon)
	require.Equal(t, 1.0, f1.ByOrigin["social"])
	require.Equal(t, 0.0, f1.ByOrigin["(empty)"])
	require.Equal(t, 1, f2.Won, "c's win is 244 days after its first contact: past the horizon")
	require.Equal(t, 2.0, f2.MedianDaysToWon)
	var buf bytes.Buffer
	require.NoError(t, WriteCounts(&buf, c))
	back, err := ReadCounts(&buf)
	require.NoError(t, err)
	require.Equal(t, c, back)

	_, err = Read(bytes.NewBufferString("mql_id,origin\n"), bytes.NewBufferString(deals))
	require.ErrorContains(t, err, `no column "first_contact_date"`)
	_, err = ReadCounts(bytes.NewBufferString("x\n"))
	require.ErrorContains(t, err, "header")
}
