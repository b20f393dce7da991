package expr

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Error is a malformed expression, or one naming an unknown policy, metric
// or key. Pos and End delimit the offending part of Src in bytes (End may
// be len(Src)+1 for something missing at the end).
type Error struct {
	Src      string
	Pos, End int
	Msg      string
}

// Error returns the expression, quoted, and the message.
func (e *Error) Error() string { return strconv.Quote(e.Src) + ": " + e.Msg }

// Caret returns the expression on one line and a line of carets under the
// offending part, each line indented by indent.
func (e *Error) Caret(indent string) string {
	pos, end := min(max(e.Pos, 0), len(e.Src)), max(e.End, e.Pos+1)
	pad := strings.Map(func(r rune) rune {
		if r == '\t' {
			return '\t'
		}
		return ' '
	}, e.Src[:pos])
	width := max(1, utf8.RuneCountInString(e.Src[pos:min(end, len(e.Src))]))
	return indent + e.Src + "\n" + indent + pad + strings.Repeat("^", width)
}

func errAt(src string, pos, end int, format string, args ...any) *Error {
	return &Error{Src: src, Pos: pos, End: end, Msg: fmt.Sprintf(format, args...)}
}

// Ref is a reference to a metric, of a named policy or (Policy "") of the
// alternative's own policy.
type Ref struct {
	// Text is the reference as written and Pos its byte offset.
	Text string
	Pos  int
	// Policy and Metric are set by Resolve (Policy is "" for a bare
	// metric).
	Policy, Metric string
}

// Key is a scenario key of the design point, written @path.
type Key struct {
	// Path is the key without the '@'; Pos the offset of the '@'.
	Path string
	Pos  int
}

// node kinds.
const (
	kNum = iota
	kRef
	kKey
	kNeg
	kAdd
	kSub
	kMul
	kDiv
)

type node struct {
	kind int
	num  float64
	ref  int // index into Expr.Refs or Expr.Keys
	l, r *node
}

// Expr is a parsed expression.
type Expr struct {
	// Src is the expression as written.
	Src string
	// Refs are the metric references in order of appearance; Keys the
	// scenario keys.
	Refs []Ref
	Keys []Key
	root *node
}

// String returns the expression as written.
func (e *Expr) String() string { return e.Src }

// token kinds.
const (
	tEOF = iota
	tNum
	tName
	tKey
	tOp // one of + - * / ( ) after normalisation
)

type token struct {
	kind     int
	text     string // as written
	op       byte   // normalised operator for tOp
	pos, end int
}

var (
	numberRe = regexp.MustCompile(`^(?:[0-9](?:_?[0-9])*(?:\.(?:[0-9](?:_?[0-9])*)?)?|\.[0-9](?:_?[0-9])*)(?:[eE][+-]?[0-9](?:_?[0-9])*)?`)
	// numberish is what a number token spans before it is checked: it
	// stops at an operator, a parenthesis or white space.
	numberishRe = regexp.MustCompile(`^[0-9.](?:[eE][+-]|[0-9A-Za-z_.])*`)
	nameRe      = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*`)
	keyRe       = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*(?:\[[0-9]+\])*(?:\.[A-Za-z0-9_]+(?:\[[0-9]+\])*)*`)
)

// ops maps each accepted operator spelling to its normalised byte.
var ops = map[string]byte{"+": '+', "-": '-', "−": '-', "*": '*', "×": '*', "/": '/', "÷": '/', "(": '(', ")": ')'}

func lex(src string) ([]token, error) {
	var toks []token
	i := 0
	for i < len(src) {
		c := src[i]
		switch {
		case c == ' ' || c == '\t':
			i++
			continue
		case c >= '0' && c <= '9' || c == '.':
			span := numberishRe.FindString(src[i:])
			m := numberRe.FindString(span)
			if m != span || m == "" {
				return nil, errAt(src, i, i+len(span), "bad number %q; expected a decimal number such as 1000, 0.9, 2e6 or 1_000_000", span)
			}
			toks = append(toks, token{kind: tNum, text: m, pos: i, end: i + len(m)})
			i += len(m)
			continue
		case c == '@':
			m := keyRe.FindString(src[i+1:])
			if end := i + 1 + len(m); m == "" || (end < len(src) && isKeyByte(src[end])) {
				for end < len(src) && isKeyByte(src[end]) {
					end++
				}
				return nil, errAt(src, i, max(end, i+1), "bad key %q; expected @ and a scenario path such as @sales.reps or @policies.objective.sla_hours", src[i:end])
			}
			toks = append(toks, token{kind: tKey, text: m, pos: i, end: i + 1 + len(m)})
			i += 1 + len(m)
			continue
		case isNameByte(c):
			m := nameRe.FindString(src[i:])
			end := i + len(m)
			if m == "" || (end < len(src) && (isNameByte(src[end]) || src[end] == '.')) {
				for end < len(src) && (isNameByte(src[end]) || src[end] == '.') {
					end++
				}
				return nil, errAt(src, i, end, "bad reference %q; expected [<policy>.]<metric> (names of letters, digits, '_' and '.')", src[i:end])
			}
			toks = append(toks, token{kind: tName, text: m, pos: i, end: end})
			i = end
			continue
		}
		matched := false
		for s, op := range ops {
			if strings.HasPrefix(src[i:], s) {
				toks = append(toks, token{kind: tOp, text: s, op: op, pos: i, end: i + len(s)})
				i += len(s)
				matched = true
				break
			}
		}
		if !matched {
			r, size := utf8.DecodeRuneInString(src[i:])
			return nil, errAt(src, i, i+size, "unexpected %q; expected a number, a [<policy>.]<metric>, an @key, an operator (+ - − * × / ÷) or a parenthesis", string(r))
		}
	}
	return append(toks, token{kind: tEOF, pos: len(src), end: len(src) + 1}), nil
}

