package cli

import (
	"math"
	"strconv"
	"time"
)

func itoa(i int) string { return strconv.Itoa(i) }
func nan() float64      { return math.NaN() }

func secs(s float64) time.Duration { return time.Duration(s * float64(time.Second)) }
