package scenarios

import (
	"strconv"
	"strings"
)

// rateUnits are the keys a channel's volume can be given by, with the hours
// of their period: rate_per_hour is what the model reads, the others are
// converted to it when the file is read (resolveRates).
var rateUnits = []struct {
	key   string
	hours float64
	field func(c *Channel) *float64
}{
	{"rate_per_hour", 1, func(c *Channel) *float64 { return &c.RatePerHour }},
	{"rate_per_week", 168, func(c *Channel) *float64 { return &c.RatePerWeek }},
	{"rate_per_month", 8760.0 / 12, func(c *Channel) *float64 { return &c.RatePerMonth }},
	{"rate_per_year", 8760, func(c *Channel) *float64 { return &c.RatePerYear }},
}

// maxRate is the upper end of the range of the converted rate keys.
const maxRate = 1e10

// rateKeys lists the rate keys for messages.
func rateKeys() string {
	keys := make([]string, len(rateUnits))
	for i, u := range rateUnits {
		keys[i] = u.key
	}
	return strings.Join(keys[:len(keys)-1], ", ") + " or " + keys[len(keys)-1]
}

// resolveRates turns the volume of every channel into rate_per_hour. A
// channel the file adds must give one rate key (no default volume is
// right); an inherited one keeps its rate unless it gives one. Each
// channel may give one rate key; a --set argument giving one overrides the
// file's (so --set marketing.channels.0.rate_per_year=3000 works on a
// channel written per hour). Two given the same way are an error naming
// both. The converted keys are then cleared, so the resolved scenario holds
// rate_per_hour only.
func (d *decoder) resolveRates(chans []Channel) {
	for i := range chans {
		c := &chans[i]
		key := joinKey("marketing.channels", strconv.Itoa(i))
		var file, set []int // indexes into rateUnits of the keys given
		for j, u := range rateUnits {
			o, given := d.origins[joinKey(key, u.key)]
			switch {
			case !given:
			case o.set != "":
				set = append(set, j)
			default:
				file = append(file, j)
			}
		}
		if len(file)+len(set) == 0 {
			if o, given := d.origins[key]; given && !d.inheritedEntry[key] {
				if !d.failedUnder(key) {
					d.fail(key, o, "got a channel with no volume, expected one of %s (e.g. rate_per_year: 12000)", rateKeys())
				}
				d.noVolume = true
			}
			continue
		}
		chosen := file
		if len(set) > 0 {
			chosen = set
		}
		if len(chosen) > 1 {
			a, b := rateUnits[chosen[0]].key, rateUnits[chosen[1]].key
			d.fail(joinKey(key, b), d.origins[joinKey(key, b)],
				"got both %s and %s, expected exactly one of %s (they are the same volume in different units)", a, b, rateKeys())
			continue
		}
		if len(chosen) == 1 && chosen[0] != 0 {
			u := rateUnits[chosen[0]]
			x := *u.field(c)
			if !(x >= 0 && x <= maxRate) {
				continue // left as given, for validation to report under its own key
			}
			c.RatePerHour = x / u.hours
		}
		for _, u := range rateUnits[1:] {
			*u.field(c) = 0
		}
	}
}

// failedUnder reports whether an error was recorded at or below key.
func (d *decoder) failedUnder(key string) bool {
	for _, e := range d.errs {
		if isUnder(e.Key, key) {
			return true
		}
	}
	return false
}