func isKeyByte(c byte) bool { return isNameByte(c) || c == '.' || c == '[' || c == ']' }

func isNameByte(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

type parser struct {
	src  string
	toks []token
	i    int
	e    *Expr
}

func (p *parser) peek() token { return p.toks[p.i] }
func (p *parser) next() token { t := p.toks[p.i]; p.i++; return t }

func isOp(t token, ops string) bool { return t.kind == tOp && strings.IndexByte(ops, t.op) >= 0 }

// Parse parses an expression. It checks the syntax only; Resolve checks
// the names. Errors are *Error.
func Parse(src string) (*Expr, error) {
	if strings.TrimSpace(src) == "" {
		return nil, errAt(src, 0, 1, "empty expression; expected a formula such as objective.revenue - waterfall.revenue")
	}
	toks, err := lex(src)
	if err != nil {
		return nil, err
	}
	e := &Expr{Src: src}
	p := &parser{src: src, toks: toks, e: e}
	root, err := p.expr()
	if err != nil {
		return nil, err
	}
	if t := p.peek(); t.kind != tEOF {
		if isOp(t, ")") {
			return nil, errAt(src, t.pos, t.end, "unmatched %q", ")")
		}
		return nil, errAt(src, t.pos, t.end, "unexpected %q after a complete operand; expected an operator (+ - * /)", t.text)
	}
	e.root = root
	return e, nil
}

func (p *parser) expr() (*node, error) {
	l, err := p.term()
	if err != nil {
		return nil, err
	}
	for isOp(p.peek(), "+-") {
		op := p.next()
		r, err := p.term()
		if err != nil {
			return nil, err
		}
		k := kAdd
		if op.op == '-' {
			k = kSub
		}
		l = &node{kind: k, l: l, r: r}
	}
	return l, nil
}

func (p *parser) term() (*node, error) {
	l, err := p.unary()
	if err != nil {
		return nil, err
	}
	for isOp(p.peek(), "*/") {
		op := p.next()
		r, err := p.unary()
		if err != nil {
			return nil, err
		}
		k := kMul
		if op.op == '/' {
			k = kDiv
		}
		l = &node{kind: k, l: l, r: r}
	}
	return l, nil
}

func (p *parser) unary() (*node, error) {
	if t := p.peek(); isOp(t, "+-") {
		p.next()
		x, err := p.unary()
		if err != nil {
			return nil, err
		}
		if t.op == '+' {
			return x, nil
		}
		return &node{kind: kNeg, l: x}, nil
	}
	return p.primary()
}

func (p *parser) primary() (*node, error) {
	t := p.next()
	switch t.kind {
	case tNum:
		x, err := strconv.ParseFloat(strings.ReplaceAll(t.text, "_", ""), 64)
		if err != nil {
			return nil, errAt(p.src, t.pos, t.end, "bad number %q: %v", t.text, err.(*strconv.NumError).Err)
		}
		return &node{kind: kNum, num: x}, nil
	case tName:
		p.e.Refs = append(p.e.Refs, Ref{Text: t.text, Pos: t.pos})
		return &node{kind: kRef, ref: len(p.e.Refs) - 1}, nil
	case tKey:
		p.e.Keys = append(p.e.Keys, Key{Path: t.text, Pos: t.pos})
		return &node{kind: kKey, ref: len(p.e.Keys) - 1}, nil
	case tEOF:
		return nil, errAt(p.src, t.pos, t.end, "unexpected end of the expression; expected a number, a [<policy>.]<metric>, an @key or (")
	}
	if t.op == '(' {
		x, err := p.expr()
		if err != nil {
			return nil, err
		}
		c := p.next()
		if !isOp(c, ")") {
			if c.kind == tEOF {
				return nil, errAt(p.src, t.pos, t.end, "unclosed %q", "(")
			}
			return nil, errAt(p.src, c.pos, c.end, "unexpected %q; expected an operator or )", c.text)
		}
		return x, nil
	}
	return nil, errAt(p.src, t.pos, t.end, "unexpected %q; expected a number, a [<policy>.]<metric>, an @key or (", t.text)
}

// Names are what an expression may refer to.
type Names struct {
	// Policies are the run's policy names; Metrics its metric names (nil:
	// any metric).
	Policies, Metrics []string
	// Keys are the keys allowed after '@' (nil: any key; empty non-nil:
	// none, for an expression evaluated outside design points).
	Keys []string
	// Own allows bare metrics, meaning the alternative's own policy.
	Own bool
}

// Resolve splits each reference into policy and metric and checks the
// names: the policy must be one of n.Policies (the longest name followed by
// a dot), the metric one of n.Metrics, a key one of n.Keys. Errors are
// *Error.
func (e *Expr) Resolve(n Names) error {
	for i := range e.Refs {
		r := &e.Refs[i]
		pol := ""
		for _, p := range n.Policies {
			if strings.HasPrefix(r.Text, p+".") && len(p) > len(pol) {
				pol = p
			}
		}
		metric, mpos := r.Text, r.Pos
		switch {
		case pol != "":
			metric, mpos = r.Text[len(pol)+1:], r.Pos+len(pol)+1
			if strings.Contains(metric, ".") {
				return errAt(e.Src, r.Pos, r.Pos+len(r.Text), "bad reference %q; expected <policy>.<metric> (metric names have no dots)", r.Text)
			}
		case strings.Contains(r.Text, "."):
			name, _, _ := strings.Cut(r.Text, ".")
			return errAt(e.Src, r.Pos, r.Pos+len(name), "unknown policy %q; the run's policies: %s", name, strings.Join(n.Policies, ", "))
		case !n.Own:
			return errAt(e.Src, r.Pos, r.Pos+len(r.Text), "a bare metric %q needs a policy here; write <policy>.%s (policies: %s)", r.Text, r.Text, strings.Join(n.Policies, ", "))
		}
		if n.Metrics != nil && !slices.Contains(n.Metrics, metric) {
			return errAt(e.Src, mpos, mpos+len(metric), "unknown metric %q; metrics: %s", metric, strings.Join(n.Metrics, ", "))
		}
		r.Policy, r.Metric = pol, metric
	}
	if n.Keys != nil {
		for _, k := range e.Keys {
			if !slices.Contains(n.Keys, k.Path) {
				if len(n.Keys) == 0 {
					return errAt(e.Src, k.Pos, k.Pos+1+len(k.Path), "unknown key @%s; no keys vary here (an @key names a key given to --vary)", k.Path)
				}
				return errAt(e.Src, k.Pos, k.Pos+1+len(k.Path), "unknown key @%s; the varied keys: %s", k.Path, strings.Join(n.Keys, ", "))
			}
		}
	}
	return nil
}

// HasBare reports whether the expression has a bare metric (one of the
// alternative's own policy). It is meaningful after Resolve.
func (e *Expr) HasBare() bool {
	for _, r := range e.Refs {
		if !strings.Contains(r.Text, ".") {
			return true
		}
	}
	return false
}

// Policies returns the distinct policies the expression names explicitly,
// in order of appearance. It is meaningful after Resolve.
func (e *Expr) Policies() []string {
	var out []string
	for _, r := range e.Refs {
		if r.Policy != "" && !slices.Contains(out, r.Policy) {
			out = append(out, r.Policy)
		}
	}
	return out
}

// Lookup gives the values an expression refers to, for one replication.
type Lookup struct {
	// Metric returns the metric of a policy ("" for the alternative's own
	// policy).
	Metric func(policy, metric string) float64
	// Key returns the value of a scenario key of the design point.
	Key func(path string) float64
}

// Eval evaluates a resolved expression.
func (e *Expr) Eval(l Lookup) float64 { return e.eval(e.root, &l) }

func (e *Expr) eval(n *node, l *Lookup) float64 {
	switch n.kind {
	case kNum:
		return n.num
	case kRef:
		r := &e.Refs[n.ref]
		return l.Metric(r.Policy, r.Metric)
	case kKey:
		return l.Key(e.Keys[n.ref].Path)
	case kNeg:
		return -e.eval(n.l, l)
	case kAdd:
		return e.eval(n.l, l) + e.eval(n.r, l)
	case kSub:
		return e.eval(n.l, l) - e.eval(n.r, l)
	case kMul:
		return e.eval(n.l, l) * e.eval(n.r, l)
	case kDiv:
		return e.eval(n.l, l) / e.eval(n.r, l)
	}
	panic("expr: unknown node")
}

// Compile parses and resolves an expression in one step.
func Compile(src string, n Names) (*Expr, error) {
	e, err := Parse(src)
	if err != nil {
		return nil, err
	}
	if err := e.Resolve(n); err != nil {
		return nil, err
	}
	return e, nil
}
