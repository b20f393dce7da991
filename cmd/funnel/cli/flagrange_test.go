package cli

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestIntegerFlagOutOfRange(t *testing.T) {
	for _, tc := range []struct {
		cmd, flag, value, rng string
	}{
		{"run", "reps", "99999999999999999999", "[1,100000]"},
		{"run", "seed", "18446744073709551616", "[0,18446744073709551615]"},
		{"run", "seed", "-1", "[0,18446744073709551615]"},
		{"run", "workers", "9223372036854775808", "[0,9223372036854775807]"},
		{"reproduce", "reps", "-99999999999999999999", "[1,100000]"},
		{"reproduce", "seed", "0x10000000000000000", "[0,18446744073709551615]"},
		{"reproduce", "workers", "1" + strings.Repeat("0", 30), "[0,9223372036854775807]"},
		{"calibrate", "reps", "99999999999999999999", "[1,100000]"},
		{"calibrate", "seed", "18446744073709551616", "[0,18446744073709551615]"},
		{"calibrate", "evals", "99999999999999999999", "[1,9223372036854775807]"},
		{"calibrate", "workers", "99999999999999999999", "[0,9223372036854775807]"},
	} {
		t.Run(tc.cmd+" --"+tc.flag+" "+tc.value, func(t *testing.T) {
			code, _, stderr := call(t, context.Background(), tc.cmd, "--"+tc.flag, tc.value)
			require.Equal(t, ExitUsage, code, stderr)
			require.Contains(t, stderr, tc.cmd+": --"+tc.flag+" "+tc.value+": out of range, expected an integer in "+tc.rng)
		})
	}
}

func TestIntegerFlagNotANumber(t *testing.T) {
	code, _, stderr := call(t, context.Background(), "run", "--reps", "abc")
	require.Equal(t, ExitUsage, code, stderr)
	require.Contains(t, stderr, `invalid argument "abc" for "--reps" flag: must be an integer`)

	code, _, stderr = call(t, context.Background(), "run", "--seed", strings.Repeat("9", 1000))
	require.Equal(t, ExitUsage, code, stderr)
	require.Contains(t, stderr, "run: --seed "+strings.Repeat("9", 40)+"... (1000 characters): out of range")
}
