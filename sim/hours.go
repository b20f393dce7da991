package sim

import (
	"fmt"
	"math"
)

// HoursPerWeek is the length of the calendar's repeating period.
const HoursPerWeek = 168

// Hours is a weekly working-hours calendar. Time 0 is Monday 00:00. Either
// it is always open, or it is open from Open to Close (hours on the clock,
// 0 ≤ Open < Close ≤ 24) on the days set in Days (bit 0 = Monday ... bit 6 =
// Sunday). Hours is a small value type; its methods do not allocate, and
// take it by pointer, so that the hot ones (AtWork, once per marketing
// signal in working time) do not copy its 64 bytes.
type Hours struct {
	Always      bool
	Open, Close float64
	Days        uint8
	openPerWeek float64
	invWeek     float64    // 1 / openPerWeek
	invDay      float64    // 1 / (Close - Open)
	workdays    [7]int8    // the working days in order, -1 after the last
	per         float64    // Close - Open
	dayHour     [7]float64 // float64(workdays[k])*24, -1 after the last (AtWork)
	// dyadic: Open and Close are whole multiples of 1/256 h, so that the
	// working hours before a time add up without rounding, and openBefore
	// can take them from cumOpen, the working hours of the week's days
	// before day d, rather than add them up day by day.
	dyadic  bool
	cumOpen [7]float64
}

// AlwaysOpen is the calendar of a team that works around the clock.
func AlwaysOpen() Hours { return Hours{Always: true} }

// NewHours returns a calendar open from open to close on the given days
// (0 = Monday ... 6 = Sunday).
func NewHours(open, close float64, days ...int) (Hours, error) {
	if !(open >= 0 && open < close && close <= 24) {
		return Hours{}, fmt.Errorf("sim: working hours [%g, %g) must satisfy 0 <= open < close <= 24", open, close)
	}
	h := Hours{Open: open, Close: close}
	for _, d := range days {
		if d < 0 || d > 6 {
			return Hours{}, fmt.Errorf("sim: weekday %d out of range [0,6]", d)
		}
		h.Days |= 1 << d
	}
	if h.Days == 0 {
		return Hours{}, fmt.Errorf("sim: working hours need at least one working day")
	}
	n := 0
	for d := 0; d < 7; d++ {
		if h.Days&(1<<d) != 0 {
			n++
		}
	}
	h.openPerWeek = float64(n) * (close - open)
	h.invWeek, h.invDay = 1/h.openPerWeek, 1/(close-open)
	h.per = close - open
	k := 0
	for d := 0; d < 7; d++ {
		h.workdays[d] = -1
	}
	for d := 0; d < 7; d++ {
		if h.Days&(1<<d) != 0 {
			h.workdays[k] = int8(d)
			k++
		}
	}
	for k, d := range h.workdays {
		h.dayHour[k] = -1
		if d >= 0 {
			h.dayHour[k] = float64(d) * 24
		}
	}
	h.dyadic = open*256 == math.Floor(open*256) && close*256 == math.Floor(close*256)
	var cum float64
	for d := 0; d < 7; d++ {
		h.cumOpen[d] = cum
		if h.Days&(1<<d) != 0 {
			cum += (float64(d)*24 + close) - (float64(d)*24 + open) // as openBefore adds it
		}
	}
	return h, nil
}

// dayOf splits t into a day index (days since time 0) and the clock hour.
func dayOf(t float64) (day int64, clock float64) {
	d := math.Floor(t / 24)
	return int64(d), t - d*24
}

func (h *Hours) workday(day int64) bool {
	return h.Days&(1<<uint(((day%7)+7)%7)) != 0
}

// IsOpen reports whether t falls in working hours.
func (h *Hours) IsOpen(t float64) bool {
	if h.Always {
		return true
	}
	day, c := dayOf(t)
	return h.workday(day) && c >= h.Open && c < h.Close
}

// NextOpen returns the earliest time ≥ t that falls in working hours
// (t itself when open).
func (h *Hours) NextOpen(t float64) float64 {
	if h.Always {
		return t
	}
	day, c := dayOf(t)
	if h.workday(day) && c < h.Close {
		if c >= h.Open {
			return t
		}
		return h.opening(day)
	}
	for i := int64(1); i <= 7; i++ {
		if h.workday(day + i) {
			return h.opening(day + i)
		}
	}
	panic("sim: Hours without working days") // NewHours forbids it
}

// opening returns the first instant of working day day that IsOpen
// reports open: day·24 + Open, moved up by the few ulps that rounding may
// put it before Open (an opening hour such as 9.45 is not a binary
// fraction). Without that, a caller waiting for the opening would be woken
// at an instant still closed, and wait for it again, forever.
func (h *Hours) opening(day int64) float64 {
	x := float64(day)*24 + h.Open
	for i := 0; i < 64 && !h.IsOpen(x); i++ {
		x = math.Nextafter(x, math.Inf(1))
	}
	return x
}

