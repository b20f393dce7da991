package scenarios

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"funnellab/internal/userfile"
)

// Resolved is a scenario as loaded: the file with defaults filled in and the
// --set arguments applied, validated, plus where it came from.
type Resolved struct {
	Scenario Scenario
	Source   string   // file path as given, or "embedded:reference.yaml"
	SHA256   string   // hex sha256 of the file bytes as read (before --set)
	Sets     []string // the --set arguments applied, in order
}

// LoadFile reads, resolves and validates the scenario file at path. It
// refuses a file that is not a regular file or holds more than
// MaxFileBytes with a *userfile.Error, before parsing it. Other errors
// reading the file are returned as they are; all other errors are Errors.
func LoadFile(path string, sets []string) (*Resolved, error) {
	data, err := userfile.ReadFile(path, "scenario file", MaxFileBytes)
	if err != nil {
		return nil, err
	}
	return Parse(path, data, sets)
}

// LoadEmbedded resolves and validates the embedded scenario name (with or
// without ".yaml"); its Source is "embedded:NAME.yaml".
func LoadEmbedded(name string, sets []string) (*Resolved, error) {
	data, err := Embedded(name)
	if err != nil {
		return nil, err
	}
	return Parse("embedded:"+strings.TrimSuffix(name, ".yaml")+".yaml", data, sets)
}

// Parse is the common path of LoadFile and LoadEmbedded: it reads data (the
// contents of source) as a single YAML document, applies the --set
// arguments, decodes the result over Default() and validates it. All
// problems found are returned together as Errors naming source and lines.
// More than MaxSets arguments, and lists longer than their limits
// (limits.go), are refused before anything is decoded.
func Parse(source string, data []byte, sets []string) (*Resolved, error) {
	return parse(source, data, sets, nil, nil)
}

// Parents maps the name of an embedded scenario (without ".yaml", such as
// "world") to the bytes of a scenario read in its place wherever a chain
// of extends reaches it: funnel reproduce --world FILE substitutes FILE
// for the embedded world that the finding scenarios extend, directly or
// through default. A replacement that extends a scenario itself may only
// extend an embedded one (or another replaced name).
type Parents map[string][]byte

// ParseWith is Parse with embedded parents replaced by parents.
func ParseWith(source string, data []byte, sets []string, parents Parents) (*Resolved, error) {
	return parse(source, data, sets, nil, parents)
}

// MaxExtendsDepth is how many embedded scenarios a chain of extends may
// pass through: a file extending default passes through two (default,
// then the world it extends).
const MaxExtendsDepth = 4

// parse is Parse with the chain of embedded scenarios that extend one
// another down to this one (its children first), to refuse a cycle or a
// chain longer than MaxExtendsDepth.
func parse(source string, data []byte, sets []string, chain []string, parents Parents) (*Resolved, error) {
	sum := sha256.Sum256(data)
	if len(sets) > MaxSets {
		return nil, Errors{{File: source, Msg: fmt.Sprintf("got %d --set arguments, expected at most %d", len(sets), MaxSets)}}
	}
	root, ferr := readDocument(data)
	if ferr == nil {
		ferr = checkRoot(root)
	}
	if ferr != nil {
		ferr.File = source
		return nil, Errors{ferr}
	}
	if errs := checkListLimits(root, nil); len(errs) > 0 {
		return nil, finish(errs, source, false)
	}
	// The parent is found from the file with its --set arguments (one may
	// set extends); the arguments are then applied knowing the parent's
	// lists, so that their indexes address its entries.
	probe, _ := newSetter().applyAll(root, sets)
	s, perr := parent(probe, chain, parents)
	if perr != nil {
		perr.File = source
		return nil, Errors{perr}
	}
	st := newSetter()
	if extendsGiven(probe) {
		st.inherited = inheritedLists(s)
	}
	root, errs := st.applyAll(root, sets)
	if lerrs := checkListLimits(root, st.marks); len(lerrs) > 0 {
		return nil, finish(append(errs, lerrs...), source, false)
	}
	d := newDecoder(st.marks)
	d.decode(reflect.ValueOf(&s).Elem(), root, "", origin{line: root.Line}, "")
	d.resolveRates(s.Marketing.Channels)
	d.applyPresets(&s)
	errs = append(errs, d.errs...)
	errs = append(errs, d.placeValidation(s.Validate())...)
	if len(errs) > 0 {
		return nil, finish(errs, source, d.full())
	}
	return &Resolved{
		Scenario: s,
		Source:   source,
		SHA256:   hex.EncodeToString(sum[:]),
		Sets:     append([]string(nil), sets...),
	}, nil
}

