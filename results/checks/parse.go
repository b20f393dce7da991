package checks

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// Stats are the statistics a threshold check may name, as in results.Summary;
// mean is the default.
var Stats = []string{"mean", "sd", "ci95_low", "ci95_high", "p05", "p50", "p95"}

// Ops are the comparison operators.
var Ops = []string{"<", "<=", ">", ">="}

// grammarHint is the form of a check, for messages.
const grammarHint = "<policy>.<metric>[.<stat>] <op> <number> or <policy>.<metric> <op> <policy>.<metric>"

// Ref is a reference to a metric of a policy: policy.metric[.stat].
type Ref struct {
	// Text is the reference as written and Pos its byte offset in the
	// check's expression.
	Text string
	Pos  int
	// Policy, Metric and Stat are set by Check.Resolve; Stat is "mean"
	// when the reference names none.
	Policy, Metric, Stat string
	// statPos is the offset of the statistic in the expression, -1 if none.
	statPos int
}

// Check is one parsed check.
type Check struct {
	// Expr is the check as written.
	Expr string
	// Left is the reference on the left of the operator.
	Left Ref
	// Op is one of Ops; OpPos its byte offset in Expr.
	Op    string
	OpPos int
	// Right is the reference on the right for a comparison between
	// policies, nil for a threshold.
	Right *Ref
	// Number is the threshold (when Right is nil), written as NumberText at
	// NumberPos.
	Number     float64
	NumberText string
	NumberPos  int
}

// IsComparison reports whether the check compares two policies.
func (c *Check) IsComparison() bool { return c.Right != nil }

// Error is a malformed check, or one naming an unknown policy, metric or
// statistic. Pos and End delimit the offending part of Expr in bytes (End
// may be len(Expr)+1 for something missing at the end).
type Error struct {
	Expr     string
	Pos, End int
	Msg      string
}

// Error returns the expression, quoted, and the message.
func (e *Error) Error() string { return strconv.Quote(e.Expr) + ": " + e.Msg }

// Caret returns the expression on one line and a line of carets under the
// offending part, each line indented by indent.
func (e *Error) Caret(indent string) string {
	pos, end := min(max(e.Pos, 0), len(e.Expr)), max(e.End, e.Pos+1)
	pad := strings.Map(func(r rune) rune {
		if r == '\t' {
			return '\t'
		}
		return ' '
	}, e.Expr[:pos])
	width := max(1, len([]rune(e.Expr[pos:min(end, len(e.Expr))])))
	return indent + e.Expr + "\n" + indent + pad + strings.Repeat("^", width)
}

func errAt(expr string, pos, end int, format string, args ...any) *Error {
	return &Error{Expr: expr, Pos: pos, End: end, Msg: fmt.Sprintf(format, args...)}
}

// numberRe is the syntax of a number; see the package documentation.
var numberRe = regexp.MustCompile(`^[+-]?(?:[0-9](?:_?[0-9])*(?:\.(?:[0-9](?:_?[0-9])*)?)?|\.[0-9](?:_?[0-9])*)(?:[eE][+-]?[0-9](?:_?[0-9])*)?$`)

// refRe is the syntax of a reference before it is resolved: dot-separated
// non-empty names of letters, digits, '_' and '-', at least two.
var refRe = regexp.MustCompile(`^[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)+$`)

// isOpChar reports whether c may be part of an operator (or of a wrong one
// such as == or !=).
func isOpChar(c byte) bool { return c == '<' || c == '>' || c == '=' || c == '!' }

// Parse parses a check. It checks the syntax only; Resolve checks the names
// against a run's policies and metrics. Errors are *Error.
func Parse(expr string) (*Check, error) {
	if strings.TrimSpace(expr) == "" {
		return nil, errAt(expr, 0, 1, "empty check; expected %s", grammarHint)
	}
	i := strings.IndexFunc(expr, func(r rune) bool { return r < 128 && isOpChar(byte(r)) })
	if i < 0 {
		return nil, errAt(expr, len(expr), len(expr)+1, "no comparison operator; expected one of %s", strings.Join(Ops, ", "))
	}
	j := i
	for j < len(expr) && isOpChar(expr[j]) {
		j++
	}
	op := expr[i:j]
	if !slices.Contains(Ops, op) {
		return nil, errAt(expr, i, j, "unknown operator %q; expected one of %s", op, strings.Join(Ops, ", "))
	}
	if k := strings.IndexFunc(expr[j:], func(r rune) bool { return r < 128 && isOpChar(byte(r)) }); k >= 0 {
		k += j
		e := k
		for e < len(expr) && isOpChar(expr[e]) {
			e++
		}
		return nil, errAt(expr, k, e, "a second operator %q; a check has exactly one", expr[k:e])
	}
	c := &Check{Expr: expr, Op: op, OpPos: i}

	left, lpos := trimmed(expr, 0, i)
	if left == "" {
		return nil, errAt(expr, i, j, "missing the left side before %q; expected %s", op, grammarHint)
	}
	if numberRe.MatchString(left) {
		return nil, errAt(expr, lpos, lpos+len(left), "the left side must be a reference <policy>.<metric>[.<stat>], got the number %s; put the number on the right", left)
	}
	if err := checkRef(expr, left, lpos); err != nil {
		return nil, err
	}
	c.Left = Ref{Text: left, Pos: lpos, statPos: -1}

	right, rpos := trimmed(expr, j, len(expr))
	switch {
	case right == "":
		return nil, errAt(expr, len(expr), len(expr)+1, "missing the right side after %q; expected a number or <policy>.<metric>", op)
	case strings.ContainsAny(right[:1], "0123456789+-."):
		if !numberRe.MatchString(right) {
			return nil, errAt(expr, rpos, rpos+len(right), "bad number %q; expected a decimal number such as 1000, 0.9, -3, 2e6 or 1_000_000", right)
		}
		x, err := strconv.ParseFloat(strings.ReplaceAll(right, "_", ""), 64)
		if err != nil { // out of range
			return nil, errAt(expr, rpos, rpos+len(right), "bad number %q: %v", right, err.(*strconv.NumError).Err)
		}
		c.Number, c.NumberText, c.NumberPos = x, right, rpos
	default:
		if err := checkRef(expr, right, rpos); err != nil {
			return nil, err
		}
		c.Right = &Ref{Text: right, Pos: rpos, statPos: -1}
	}
	return c, nil
}

