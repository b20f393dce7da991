package scenarios

import (
	"bytes"
	"math"
	"reflect"
	"strconv"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// MarshalYAML writes a scenario in its resolved form: every key, in struct
// order, two-space indented, lists of scalars on one line. Parse reads it
// back to the same Scenario.
//
// yaml.v3 writes some multi-line strings as block scalars that do not read
// back the same (a leading newline, for example); when the output does not
// decode to s, strings are written double-quoted instead.
func MarshalYAML(s Scenario) ([]byte, error) {
	out, err := encodeYAML(s, false)
	if err != nil || decodesTo(out, s) {
		return out, err
	}
	return encodeYAML(s, true)
}

func encodeYAML(s Scenario, quoteStrings bool) ([]byte, error) {
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(encodeValue(reflect.ValueOf(s), quoteStrings)); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
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

// encodeValue builds the yaml.Node of a value of the schema.
func encodeValue(v reflect.Value, quoteStrings bool) *yaml.Node {
	switch v.Kind() {
	case reflect.Struct:
		n := &yaml.Node{Kind: yaml.MappingNode}
		t := v.Type()
		for i := 0; i < t.NumField(); i++ {
			if key := yamlKey(t.Field(i)); key != "" && !(omitEmpty(t.Field(i)) && v.Field(i).IsZero()) {
				n.Content = append(n.Content,
					&yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: key},
					encodeValue(v.Field(i), quoteStrings))
			}
		}
		return n
	case reflect.Slice:
		n := &yaml.Node{Kind: yaml.SequenceNode}
		if v.Type().Elem().Kind() != reflect.Struct {
			n.Style = yaml.FlowStyle
		}
		for i := 0; i < v.Len(); i++ {
			n.Content = append(n.Content, encodeValue(v.Index(i), quoteStrings))
		}
		return n
	case reflect.String:
		return stringNode(v.String(), quoteStrings)
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
