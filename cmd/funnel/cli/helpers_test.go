package cli

import (
	"math"
	"strconv"
)

func itoa(i int) string { return strconv.Itoa(i) }
func nan() float64      { return math.NaN() }
