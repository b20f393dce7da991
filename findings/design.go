package findings

import (
	"fmt"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// DesignKeys are the keys a finding scenario may set: the study's design
// (which firms, channels and segments it sampled and how many, the
// practices and resources of the firms it studied, the policy they used,
// the observation window, how it measured). Everything else (how buyers
// move through their journeys, how long they stay receptive, how reps
// judge, what competitors win: response.*, sales.judgement.*, segments'
// journeys and win rates, signals.*, deal values, trust, ...) is the
// world's, and a finding scenario inherits it (extends: world or
// default). Patterns are dotted key paths in which "*" is one path
// segment and a trailing "**" the key itself and anything below it
// (MatchKey).
var DesignKeys = []string{
	"name", "description", "extends", "seed", "replications", "horizon_days", "observe_days", "warmup_days", "currency", "calibrated",
	"findings.**", "checks.**", "verdict.**", "policies.**",
	"marketing.channels.**",                                           // which channels are sampled, how many, their mix
	"segments.*.share", "segments.*.name", "segments.*.deal_value.**", // the segment mix and the prices (segments as a mapping of name → {share, deal_value})
	"sales.reps", "sales.own_pipeline.**", "sales.accept_window_hours", "sales.prospecting.**", // the firms' resources and practices
	"calendar.**", // working hours and days: a firm practice
	"scoring.**",  // the firm's scoring model
	"nurture.**",  // its nurture cadence
	"costs.**",
}

// DesignParents are the scenarios a finding scenario may extend, besides
// another finding scenario (a study split in parts, as Olist's halves).
var DesignParents = []string{"world", "default"}

// MatchKey reports whether the dotted key path matches pattern: segment by
// segment, "*" matching any one segment, and a trailing "**" the rest of
// the path, none included ("costs.**" matches costs and costs.call).
func MatchKey(pattern, path string) bool {
	ps, ks := strings.Split(pattern, "."), strings.Split(path, ".")
	for i, p := range ps {
		if p == "**" && i == len(ps)-1 {
			return true
		}
		if i >= len(ks) || (p != "*" && p != ks[i]) {
			return false
		}
	}
	return len(ps) == len(ks)
}

// IsDesignKey reports whether a finding scenario may set path
// (DesignKeys).
func IsDesignKey(path string) bool {
	for _, p := range DesignKeys {
		if MatchKey(p, path) {
			return true
		}
	}
	return false
}

// Leaf is a key a scenario file sets: its dotted path, the line it is on
// and its value's node.
type Leaf struct {
	Path  string
	Line  int
	Value *yaml.Node
}

// Leaves returns the keys a scenario document sets, in the order of the
// file: a scalar, a list of scalars or an empty mapping or list is a
// leaf; a mapping's keys are path segments; the entries of a list of
// mappings are addressed by their name (or id), else by their index.
func Leaves(root *yaml.Node) []Leaf {
	var out []Leaf
	walkLeaves(root, "", &out)
	return out
}

// DocumentLeaves parses data as one YAML document and returns its Leaves.
func DocumentLeaves(data []byte) ([]Leaf, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, err
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) != 1 || doc.Content[0].Kind != yaml.MappingNode {
		return nil, fmt.Errorf("expected a mapping of scenario keys")
	}
	return Leaves(doc.Content[0]), nil
}

func walkLeaves(n *yaml.Node, path string, out *[]Leaf) {
	if n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	join := func(seg string) string {
		if path == "" {
			return seg
		}
		return path + "." + seg
	}
	switch {
	case n.Kind == yaml.MappingNode && len(n.Content) > 0:
		for i := 0; i+1 < len(n.Content); i += 2 {
			walkLeaves(n.Content[i+1], join(n.Content[i].Value), out)
		}
		return
	case n.Kind == yaml.SequenceNode && len(n.Content) > 0 && !scalars(n.Content):
		for i, item := range n.Content {
			seg := strconv.Itoa(i)
			if name := entryName(item); name != "" {
				seg = name
			}
			walkLeaves(item, join(seg), out)
		}
		return
	}
	*out = append(*out, Leaf{Path: path, Line: n.Line, Value: n})
}

// scalars reports whether every node is a scalar.
func scalars(ns []*yaml.Node) bool {
	for _, n := range ns {
		if n.Kind == yaml.AliasNode && n.Alias != nil {
			n = n.Alias
		}
		if n.Kind != yaml.ScalarNode {
			return false
		}
	}
	return true
}

// entryName is the name (or id) of a list entry that is a mapping, "" if
// it has none.
func entryName(n *yaml.Node) string {
	if n.Kind != yaml.MappingNode {
		return ""
	}
	for _, key := range []string{"name", "id"} {
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == key && n.Content[i+1].Kind == yaml.ScalarNode && n.Content[i+1].Value != "" {
				return n.Content[i+1].Value
			}
		}
	}
	return ""
}
