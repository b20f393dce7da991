package crmexport

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"math"
	"strconv"
	"time"

	"funnellab/crm"
)

const dateLayout = "2006-01-02 15:04:05"

// Stage names written in opportunities.csv.
var stages = map[string]string{"won": "Won", "lost": "Lost", "no_decision": "No Decision", "": "Open"}

// Mapping is the mapping that reads Files back.
func (r *Records) Mapping() *crm.Mapping { return r.mapping("") }

func (r *Records) mapping(prefix string) *crm.Mapping {
	return &crm.Mapping{
		Opportunities: &crm.Table{File: prefix + "opportunities.csv",
			Columns: map[string]string{"id": "opportunity_id", "lead": "lead_id", "owner": "owner", "created": "created_date",
				"closed": "close_date", "outcome": "stage", "amount": "amount", "product": "segment", "source": "source"},
			Outcomes: map[string][]string{"won": {"Won"}, "lost": {"Lost"}, "no_decision": {"No Decision"}, "open": {"Open"}}},
		Leads: &crm.Table{File: prefix + "leads.csv",
			Columns: map[string]string{"id": "lead_id", "created": "created_date", "source": "source", "opportunity": "opportunity_id"}},
		AsOf: r.Date(r.End).Format(dateLayout),
	}
}

func repName(i int) string {
	if i < 0 {
		return ""
	}
	return fmt.Sprintf("rep_%02d", i+1)
}

// Files returns the export: leads.csv (a lead's opportunity is its
// first), opportunities.csv and crm.yaml, the mapping that reads them.
func (r *Records) Files() (map[string][]byte, error) { return r.FilesNamed("") }

// FilesNamed is Files with the CSV files' names prefixed; the mapping,
// crm.yaml, reads the prefixed files.
func (r *Records) FilesNamed(prefix string) (map[string][]byte, error) {
	var lb, ob bytes.Buffer
	lw, ow := csv.NewWriter(&lb), csv.NewWriter(&ob)
	_ = lw.Write([]string{"lead_id", "created_date", "source", "segment", "opportunity_id"})
	for _, l := range r.Leads {
		opp := ""
		if len(l.Opps) > 0 {
			opp = "O" + strconv.Itoa(r.Opps[l.Opps[0]].ID)
		}
		_ = lw.Write([]string{"L" + strconv.Itoa(l.ID), r.Date(l.Created).Format(dateLayout), l.Channel, l.Segment, opp})
	}
	_ = ow.Write([]string{"opportunity_id", "lead_id", "owner", "created_date", "close_date", "stage", "amount", "segment", "source"})
	for _, o := range r.Opps {
		l := r.Leads[o.Lead]
		closed, amount := "", ""
		if !math.IsNaN(o.Closed) {
			closed = r.Date(o.Closed).Format(dateLayout)
		}
		if !math.IsNaN(o.Value) {
			amount = strconv.FormatFloat(o.Value, 'f', 2, 64)
		}
		_ = ow.Write([]string{"O" + strconv.Itoa(o.ID), "L" + strconv.Itoa(l.ID), repName(o.Rep), r.Date(o.Created).Format(dateLayout),
			closed, stages[o.Outcome], amount, l.Segment, l.Channel})
	}
	lw.Flush()
	ow.Flush()
	if err := lw.Error(); err != nil {
		return nil, err
	}
	if err := ow.Error(); err != nil {
		return nil, err
	}
	y, err := r.mapping(prefix).Marshal()
	if err != nil {
		return nil, err
	}
	head := fmt.Sprintf("# The CRM export of scenario %s, replication %d, policy %s, written by funnel run --export crm.\n# Read it back with: funnel import --map crm.yaml\n", r.Scenario, r.Rep+1, r.PolicyName)
	return map[string][]byte{prefix + "leads.csv": lb.Bytes(), prefix + "opportunities.csv": ob.Bytes(), "crm.yaml": append([]byte(head), y...)}, nil
}

// Dataset returns the records as a crm.Dataset, as Load would read Files
// (dates to the second). With leadsAsOpps, every lead is an opportunity
// created with it, with the outcome of its last opportunity: the view of
// an export that records only inquiries and their wins (such as Olist's).
func (r *Records) Dataset(leadsAsOpps bool) *crm.Dataset {
	d := &crm.Dataset{AsOf: r.Date(r.End), AsOfGiven: true,
		Columns: map[string]string{"opportunities.created": "created_date", "opportunities.closed": "close_date",
			"opportunities.outcome": "stage", "opportunities.amount": "amount", "opportunities.owner": "owner",
			"opportunities.source": "source", "leads.created": "created_date", "leads.source": "source"}}
	trunc := func(h float64) time.Time { return r.Date(h).Truncate(time.Second) }
	out := func(s string) crm.Outcome {
		switch s {
		case "won":
			return crm.Won
		case "lost":
			return crm.Lost
		case "no_decision":
			return crm.NoDecision
		}
		return crm.Open
	}
	if leadsAsOpps {
		for _, l := range r.Leads {
			o := crm.Opportunity{ID: "L" + strconv.Itoa(l.ID), Created: trunc(l.Created), Amount: math.NaN(), Source: l.Channel, Product: l.Segment}
			if n := len(l.Opps); n > 0 {
				op := r.Opps[l.Opps[n-1]]
				o.Owner = repName(op.Rep)
				if op.Outcome != "" {
					o.Outcome, o.Closed, o.Amount = out(op.Outcome), trunc(op.Closed), op.Value
				}
			}
			d.Opportunities = append(d.Opportunities, o)
		}
		return d
	}
	for _, l := range r.Leads {
		ld := crm.Lead{ID: "L" + strconv.Itoa(l.ID), Created: trunc(l.Created), Source: l.Channel, Converted: len(l.Opps) > 0}
		if len(l.Opps) > 0 {
			ld.Opportunity = "O" + strconv.Itoa(r.Opps[l.Opps[0]].ID)
		}
		d.Leads = append(d.Leads, ld)
	}
	for _, o := range r.Opps {
		l := r.Leads[o.Lead]
		op := crm.Opportunity{ID: "O" + strconv.Itoa(o.ID), Created: trunc(o.Created), Outcome: out(o.Outcome), Amount: o.Value,
			Owner: repName(o.Rep), Product: l.Segment, Source: l.Channel, Lead: "L" + strconv.Itoa(l.ID)}
		if o.Outcome != "" {
			op.Closed = trunc(o.Closed)
		}
		d.Opportunities = append(d.Opportunities, op)
	}
	return d
}