// OpenPerWeek returns the working hours in a week (168 when always open).
func (h *Hours) OpenPerWeek() float64 {
	if h.Always {
		return HoursPerWeek
	}
	return h.openPerWeek
}

// OpenHours returns the number of working hours in [a, b).
func (h *Hours) OpenHours(a, b float64) float64 {
	if b <= a {
		return 0
	}
	if h.Always {
		return b - a
	}
	return h.openBefore(b) - h.openBefore(a)
}

// openBefore returns the working hours in [0, t) (negative for t < 0, so
// that differences stay right).
func (h *Hours) openBefore(t float64) float64 {
	weeks := math.Floor(t / HoursPerWeek)
	rest := t - weeks*HoursPerWeek
	total := weeks * h.openPerWeek
	if h.dyadic {
		// The loop below, without it: every sum but the last is exact
		// (multiples of 1/256 far below 2^45), so the days before rest's
		// come from cumOpen, and only its own day's part is rounded, as
		// the loop rounds it. Day d holds rest in (24d, 24(d+1)], as
		// the loop stops.
		if !(rest > 0) {
			return total
		}
		d := min(int(rest*(1.0/24)), 6)
		if d > 0 && rest <= float64(d)*24 {
			d--
		} else if d < 6 && rest > float64(d+1)*24 {
			d++
		}
		total += h.cumOpen[d]
		if h.Days&(1<<d) != 0 {
			if lo := float64(d)*24 + h.Open; rest > lo {
				total += min(rest, float64(d)*24+h.Close) - lo
			}
		}
		return total
	}
	for d := 0; d < 7 && rest > 0; d++ {
		if h.Days&(1<<d) != 0 {
			lo, hi := float64(d)*24+h.Open, float64(d)*24+h.Close
			if rest > lo {
				total += min(rest, hi) - lo
			}
		}
		rest0 := float64(d+1) * 24
		if rest <= rest0 {
			break
		}
	}
	return total
}

// AddWork returns the time at which d working hours have elapsed from t:
// work pauses when the team stops and resumes when it starts again. With
// d = 0 it returns the next opening at or after t.
func (h *Hours) AddWork(t, d float64) float64 {
	if h.Always {
		return t + d
	}
	// Fast path: the work fits in the current (or, before opening, this
	// morning's) working day.
	day := math.Floor(t / 24)
	if clock := t - day*24; h.workday(int64(day)) && clock < h.Close {
		if end := max(clock, h.Open) + d; end <= h.Close {
			return day*24 + end
		}
	}
	t = h.NextOpen(t)
	if w := math.Floor(d / h.openPerWeek); w >= 1 && d-w*h.openPerWeek > 0 {
		// Whole weeks of work take whole calendar weeks.
		t += w * HoursPerWeek
		d -= w * h.openPerWeek
	}
	for {
		day, _ := dayOf(t)
		avail := float64(day)*24 + h.Close - t
		if d <= avail {
			return t + d
		}
		d -= avail
		t = h.NextOpen(float64(day)*24 + h.Close)
	}
}

// WorkBefore returns the working hours in [0, t): the calendar's working
// clock. AtWork inverts it.
func (h *Hours) WorkBefore(t float64) float64 {
	if h.Always {
		return t
	}
	return h.openBefore(t)
}

// AtWork returns the time at which the working clock (WorkBefore) reads w:
// the instant after exactly w working hours since time 0. A w that falls
// on the end of a working day maps to the start of the next one.
func (h *Hours) AtWork(w float64) float64 {
	if h.Always {
		return w
	}
	// Whole weeks and whole working days by multiplication (the signal
	// loop calls this tens of millions of times; a division costs more),
	// corrected by one where rounding put w across a boundary.
	weeks := math.Floor(w * h.invWeek)
	rem := w - weeks*h.openPerWeek
	if rem < 0 {
		weeks--
		rem += h.openPerWeek
	} else if rem >= h.openPerWeek {
		weeks++
		rem -= h.openPerWeek
	}
	per := h.per
	k := int(rem * h.invDay)
	kp := float64(k) * per
	if kp > rem {
		k--
		kp = float64(k) * per
	} else if float64(k+1)*per <= rem {
		k++
		kp = float64(k) * per
	}
	if uint(k) > 6 || h.dayHour[k] < 0 { // rounding at the very end of the week
		return h.NextOpen((weeks + 1) * HoursPerWeek)
	}
	return weeks*HoursPerWeek + h.dayHour[k] + h.Open + (rem - kp)
}
