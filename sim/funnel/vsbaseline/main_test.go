package main

import (
	"io"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestInquiries reads the count and the revenue from both programs'
// outputs, and -1 from anything else (the comparison then refuses to go
// on).
func TestInquiries(t *testing.T) {
	require.Equal(t, output{787853, 2.693032117415311e+09}, read([]byte("replication,policy,metric,value\n0,direct,inquiries,787853\n0,direct,valid_inquiries,787853\n"+
		"0,direct,revenue,2.693032117415311e+09\n0,direct,marketing_revenue,1\n")))
	require.Equal(t, output{787853, 2.6930321174153113e+09}, read([]byte("inquiries\t787853\nrevenue\t2.6930321174153113e+09\n")))
	require.Equal(t, output{-1, -1}, read([]byte("0,direct,valid_inquiries,5\n0,direct,leaked_revenue,3\n0,policy,inquiries,5\n")))
}

// TestSameModel: the four programs must agree on the inquiries exactly
// and on the revenue to 1e-9 relative, and must have printed both.
func TestSameModel(t *testing.T) {
	f := output{787853, 2.693032117415311e+09}
	require.NoError(t, sameModel(f, output{787853, 2.6930321174153113e+09}, f, output{787853, 2.6930321174153108e+09}))
	require.NoError(t, sameModel(output{0, 0}, output{0, 0}, output{0, 0}, output{0, 0}))
	require.ErrorContains(t, sameModel(f, output{787852, f.revenue}, f, f), "disagree on the inquiries (funnel 787853, heap loop 787852, apart 787853, lindley 787853)")
	require.ErrorContains(t, sameModel(f, f, output{787854, f.revenue}, f), "disagree on the inquiries (funnel 787853, heap loop 787853, apart 787854, lindley 787853)")
	require.ErrorContains(t, sameModel(f, f, f, output{-1, f.revenue}), "disagree on the inquiries")
	require.ErrorContains(t, sameModel(f, f, f, output{787853, f.revenue * (1 + 1e-8)}), "disagree on the revenue")
	require.ErrorContains(t, sameModel(f, f, output{787853, f.revenue * (1 - 1e-8)}, f), "disagree on the revenue")
	require.ErrorContains(t, sameModel(f, output{787853, -1}, f, f), "disagree on the revenue")
}

func TestMedianAndRange(t *testing.T) {
	require.Equal(t, 2.0, median([]float64{3, 1, 2}))
	require.Equal(t, 2.5, median([]float64{4, 1, 3, 2}))
	lo, hi := minMax([]float64{3, 1, 2})
	require.Equal(t, [2]float64{1, 3}, [2]float64{lo, hi})
}

func TestBadFlags(t *testing.T) {
	require.ErrorContains(t, run([]string{"--runs", "0"}, nil, nil), "--runs 0")
	require.ErrorContains(t, run([]string{"--years", "200"}, nil, nil), "--years 200")
	require.ErrorContains(t, run([]string{"--pgo", "on"}, nil, nil), `--pgo "on": want auto or off`)
	require.ErrorContains(t, run([]string{"--runs", "x"}, nil, io.Discard), "--runs")
}
