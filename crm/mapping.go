package crm

import (
	"bytes"
	"fmt"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"

	"funnellab/internal/userfile"
)

// Mapping says where an export's records are: its files, their columns and
// the values of the outcome column. Only the opportunities' id, created
// and outcome columns are required.
//
//	opportunities:
//	  file: opportunities.csv
//	  columns: {id: opportunity_id, owner: sales_agent, created: engage_date,
//	            closed: close_date, outcome: deal_stage, amount: close_value,
//	            product: product, account: account, source: lead_source}
//	  outcomes: {won: [Won], lost: [Lost], open: [Engaging, Prospecting]}
//	leads:
//	  file: leads.csv
//	  columns: {id: lead_id, created: created_date, source: origin, opportunity: opportunity_id}
//	products: {file: products.csv, columns: {name: product, price: list_price}}
//	as_of: 2017-12-31
type Mapping struct {
	Opportunities *Table `yaml:"opportunities"`
	Leads         *Table `yaml:"leads"`
	Products      *Table `yaml:"products"`
	// AsOf is the export's date: records still open are censored there.
	// Empty: the latest date in the export.
	AsOf string `yaml:"as_of"`

	// Dir is the folder the files are read from (a mapping file's own
	// folder); Name names the mapping in messages.
	Dir  string `yaml:"-"`
	Name string `yaml:"-"`
}

// Table is one file of an export.
type Table struct {
	File string `yaml:"file"`
	// Join adds the columns of another file's row with the same key (a
	// left join: rows without a match keep those columns empty).
	Join *Join `yaml:"join,omitempty"`
	// Columns maps the fields of the table (Fields) to the file's columns.
	Columns map[string]string `yaml:"columns"`
	// Outcomes lists the values of the outcome column that mean won, lost,
	// no_decision and open, compared without regard to case or spaces.
	// "*" stands for any value not empty, "" for the empty value. Won,
	// lost and no_decision are matched before open.
	Outcomes map[string][]string `yaml:"outcomes,omitempty"`
}

// Join is a left join with another file on a key column of both.
type Join struct {
	File string `yaml:"file"`
	On   string `yaml:"on"`
}

// Fields are the fields a table of each kind may map, the required first.
var Fields = map[string][]string{
	"opportunities": {"id", "created", "outcome", "closed", "owner", "amount", "product", "account", "source", "lead"},
	"leads":         {"id", "created", "source", "opportunity", "converted", "first_contact", "owner"},
	"products":      {"name", "price"},
}

var required = map[string][]string{
	"opportunities": {"id", "created", "outcome"},
	"leads":         {"id", "created"},
	"products":      {"name", "price"},
}

// outcomeNames are the keys of Table.Outcomes.
var outcomeNames = []string{"won", "lost", "no_decision", "open"}

// LoadMapping reads a mapping file; its files are read from its folder.
func LoadMapping(path string) (*Mapping, error) {
	b, err := userfile.ReadFile(path, "mapping file", 1<<20)
	if err != nil {
		return nil, &Error{File: path, Msg: fmt.Sprintf("cannot read the mapping: %v", err)}
	}
	m, err := ParseMapping(path, b)
	if err != nil {
		return nil, err
	}
	m.Dir = filepath.Dir(path)
	return m, nil
}

// ParseMapping reads a mapping from b; name names it in errors.
func ParseMapping(name string, b []byte) (*Mapping, error) {
	var m Mapping
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(&m); err != nil {
		return nil, &Error{File: name, Msg: fmt.Sprintf("not a mapping file: %v (expected opportunities, leads, products and as_of; see docs/import.md)", err)}
	}
	m.Name = name
	if err := m.Check(); err != nil {
		return nil, err
	}
	return &m, nil
}

// Check checks the mapping's keys: every table has a file and its
// required columns, fields and outcomes are known ones, and as_of is a
// date.
func (m *Mapping) Check() error {
	if m.Opportunities == nil {
		return &Error{File: m.Name, Column: "opportunities", Msg: "missing: the mapping must name the opportunities file"}
	}
	for _, k := range []string{"opportunities", "leads", "products"} {
		t := m.table(k)
		if t == nil {
			continue
		}
		if strings.TrimSpace(t.File) == "" {
			return &Error{File: m.Name, Column: k + ".file", Msg: "missing: expected the name of a CSV file"}
		}
		if t.Join != nil && (t.Join.File == "" || t.Join.On == "") {
			return &Error{File: m.Name, Column: k + ".join", Msg: "expected {file: FILE, on: KEY_COLUMN}"}
		}
		for _, f := range sortedKeys(t.Columns) {
			if !slices.Contains(Fields[k], f) {
				return &Error{File: m.Name, Column: k + ".columns." + f, Msg: fmt.Sprintf("unknown field (expected one of %s)", strings.Join(Fields[k], ", "))}
			}
			if strings.TrimSpace(t.Columns[f]) == "" {
				return &Error{File: m.Name, Column: k + ".columns." + f, Msg: "empty: expected a column name"}
			}
		}
		for _, f := range required[k] {
			if t.Columns[f] == "" {
				return &Error{File: m.Name, Column: k + ".columns." + f, Msg: "missing: a required column"}
			}
		}
		for _, o := range sortedKeys(t.Outcomes) {
			if k != "opportunities" {
				return &Error{File: m.Name, Column: k + ".outcomes", Msg: "only the opportunities have outcomes"}
			}
			if !slices.Contains(outcomeNames, o) {
				return &Error{File: m.Name, Column: k + ".outcomes." + o, Msg: fmt.Sprintf("unknown outcome (expected %s)", strings.Join(outcomeNames, ", "))}
			}
		}
	}
	if len(m.Opportunities.Outcomes["won"]) == 0 {
		return &Error{File: m.Name, Column: "opportunities.outcomes.won", Msg: "missing: expected the values of the outcome column that mean won"}
	}
	if m.AsOf != "" {
		if _, err := ParseDate(m.AsOf, false); err != nil {
			return &Error{File: m.Name, Column: "as_of", Msg: err.Error()}
		}
	}
	return nil
}

func (m *Mapping) table(k string) *Table {
	switch k {
	case "opportunities":
		return m.Opportunities
	case "leads":
		return m.Leads
	case "products":
		return m.Products
	}
	return nil
}

// Marshal returns the mapping as YAML.
func (m *Mapping) Marshal() ([]byte, error) { return yaml.Marshal(m) }

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
