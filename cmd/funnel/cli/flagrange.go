package cli

import (
	"errors"
	"fmt"
	"math/big"
	"strconv"

	"github.com/spf13/pflag"
)

// intFlagRanges are the ranges of the integer flags, by flag name (the same
// in every command), as the commands check them; they name the range in
// the message about a value that does not fit the flag's type (see
// rangeError). A flag not listed here gets the range of its type.
var intFlagRanges = map[string]string{
	"reps":    "[1,100000]",
	"seed":    "[0,18446744073709551615]", // 2^64-1
	"workers": "[0,9223372036854775807]",  // 0: the number of CPUs
	"evals":   "[1,9223372036854775807]",
}

// typeRanges are the ranges of pflag's integer types.
var typeRanges = map[string]string{
	"int":    "[-9223372036854775808,9223372036854775807]",
	"int64":  "[-9223372036854775808,9223372036854775807]",
	"int32":  "[-2147483648,2147483647]",
	"int16":  "[-32768,32767]",
	"int8":   "[-128,127]",
	"uint":   "[0,18446744073709551615]",
	"uint64": "[0,18446744073709551615]",
	"uint32": "[0,4294967295]",
	"uint16": "[0,65535]",
	"uint8":  "[0,255]",
}

// rangeError rewrites pflag's error about an integer flag whose value is
// an integer that its type cannot hold (pflag says "must be an integer"
// for 99999999999999999999 and "must be a non-negative integer" for 2^64
// or -1) as "out of range, expected an integer in [LO,HI]". It returns
// nil for every other error.
func rangeError(err error) error {
	var ive *pflag.InvalidValueError
	if !errors.As(err, &ive) {
		return nil
	}
	f := ive.GetFlag()
	rng, ok := typeRanges[f.Value.Type()]
	if !ok {
		return nil
	}
	if _, isInt := new(big.Int).SetString(ive.GetValue(), 0); !isInt {
		return nil
	}
	if r, ok := intFlagRanges[f.Name]; ok {
		rng = r
	}
	v := ive.GetValue()
	if len(v) > 40 {
		v = v[:40] + "... (" + strconv.Itoa(len(v)) + " characters)"
	}
	return fmt.Errorf("--%s %s: out of range, expected an integer in %s", f.Name, v, rng)
}