// trimmed returns expr[from:to] without surrounding white space, and the
// offset where it starts.
func trimmed(expr string, from, to int) (string, int) {
	s := expr[from:to]
	t := strings.TrimLeft(s, " \t")
	pos := from + len(s) - len(t)
	return strings.TrimRight(t, " \t"), pos
}

// checkRef checks the syntax of a reference.
func checkRef(expr, ref string, pos int) error {
	if refRe.MatchString(ref) {
		return nil
	}
	return errAt(expr, pos, pos+len(ref), "bad reference %q; expected <policy>.<metric>[.<stat>] (names of letters, digits, '_', '-' and '.', no spaces)", ref)
}

// Resolve splits the check's references into policy, metric and statistic,
// and checks them: the policy must be one of policies (the longest policy
// name followed by a dot is taken), the metric one of metrics (any metric
// if metrics is nil) and the statistic one of Stats. A comparison must name
// two different policies, the same metric on both sides, and no statistic
// other than mean. Errors are *Error.
func (c *Check) Resolve(policies, metrics []string) error {
	if err := c.resolveRef(&c.Left, policies, metrics); err != nil {
		return err
	}
	if c.Right == nil {
		return nil
	}
	r := c.Right
	if err := c.resolveRef(r, policies, metrics); err != nil {
		return err
	}
	for _, ref := range []*Ref{&c.Left, r} {
		if ref.Stat != "mean" {
			return errAt(c.Expr, ref.statPos, ref.Pos+len(ref.Text),
				"a comparison between policies tests the paired difference of the means; %q cannot be used there", "."+ref.Stat)
		}
	}
	if c.Left.Metric != r.Metric {
		return errAt(c.Expr, r.Pos, r.Pos+len(r.Text),
			"a comparison between policies needs the same metric on both sides, got %q and %q", c.Left.Metric, r.Metric)
	}
	if c.Left.Policy == r.Policy {
		return errAt(c.Expr, r.Pos, r.Pos+len(r.Text), "compares policy %q with itself", r.Policy)
	}
	return nil
}

func (c *Check) resolveRef(ref *Ref, policies, metrics []string) error {
	pol := ""
	for _, p := range policies {
		if strings.HasPrefix(ref.Text, p+".") && len(p) > len(pol) {
			pol = p
		}
	}
	if pol == "" {
		name, _, _ := strings.Cut(ref.Text, ".")
		return errAt(c.Expr, ref.Pos, ref.Pos+len(name), "unknown policy %q; the run's policies: %s", name, strings.Join(policies, ", "))
	}
	restPos := ref.Pos + len(pol) + 1
	parts := strings.Split(ref.Text[len(pol)+1:], ".")
	if len(parts) > 2 {
		return errAt(c.Expr, ref.Pos, ref.Pos+len(ref.Text), "bad reference %q; expected <policy>.<metric>[.<stat>]", ref.Text)
	}
	metric := parts[0]
	if metrics != nil && !slices.Contains(metrics, metric) {
		return errAt(c.Expr, restPos, restPos+len(metric), "unknown metric %q; metrics: %s", metric, strings.Join(metrics, ", "))
	}
	stat, statPos := "mean", -1
	if len(parts) == 2 {
		stat, statPos = parts[1], restPos+len(metric)+1
		if !slices.Contains(Stats, stat) {
			return errAt(c.Expr, statPos, statPos+len(stat), "unknown statistic %q; expected one of %s", stat, strings.Join(Stats, ", "))
		}
	}
	ref.Policy, ref.Metric, ref.Stat, ref.statPos = pol, metric, stat, statPos
	return nil
}

// ParseAll parses and resolves each expression, returning the checks and
// the first error (nil if all are valid).
func ParseAll(exprs, policies, metrics []string) ([]*Check, error) {
	out := make([]*Check, 0, len(exprs))
	for _, e := range exprs {
		c, err := Parse(e)
		if err == nil {
			err = c.Resolve(policies, metrics)
		}
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}
