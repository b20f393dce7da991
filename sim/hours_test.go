package sim

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

func officeHours(t *testing.T) Hours {
	h, err := NewHours(9, 17, 0, 1, 2, 3, 4)
	require.NoError(t, err)
	return h
}

func TestHoursTable(t *testing.T) {
	h := officeHours(t)
	for _, tc := range []struct {
		name string
		t    float64
		open bool
		next float64
	}{
		{"monday midnight", 0, false, 9},
		{"monday 9:00", 9, true, 9},
		{"monday noon", 12, true, 12},
		{"monday 17:00 is closed", 17, false, 24 + 9},
		{"friday 16:59", 4*24 + 16.99, true, 4*24 + 16.99},
		{"friday evening", 4*24 + 18, false, 7*24 + 9},
		{"saturday", 5*24 + 10, false, 7*24 + 9},
		{"sunday 23:00", 6*24 + 23, false, 7*24 + 9},
		{"second week tuesday 8:00", 8*24 + 8, false, 8*24 + 9},
	} {
		t.Run(tc.name, func(t *testing.T) {
			require.Equal(t, tc.open, h.IsOpen(tc.t))
			require.InDelta(t, tc.next, h.NextOpen(tc.t), 1e-9)
		})
	}
	require.Equal(t, 40.0, h.OpenHours(0, HoursPerWeek))
	require.Equal(t, 80.0, h.OpenHours(0, 2*HoursPerWeek))
	require.Equal(t, 3.0, h.OpenHours(10, 13))
	require.Equal(t, 5.0+2, h.OpenHours(12, 24+11)) // Mon 12-17 and Tue 9-11
}

// TestHoursAgainstBruteForce compares OpenHours and NextOpen with a fine
// time grid on random intervals and random calendars.
func TestHoursAgainstBruteForce(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 7))
	for k := 0; k < 50; k++ {
		open := float64(r.IntN(12))
		close := open + 1 + float64(r.IntN(int(24-open)))
		var days []int
		for d := 0; d < 7; d++ {
			if r.IntN(2) == 0 {
				days = append(days, d)
			}
		}
		if len(days) == 0 {
			days = []int{r.IntN(7)}
		}
		h, err := NewHours(open, close, days...)
		require.NoError(t, err)
		const step = 0.25 // calendars have whole-hour bounds, so quarter hours are exact
		a := float64(r.IntN(4*24*20)) * step
		b := a + float64(r.IntN(4*24*30))*step
		brute := 0.0
		next := math.Inf(1)
		for x := a; x < b; x += step {
			if h.IsOpen(x) {
				brute += step
				next = math.Min(next, x)
			}
		}
		require.InDelta(t, brute, h.OpenHours(a, b), 1e-9, "calendar %+v [%g,%g)", h, a, b)
		if !math.IsInf(next, 1) {
			require.InDelta(t, next, h.NextOpen(a), 1e-9)
		}
	}
}

func TestHoursAlwaysAndErrors(t *testing.T) {
	h := AlwaysOpen()
	require.True(t, h.IsOpen(12345.6))
	require.Equal(t, 3.5, h.NextOpen(3.5))
	require.Equal(t, 10.0, h.OpenHours(5, 15))
	for _, tc := range []struct {
		open, close float64
		days        []int
	}{
		{17, 9, []int{0}},
		{-1, 9, []int{0}},
		{9, 25, []int{0}},
		{9, 17, nil},
		{9, 17, []int{7}},
	} {
		_, err := NewHours(tc.open, tc.close, tc.days...)
		require.Error(t, err, "%+v", tc)
	}
}

// TestAddWork checks AddWork against OpenHours: the working time between t
// and AddWork(t, d) is d, and the end is a working instant or a closing.
func TestAddWork(t *testing.T) {
	h := officeHours(t)
	for _, tc := range []struct {
		name string
		t, d float64
		want float64
	}{
		{"within the day", 10, 2, 12},
		{"to the closing", 10, 7, 17},
		{"over the night", 16, 2, 24 + 10},
		{"before opening", 3, 1, 10},
		{"over the weekend", 4*24 + 16, 3, 7*24 + 11},
		{"two working weeks end at the second friday closing", 9, 80, 7*24 + 4*24 + 17},
		{"always open", 5, 3, 8},
	} {
		t.Run(tc.name, func(t *testing.T) {
			hh := h
			if tc.name == "always open" {
				hh = AlwaysOpen()
			}
			require.InDelta(t, tc.want, hh.AddWork(tc.t, tc.d), 1e-9)
		})
	}
	r := rand.New(rand.NewPCG(3, 9))
	for k := 0; k < 2000; k++ {
		start := r.Float64() * 1000
		d := r.ExpFloat64() * 30
		end := h.AddWork(start, d)
		require.InDelta(t, d, h.OpenHours(start, end), 1e-6, "start %g d %g end %g", start, d, end)
		require.GreaterOrEqual(t, end, start)
	}
}

// TestWorkClock: AtWork inverts WorkBefore, and advancing the working clock
// by d agrees with AddWork.
func TestWorkClock(t *testing.T) {
	for _, h := range []Hours{officeHours(t), AlwaysOpen()} {
		r := rand.New(rand.NewPCG(5, 5))
		for k := 0; k < 5000; k++ {
			start := r.Float64() * 2000
			d := r.ExpFloat64() * 20
			w := h.WorkBefore(start)
			require.InDelta(t, h.AddWork(start, d), h.AtWork(w+d), 1e-6, "start %g d %g", start, d)
			at := h.AtWork(w)
			require.InDelta(t, w, h.WorkBefore(at), 1e-6)
			require.True(t, h.IsOpen(at), "AtWork gives a working instant")
		}
	}
}