// parent returns what a file's keys are decoded over: Default(), or the
// resolved embedded scenario its extends key names. chain holds the
// embedded scenarios that extend down to this file (see parse); a name of
// parents is read from its bytes instead of the embedded file.
func parent(root *yaml.Node, chain []string, parents Parents) (Scenario, *FieldError) {
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], resolveAlias(root.Content[i+1])
		if k.Value != "extends" || v == nil || isNull(v) || v.Value == "" {
			continue
		}
		name := strings.TrimSuffix(v.Value, ".yaml")
		for j, c := range chain {
			if c == name {
				return Scenario{}, &FieldError{Line: v.Line, Key: "extends",
					Msg: fmt.Sprintf("got %q, which makes a cycle (%s → %s); expected a chain of embedded scenarios that ends in one extending none", v.Value, strings.Join(chain[j:], " → "), name)}
			}
		}
		if len(chain) >= MaxExtendsDepth {
			return Scenario{}, &FieldError{Line: v.Line, Key: "extends",
				Msg: fmt.Sprintf("got %q at the end of a chain of %d (%s); expected at most %d scenarios extending one another", v.Value, len(chain)+1, strings.Join(append(append([]string(nil), chain...), name), " → "), MaxExtendsDepth)}
		}
		source := "embedded:" + name + ".yaml"
		data, replaced := parents[name]
		if replaced {
			source = name + " (replaced)"
		} else {
			var err error
			if data, err = Embedded(v.Value); err != nil {
				return Scenario{}, &FieldError{Line: v.Line, Key: "extends", Msg: err.Error()}
			}
		}
		res, err := parse(source, data, nil, append(append([]string(nil), chain...), name), parents)
		if err != nil {
			return Scenario{}, &FieldError{Line: v.Line, Key: "extends", Msg: "the parent scenario is invalid: " + err.Error()}
		}
		return res.Scenario, nil
	}
	return Default(), nil
}

// extendsGiven reports whether the document names a parent scenario.
func extendsGiven(root *yaml.Node) bool {
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], resolveAlias(root.Content[i+1])
		if k.Value == "extends" && v != nil && !isNull(v) && v.Value != "" {
			return true
		}
	}
	return false
}

// placeValidation gives validation errors the line or --set argument their
// key came from, dropping errors below keys whose value could not be
// decoded (the value checked there is a default, not what the file says).
func (d *decoder) placeValidation(err error) Errors {
	var verrs Errors
	if !errors.As(err, &verrs) {
		return nil
	}
	var out Errors
	for _, e := range verrs {
		if d.hidesKey(e.Key) || (d.noVolume && e.Key == "marketing.channels") {
			continue
		}
		o := d.originFor(e.Key)
		e.Line, e.Set = o.line, o.set
		out = append(out, e)
	}
	return out
}

// hidesKey reports whether key is at or below a key that failed to decode.
func (d *decoder) hidesKey(key string) bool {
	for k := range d.failed {
		if isUnder(key, k) {
			return true
		}
	}
	return false
}

// finish names the file in every error, sorts them and keeps the first
// maxErrors, noting when the walk or the list was cut short.
func finish(errs Errors, source string, truncated bool) Errors {
	for _, e := range errs {
		e.File = source
	}
	sortErrors(errs)
	if truncated || len(errs) > maxErrors {
		n := min(len(errs), maxErrors)
		errs = append(errs[:n:n], &FieldError{File: source,
			Msg: "too many errors; stopped after the first " + strconv.Itoa(maxErrors)})
	}
	return errs
}

// checkRoot checks that a document is there and is a mapping.
func checkRoot(root *yaml.Node) *FieldError {
	const want = "expected a mapping of scenario keys (name, calendar, ...)"
	switch {
	case root == nil:
		return &FieldError{Msg: "empty file: " + want}
	case isNull(root):
		return &FieldError{Line: root.Line, Msg: "empty document: " + want}
	case root.Kind != yaml.MappingNode:
		return &FieldError{Line: root.Line, Msg: "got " + describe(root) + ", " + want}
	}
	return nil
}

