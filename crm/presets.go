package crm

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// A preset is the mapping of an export people have, reading the files of
// a folder under their usual names.
type preset struct {
	about string
	build func() *Mapping
}

var presets = map[string]preset{
	// Olist's marketing funnel: every MQL is worked by the sales team, so
	// the MQL file is the opportunities, joined on mql_id with the closed
	// deals (all won). Nothing is lost in the data: an MQL without a deal
	// is open at the export's date, censored there.
	"olist": {
		about: "Olist marketing funnel: olist_marketing_qualified_leads_dataset.csv joined on mql_id with olist_closed_deals_dataset.csv (won deals only: other MQLs are open, censored at as_of)",
		build: func() *Mapping {
			return &Mapping{Opportunities: &Table{
				File: "olist_marketing_qualified_leads_dataset.csv",
				Join: &Join{File: "olist_closed_deals_dataset.csv", On: "mql_id"},
				Columns: map[string]string{"id": "mql_id", "created": "first_contact_date", "outcome": "won_date",
					"closed": "won_date", "owner": "sr_id", "source": "origin", "amount": "declared_monthly_revenue"},
				Outcomes: map[string][]string{"won": {"*"}, "open": {""}},
			}}
		},
	},
	// Salesforce's standard Lead and Opportunity report columns.
	"salesforce": {
		about: "Salesforce reports: Opportunity.csv (Id, CreatedDate, CloseDate, StageName, Amount, OwnerId, LeadSource, AccountId) and Lead.csv (Id, CreatedDate, LeadSource, ConvertedDate, ConvertedOpportunityId)",
		build: func() *Mapping {
			return &Mapping{
				Opportunities: &Table{File: "Opportunity.csv",
					Columns: map[string]string{"id": "Id", "created": "CreatedDate", "closed": "CloseDate", "outcome": "StageName",
						"amount": "Amount", "owner": "OwnerId", "source": "LeadSource", "account": "AccountId"},
					Outcomes: map[string][]string{"won": {"Closed Won"}, "lost": {"Closed Lost"},
						"open": {"Prospecting", "Qualification", "Needs Analysis", "Value Proposition", "Id. Decision Makers",
							"Perception Analysis", "Proposal/Price Quote", "Negotiation/Review"}}},
				Leads: &Table{File: "Lead.csv",
					Columns: map[string]string{"id": "Id", "created": "CreatedDate", "source": "LeadSource",
						"opportunity": "ConvertedOpportunityId", "converted": "ConvertedDate"}},
			}
		},
	},
	// HubSpot's contact and deal exports, under their column labels.
	"hubspot": {
		about: "HubSpot exports: deals.csv (Record ID, Create Date, Close Date, Deal Stage, Amount, Deal owner, Original Source) and contacts.csv (Record ID, Create Date, Original Source, Became an Opportunity Date)",
		build: func() *Mapping {
			return &Mapping{
				Opportunities: &Table{File: "deals.csv",
					Columns: map[string]string{"id": "Record ID", "created": "Create Date", "closed": "Close Date", "outcome": "Deal Stage",
						"amount": "Amount", "owner": "Deal owner", "source": "Original Source"},
					Outcomes: map[string][]string{"won": {"closedwon"}, "lost": {"closedlost"},
						"open": {"appointmentscheduled", "qualifiedtobuy", "presentationscheduled", "decisionmakerboughtin", "contractsent"}}},
				Leads: &Table{File: "contacts.csv",
					Columns: map[string]string{"id": "Record ID", "created": "Create Date", "source": "Original Source",
						"converted": "Became an Opportunity Date"}},
			}
		},
	},
}

// Presets returns the presets' names and what each reads.
func Presets() map[string]string {
	out := map[string]string{}
	for k, p := range presets {
		out[k] = p.about
	}
	return out
}

// PresetNames returns the presets' names, sorted.
func PresetNames() []string {
	var out []string
	for k := range presets {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Preset returns the mapping of preset name reading the files of dir. An
// unknown name, or a dir without the preset's files, is an *Error.
func Preset(name, dir string) (*Mapping, error) {
	p, ok := presets[name]
	if !ok {
		return nil, &Error{File: "--preset", Column: name, Msg: fmt.Sprintf("unknown preset (expected one of %s)", strings.Join(PresetNames(), ", "))}
	}
	m := p.build()
	m.Dir, m.Name = dir, "preset "+name
	for _, t := range []*Table{m.Opportunities, m.Leads} {
		if t == nil {
			continue
		}
		files := []string{t.File}
		if t.Join != nil {
			files = append(files, t.Join.File)
		}
		for _, f := range files {
			if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
				return nil, &Error{File: filepath.Join(dir, f), Msg: fmt.Sprintf("preset %s expects this file in %s (give the folder with --dir)", name, dir)}
			}
		}
	}
	return m, m.Check()
}
