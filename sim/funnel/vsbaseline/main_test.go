package main

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// TestInquiries reads the count from both programs' outputs, and -1 from
// anything else (the comparison then refuses to go on).
func TestInquiries(t *testing.T) {
	require.Equal(t, int64(787853), inquiries([]byte("replication,policy,metric,value\n0,direct,inquiries,787853\n0,direct,valid_inquiries,787853\n")))
	require.Equal(t, int64(787853), inquiries([]byte("inquiries\t787853\nrevenue\t2.69303e+09\n")))
	require.Equal(t, int64(-1), inquiries([]byte("0,direct,valid_inquiries,5\n")))
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
}
