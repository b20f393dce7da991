package scenarios

import (
	"fmt"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// allowedTags are the explicit YAML tags a scenario may use: the standard
// ones of the JSON schema of YAML, and !!binary, in which YAML encoders
// write strings that are not valid UTF-8 (stringValue). Any other tag
// (!!python/object:..., !!timestamp, a local !tag) is refused by name
// rather than taken as a bad value.
var allowedTags = []string{"!!str", "!!int", "!!float", "!!bool", "!!null", "!!map", "!!seq", "!!binary"}

// checkNodes checks the node tree of a document before it is used: every
// explicit tag is one of allowedTags and every mapping key is at most
// MaxKeyBytes long. It returns the first problem in document order, with
// its line and key path, or nil. Aliases are not followed (their anchor is
// checked where it is defined).
func checkNodes(n *yaml.Node) *FieldError {
	return checkNode(n, "")
}

func checkNode(n *yaml.Node, key string) *FieldError {
	if n == nil || n.Kind == yaml.AliasNode {
		return nil
	}
	if fe := checkTag(n, key); fe != nil {
		return fe
	}
	switch n.Kind {
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			kn := n.Content[i]
			if fe := checkNode(kn, key); fe != nil {
				return fe
			}
			name := ""
			if kn.Kind == yaml.ScalarNode {
				if len(kn.Value) > MaxKeyBytes {
					return keyTooLong(kn.Line, key, len(kn.Value))
				}
				name = kn.Value
			}
			if fe := checkNode(n.Content[i+1], joinKey(key, name)); fe != nil {
				return fe
			}
		}
	case yaml.SequenceNode, yaml.DocumentNode:
		for i, c := range n.Content {
			child := key
			if n.Kind == yaml.SequenceNode {
				child = joinKey(key, strconv.Itoa(i))
			}
			if fe := checkNode(c, child); fe != nil {
				return fe
			}
		}
	}
	return nil
}

// checkTag refuses an explicit tag that is not one of allowedTags.
func checkTag(n *yaml.Node, key string) *FieldError {
	if n.Style&yaml.TaggedStyle == 0 {
		return nil
	}
	tag := n.ShortTag()
	for _, t := range allowedTags {
		if tag == t {
			return nil
		}
	}
	return &FieldError{Line: n.Line, Key: key,
		Msg: fmt.Sprintf("unsupported tag %s; expected no tag or one of %s", shorten(tag), strings.Join(allowedTags, " "))}
}

// keyTooLong is the error about a key of n bytes on line, in the mapping
// at key.
func keyTooLong(line int, key string, n int) *FieldError {
	return &FieldError{Line: line, Key: key,
		Msg: fmt.Sprintf("key too long: %d bytes, expected at most %d", n, MaxKeyBytes)}
}

// yamlMaxSimpleKey is the longest implicit key yaml.v3 scans; a longer one
// makes it report "could not find expected ':'" (or, quoted, "mapping
// values are not allowed in this context") instead.
const yamlMaxSimpleKey = 1024

// longKeyLine returns the first line of data that starts with a key (after
// indentation and "- " or "? " indicators) longer than yamlMaxSimpleKey,
// with the key's length, or 0. It is used only to explain a syntax error,
// so a line of text that merely looks like a long key can at worst change
// the message of a file that is invalid anyway.
func longKeyLine(data []byte) (line, n int) {
	for i, l := range strings.Split(string(data), "\n") {
		if k := keyLength(l); k > yamlMaxSimpleKey {
			return i + 1, k
		}
	}
	return 0, 0
}

// keyLength returns the length of the key line l starts with, or 0 if it
// does not look like a "key: value" line.
func keyLength(l string) int {
	s := strings.TrimLeft(l, " ")
	for strings.HasPrefix(s, "- ") || strings.HasPrefix(s, "? ") {
		s = strings.TrimLeft(s[2:], " ")
	}
	end := 0
	if s != "" && (s[0] == '"' || s[0] == '\'') {
		q := strings.IndexByte(s[1:], s[0])
		if q < 0 {
			return 0
		}
		end = q + 2
	}
	c := strings.Index(s[end:], ": ")
	if c < 0 {
		if !strings.HasSuffix(strings.TrimRight(s, " \r"), ":") {
			return 0
		}
		c = len(strings.TrimRight(s, " \r")) - 1 - end
	}
	return end + c
}