// TestAtWorkBoundaries: on exact day and week boundaries of the working
// clock, and one ulp around them, AtWork lands in the working day that
// WorkBefore maps back (the multiplication it uses instead of a division
// is corrected where rounding crosses a boundary).
func TestAtWorkBoundaries(t *testing.T) {
	h := officeHours(t)
	for _, days := range []int{1, 4, 5, 7} {
		hh, err := NewHours(8.5, 17.25, []int{0, 1, 2, 3, 4, 5, 6}[:days]...)
		require.NoError(t, err)
		for _, c := range []Hours{h, hh} {
			per := c.Close - c.Open
			for k := 0; k < 2000; k++ {
				base := float64(k) * per
				for _, w := range []float64{base, math.Nextafter(base, 0), math.Nextafter(base, math.Inf(1)), base + per/2} {
					if w < 0 {
						continue
					}
					at := c.AtWork(w)
					// A working instant, or the closing instant itself when the
					// sum rounds up to it (as with a division).
					require.True(t, c.IsOpen(at) || c.IsOpen(at-1e-6), "w %v -> %v is not a working instant", w, at)
					require.InDelta(t, w, c.WorkBefore(at), 1e-9*math.Max(1, w), "w %v", w)
				}
			}
		}
	}
}

// TestNextOpenIsOpen: the opening NextOpen returns is open by IsOpen, for
// opening hours that are not binary fractions (9.45 h, 8.1 h): before the
// fix, day·24 + 9.45 rounded to an instant IsOpen called closed, and a
// policy waiting for its lead hours (open_hour 9.45) woke at that instant,
// found it closed and waited for it again, forever.
func TestNextOpenIsOpen(t *testing.T) {
	for _, open := range []float64{9.45, 8.1, 0.3, 13.7, 23.9} {
		h, err := NewHours(open, math.Min(open+0.55, 24), 0, 1, 2, 3, 4)
		if err != nil {
			t.Fatal(err)
		}
		for day := 0; day < 2000; day++ {
			for _, c := range []float64{0, open / 2, open - 1e-9, 23.99} {
				tm := float64(day)*24 + c
				n := h.NextOpen(tm)
				if !h.IsOpen(n) {
					t.Fatalf("open %g: NextOpen(%v) = %v is not open", open, tm, n)
				}
				if n < tm || n-tm > 7*24 {
					t.Fatalf("open %g: NextOpen(%v) = %v out of order", open, tm, n)
				}
			}
		}
	}
}

// openBeforeLoop is openBefore's day-by-day sum, the definition its
// dyadic shortcut must agree with to the last bit.
func openBeforeLoop(h *Hours, t float64) float64 {
	weeks := math.Floor(t / HoursPerWeek)
	rest := t - weeks*HoursPerWeek
	total := weeks * h.openPerWeek
	for d := 0; d < 7 && rest > 0; d++ {
		if h.Days&(1<<d) != 0 {
			lo, hi := float64(d)*24+h.Open, float64(d)*24+h.Close
			if rest > lo {
				total += min(rest, hi) - lo
			}
		}
		if rest <= float64(d+1)*24 {
			break
		}
	}
	return total
}

// TestOpenBeforeDyadic checks openBefore's shortcut for calendars whose
// hours are multiples of 1/256 against the day-by-day sum, bit for bit:
// at random times over a century, and at every day's midnight, opening
// and closing, and each week's start, with their neighbouring floats.
func TestOpenBeforeDyadic(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	for _, c := range []struct {
		open, close float64
		days        []int
	}{
		{9, 17, []int{0, 1, 2, 3, 4}},
		{0, 24, []int{0, 1, 2, 3, 4, 5, 6}},
		{8.5, 17.25, []int{0, 2, 4, 6}},
		{7.75, 19.125, []int{5, 6}},
		{0, 0.00390625, []int{3}},
		{23.5, 24, []int{0, 6}},
		{8.3, 16.7, []int{0, 1, 2, 3, 4}}, // not dyadic: the loop itself
	} {
		h, err := NewHours(c.open, c.close, c.days...)
		require.NoError(t, err)
		check := func(x float64) {
			if got, want := h.openBefore(x), openBeforeLoop(&h, x); math.Float64bits(got) != math.Float64bits(want) {
				t.Fatalf("hours [%g,%g) %v: openBefore(%v) = %v, want %v", c.open, c.close, c.days, x, got, want)
			}
		}
		for range 200_000 {
			check(r.Float64()*876_000 - 500)
		}
		for week := -2.0; week < 5300; week += 1 + math.Floor(r.Float64()*40) {
			for d := 0; d < 7; d++ {
				for _, x := range []float64{week*HoursPerWeek + float64(d)*24, week*HoursPerWeek + float64(d)*24 + c.open, week*HoursPerWeek + float64(d)*24 + c.close} {
					check(x)
					check(math.Nextafter(x, math.Inf(1)))
					check(math.Nextafter(x, math.Inf(-1)))
				}
			}
		}
	}
}
