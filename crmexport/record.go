package crmexport

import (
	"context"
	"fmt"
	"math"
	"time"

	"funnellab/sim/funnel"
)

// Lead is a simulated inquiry.
type Lead struct {
	ID      int
	Created float64 // hours from time 0
	Channel string
	Segment string
	Opps    []int // its opportunities' indices, in order
}

// Opp is a simulated opportunity.
type Opp struct {
	ID      int
	Lead    int
	Created float64
	Closed  float64 // NaN while open
	Outcome string  // won, lost, no_decision; "" open
	Value   float64 // NaN unless won
	Rep     int
}

// Records are one replication's records under one policy.
type Records struct {
	Scenario    string
	Rep, Policy int
	PolicyName  string
	Start       time.Time // the date of time 0
	End         float64   // hours: the end of observation (as_of)
	Leads       []Lead
	Opps        []Opp
}

// Record runs replication rep of the model under policy pol and records
// its prospects. start is the date of simulated time 0 (a Monday keeps
// the calendar's weekdays).
func Record(ctx context.Context, m *funnel.Model, scenario string, rep, pol int, start time.Time) (*Records, error) {
	names := m.PolicyNames()
	if pol < 0 || pol >= len(names) {
		return nil, fmt.Errorf("policy %d out of range", pol)
	}
	r := &Records{Scenario: scenario, Rep: rep, Policy: pol, PolicyName: names[pol], Start: start}
	chans, segs := m.ChannelNames(), m.SegmentNames()
	slot := map[int32]int{} // slot → lead index, for counted prospects
	open := map[int32]int{} // slot → open opportunity index
	sim := m.NewSim()
	sim.Observe(&funnel.Observer{
		Inquiry: func(t float64, id int32, ch, seg int, counted bool) {
			delete(open, id)
			if !counted {
				delete(slot, id)
				return
			}
			s := ""
			if seg >= 0 && seg < len(segs) {
				s = segs[seg]
			}
			slot[id] = len(r.Leads)
			r.Leads = append(r.Leads, Lead{ID: len(r.Leads) + 1, Created: t, Channel: chans[ch], Segment: s})
		},
		Opportunity: func(t float64, id int32, rep int) {
			li, ok := slot[id]
			if !ok {
				return
			}
			open[id] = len(r.Opps)
			r.Leads[li].Opps = append(r.Leads[li].Opps, len(r.Opps))
			r.Opps = append(r.Opps, Opp{ID: len(r.Opps) + 1, Lead: li, Created: t, Closed: math.NaN(), Value: math.NaN(), Rep: rep})
		},
		Closed: func(t float64, id int32, o funnel.Outcome, v float64) {
			oi, ok := open[id]
			if !ok {
				return
			}
			delete(open, id)
			op := &r.Opps[oi]
			op.Closed, op.Outcome, op.Value = t, o.String(), v
		},
	})
	if _, err := sim.Run(ctx, rep, pol); err != nil {
		return nil, err
	}
	horizon, observe, _ := m.Hours()
	r.End = observe
	if r.End == 0 {
		r.End = horizon
		for _, o := range r.Opps {
			if o.Closed > r.End {
				r.End = o.Closed
			}
		}
	}
	return r, nil
}

// Date is the date of simulated hour h.
func (r *Records) Date(h float64) time.Time {
	return r.Start.Add(time.Duration(math.Round(h*3600)) * time.Second)
}
