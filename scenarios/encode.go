package scenarios

import (
	"bytes"
	"math"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// MarshalYAML writes a scenario in its resolved form: every key, in struct
// order, two-space indented, lists of scalars on one line. Parse reads it
// back to the same Scenario.
//
// yaml.v3 writes some multi-line strings as block scalars that do not read
// back the same (a leading newline, for example); when a scenario has a
// string that is not plain text on one line (plainText), the output is
// decoded again, and when it does not decode to s, strings are written
// double-quoted instead. A scenario of plain one-line strings, as the
// embedded ones, skips that check, which was a large part of a short run's
// fixed cost (docs/speed.md, "The fixed part of a run"). FuzzParse checks
// that either way the output reads back to the scenario.
func MarshalYAML(s Scenario) ([]byte, error) {
	out, plain, err := encodeYAML(s, false)
	if err != nil || plain || decodesTo(out, s) {
		return out, err
	}
	out, _, err = encodeYAML(s, true)
	return out, err
}

// encodeYAML writes s, and reports whether all its strings are plainText.
func encodeYAML(s Scenario, quoteStrings bool) ([]byte, bool, error) {
	var buf bytes.Buffer
	yenc := yaml.NewEncoder(&buf)
	yenc.SetIndent(2)
	e := encoder{quote: quoteStrings, plain: true}
	if err := yenc.Encode(e.value(reflect.ValueOf(s))); err != nil {
		return nil, false, err
	}
	if err := yenc.Close(); err != nil {
		return nil, false, err
	}
	return buf.Bytes(), e.plain, nil
}

// plainText reports whether yaml.v3 writes s, whatever style it picks for
// it, as text that reads back to s: valid UTF-8, no leading or trailing
// space, and no character that YAML reads as a line break or writes as an
// escape (the C0 and C1 controls, DEL, U+2028, U+2029, U+FEFF, U+FFFE and
// U+FFFF).
func plainText(s string) bool {
	if !utf8.ValidString(s) || strings.HasPrefix(s, " ") || strings.HasSuffix(s, " ") {
		return false
	}
	for _, r := range s {
		switch {
		case r >= 0x20 && r < 0x7f:
		case r < 0xa0, r == 0x2028, r == 0x2029, r == 0xfeff, r == 0xfffe, r == 0xffff:
			return false
		}
	}
	return true
}

// decodesTo reports whether data decodes (without validation) to s.
func decodesTo(data []byte, s Scenario) bool {
	root, ferr := readDocument(data)
	if ferr != nil || root == nil {
		return false
	}
	d := newDecoder(nil)
	got := Default()
	d.decode(reflect.ValueOf(&got).Elem(), root, "", origin{}, "")
	return len(d.errs) == 0 && reflect.DeepEqual(got, s)
}

// encoder builds the yaml.Node of a value of the schema. quote writes every
// string double-quoted; plain stays true while every string is plainText.
type encoder struct {
	quote, plain bool
}

func (e *encoder) value(v reflect.Value) *yaml.Node {
	switch v.Kind() {
	case reflect.Struct:
		n := &yaml.Node{Kind: yaml.MappingNode}
		t := v.Type()
		for i := 0; i < t.NumField(); i++ {
			if key := yamlKey(t.Field(i)); key != "" && !(omitEmpty(t.Field(i)) && v.Field(i).IsZero()) {
				n.Content = append(n.Content,
					&yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: key},
					e.value(v.Field(i)))
			}
		}
		return n
	case reflect.Slice:
		n := &yaml.Node{Kind: yaml.SequenceNode}
		if v.Type().Elem().Kind() != reflect.Struct {
			n.Style = yaml.FlowStyle
		}
		for i := 0; i < v.Len(); i++ {
			n.Content = append(n.Content, e.value(v.Index(i)))
		}
		return n
	case reflect.String:
		if e.plain && !plainText(v.String()) {
			e.plain = false
		}
		return stringNode(v.String(), e.quote)
	case reflect.Bool:
		return plainNode(strconv.FormatBool(v.Bool()))
	case reflect.Float32, reflect.Float64:
		return plainNode(floatText(v.Float()))
	default:
		_, text := number(v)
		return plainNode(text)
	}
}

// stringNode is a string scalar; YAML quotes it where a plain scalar would
// read as something else. Invalid UTF-8 is left untagged, so that it is
// written as !!binary.
func stringNode(s string, quote bool) *yaml.Node {
	n := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s}
	if !utf8.ValidString(s) {
		n.Tag = ""
	} else if quote {
		n.Style = yaml.DoubleQuotedStyle
	}
	return n
}

func plainNode(text string) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Value: text}
}

// floatText writes a float as YAML: shortest form, .inf and .nan for the
// non-finite values.
func floatText(x float64) string {
	switch {
	case math.IsInf(x, 1):
		return ".inf"
	case math.IsInf(x, -1):
		return "-.inf"
	case math.IsNaN(x):
		return ".nan"
	}
	return formatFloat(x)
}
