package results

import "strings"

// MetricDef defines one metric of a run: the name the outputs use, the
// theme it is grouped under, its unit and a one-line definition. The
// simulator defines its metrics once, as a list of MetricDef in output
// order (funnel.MetricDefs); the report groups its table by them and
// docs/metrics.md is checked against them. Nothing in this package needs a
// metric to have a definition: a Table or Report may hold any metric
// names.
type MetricDef struct {
	// Name is the metric's snake_case name, as in replications.csv and
	// summary.json.
	Name string
	// Group is the theme the metric belongs to, such as "Funnel volumes":
	// a row group of the report's table and a section of docs/metrics.md.
	Group string
	// Unit is what the value counts or measures, such as "hand-offs",
	// "currency" or "share [0,1]".
	Unit string
	// Label names the metric in plain words, for the report ("hand-offs
	// to sales"); empty: its name.
	Label string
	// Doc is a one-line definition.
	Doc string
}

// IsShare reports whether the metric is a share, shown in percent: its
// unit starts with "share".
func (d MetricDef) IsShare() bool { return strings.HasPrefix(d.Unit, "share") }

// IsMoney reports whether the metric is an amount of money, named in the
// scenario's currency: its unit starts with "currency".
func (d MetricDef) IsMoney() bool { return strings.HasPrefix(d.Unit, "currency") }
