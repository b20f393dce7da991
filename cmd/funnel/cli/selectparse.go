package cli

import (
	"math"
	"slices"
	"strconv"
	"strings"

	"funnellab/expr"
)

// parseSelectVary parses the --vary flags: KEY=V1,V2,...
func parseSelectVary(vary []string) (keys []string, values [][]string, err error) {
	for _, v := range vary {
		key, list, ok := strings.Cut(v, "=")
		key = strings.TrimSpace(key)
		if !ok || key == "" {
			return nil, nil, usageErr("select: --vary %q: expected KEY=V1,V2,...", v)
		}
		if slices.Contains(keys, key) {
			return nil, nil, usageErr("select: --vary: %s given twice", key)
		}
		vals := splitList(list)
		if len(vals) == 0 {
			return nil, nil, usageErr("select: --vary %q: no values; expected KEY=V1,V2,...", v)
		}
		for _, x := range vals {
			if strings.Contains(x, "..") {
				return nil, nil, usageErr("select: --vary %q: select compares listed values (KEY=V1,V2,...), not a range LO..HI", v)
			}
		}
		for i, x := range vals {
			if slices.Contains(vals[:i], x) {
				return nil, nil, usageErr("select: --vary %s: the value %s is listed twice", key, x)
			}
		}
		keys = append(keys, key)
		values = append(values, vals)
	}
	return keys, values, nil
}

// cartesian returns every combination of the values, the last key
// varying fastest; one empty combination for no keys.
func cartesian(values [][]string) [][]string {
	out := [][]string{{}}
	for _, vs := range values {
		var next [][]string
		for _, c := range out {
			for _, v := range vs {
				next = append(next, append(slices.Clone(c), v))
			}
		}
		out = next
	}
	return out
}

func describePoint(keys, values []string) string {
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k + "=" + values[i]
	}
	return strings.Join(parts, " ")
}

// parseConstraint parses a --subject-to: EXPR OP NUMBER [± TOLERANCE].
func parseConstraint(s string, names expr.Names) (selConstraint, error) {
	c := selConstraint{text: strings.TrimSpace(s)}
	i := strings.IndexAny(s, "<>")
	if i < 0 {
		return c, usageErr("select: --subject-to %q: no comparison; expected EXPR < NUMBER (or <=, >, >=), optionally followed by ± TOLERANCE", s)
	}
	c.op = s[i : i+1]
	j := i + 1
	if j < len(s) && s[j] == '=' {
		c.op += "="
		j++
	}
	if strings.ContainsAny(s[j:], "<>=") {
		return c, usageErr("select: --subject-to %q: expected exactly one comparison (<, <=, > or >=)", s)
	}
	left, right := s[:i], s[j:]
	tolText := ""
	for _, pm := range []string{"±", "+-"} {
		if a, b, ok := strings.Cut(right, pm); ok {
			right, tolText = a, strings.TrimSpace(b)
			break
		}
	}
	var err error
	if c.e, err = expr.Compile(left, names); err != nil {
		return c, usageErr("select: --subject-to %v", exprErr(err))
	}
	x, err := strconv.ParseFloat(strings.ReplaceAll(strings.TrimSpace(right), "_", ""), 64)
	if err != nil || math.IsInf(x, 0) || math.IsNaN(x) {
		return c, usageErr("select: --subject-to %q: the threshold %q is not a number", s, strings.TrimSpace(right))
	}
	c.threshold = x
	switch {
	case tolText != "":
		t, err := strconv.ParseFloat(strings.ReplaceAll(tolText, "_", ""), 64)
		if err != nil || !(t > 0) || math.IsInf(t, 0) {
			return c, usageErr("select: --subject-to %q: the tolerance %q is not a positive number", s, tolText)
		}
		c.tol = t
	case x == 0:
		return c, usageErr("select: --subject-to %q: a threshold of 0 needs an explicit tolerance: append ± TOLERANCE", s)
	default:
		c.tol = 0.01 * math.Abs(x)
	}
	return c, nil
}

// g is the constraint's value in the form g ≤ 0.
func (c *selConstraint) g(v float64) float64 {
	if c.op[0] == '<' {
		return v - c.threshold
	}
	return c.threshold - v
}