// readDocument parses data as at most one YAML document and returns its
// root node, nil if there is none. Syntax errors and further documents are
// FieldErrors with a line where one is known (File is left for the caller).
func readDocument(data []byte) (*yaml.Node, *FieldError) {
	if ferr := checkTokens(data); ferr != nil {
		return nil, ferr
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	err := dec.Decode(&doc)
	if errors.Is(err, io.EOF) {
		return nil, nil
	}
	if err != nil {
		return nil, syntaxError(err, data)
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) != 1 {
		return nil, nil
	}
	if ferr := checkNodes(doc.Content[0]); ferr != nil {
		return nil, ferr
	}
	var extra yaml.Node
	switch err := dec.Decode(&extra); {
	case errors.Is(err, io.EOF):
		return doc.Content[0], nil
	case err != nil:
		return nil, syntaxError(err, data)
	default:
		return nil, &FieldError{Line: extra.Line, Msg: "a second YAML document starts here; a scenario file holds exactly one"}
	}
}

var (
	yamlLineRe      = regexp.MustCompile(`(?s)^line (\d+): (.*)$`)
	unknownAnchorRe = regexp.MustCompile(`^unknown anchor '(.*)' referenced$`)
)

// parserProblems are the yaml.v3 messages of its parser (as opposed to its
// scanner): for these it reports the 0-based line of the construct the
// problem was found in.
var parserProblems = map[string]bool{
	"did not find expected ',' or ']'":       true,
	"did not find expected ',' or '}'":       true,
	"did not find expected '-' indicator":    true,
	"did not find expected <document start>": true,
	"did not find expected <stream-start>":   true,
	"did not find expected key":              true,
	"did not find expected node content":     true,
	"found duplicate %TAG directive":         true,
	"found duplicate %YAML directive":        true,
	"found incompatible YAML document":       true,
	"found undefined tag handle":             true,
}

// syntaxError turns a yaml.v3 parse error into a FieldError with a 1-based
// line. The error yaml.v3 gives for a key longer than it scans is
// reported as "key too long". yaml.v3 leaves the line out for problems on the first line and for
// bad characters and unknown anchors (found here by searching the input),
// and reports parser problems one line early.
func syntaxError(err error, data []byte) *FieldError {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	line := 0
	if m := yamlLineRe.FindStringSubmatch(msg); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = m[2]
	}
	if msg == "could not find expected ':'" || msg == "mapping values are not allowed in this context" {
		if l, n := longKeyLine(data); l > 0 {
			return keyTooLong(l, "", n)
		}
	}
	switch m := unknownAnchorRe.FindStringSubmatch(msg); {
	case m != nil:
		return &FieldError{Line: aliasLine(data, m[1]),
			Msg: "yaml error: unknown anchor " + strconv.Quote(m[1]) + " (*" + m[1] + " is used before any &" + m[1] + ")"}
	case isCharacterProblem(msg):
		line = badCharacterLine(data)
	case parserProblems[msg]:
		line++
	case line == 0:
		line = 1
	}
	if col := tabColumn(data, line); col > 0 && msg == "found character that cannot start any token" {
		msg += fmt.Sprintf(": a tab at column %d (YAML indents with spaces only; replace the tab with spaces)", col)
	}
	return &FieldError{Line: line, Msg: "yaml syntax error: " + msg}
}

// tabColumn returns the 1-based column of the first tab on the 1-based line
// of data, or 0 if the line has none.
func tabColumn(data []byte, line int) int {
	lines := strings.Split(string(data), "\n")
	if line < 1 || line > len(lines) {
		return 0
	}
	return strings.IndexByte(lines[line-1], '\t') + 1
}

// isCharacterProblem reports whether msg is a yaml.v3 reader error about
// the encoding of the input.
func isCharacterProblem(msg string) bool {
	for _, s := range []string{"UTF-8", "UTF-16", "control characters", "Unicode character", "surrogate"} {
		if strings.Contains(msg, s) {
			return true
		}
	}
	return false
}

// badCharacterLine returns the line of the first byte sequence YAML does
// not accept (invalid UTF-8 or a non-printable character), or 0.
func badCharacterLine(data []byte) int {
	line := 1
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if (r == utf8.RuneError && size == 1) || !yamlPrintable(r) {
			return line
		}
		if r == '\n' {
			line++
		}
		i += size
	}
	return 0
}

// yamlPrintable reports whether YAML allows r in a stream.
func yamlPrintable(r rune) bool {
	switch {
	case r == '\t' || r == '\n' || r == '\r' || r == 0x85:
		return true
	case r < 0x20 || (r >= 0x7F && r < 0xA0):
		return false
	case r >= 0xD800 && r <= 0xDFFF, r == 0xFFFE, r == 0xFFFF:
		return false
	}
	return true
}

// aliasLine returns the first line of data that uses alias *name, or 0.
func aliasLine(data []byte, name string) int {
	for i, line := range strings.Split(string(data), "\n") {
		if strings.Contains(line, "*"+name) {
			return i + 1
		}
	}
	return 0
}
