package scenarios

import "fmt"

// MaxTokens bounds the YAML nodes a scenario file may hold, counted before
// the file is parsed: the parser builds its whole node tree before the list
// limits can be checked, at about 170 bytes a node, so a 16 MiB file of
// one-character list items ([0,0,0,...]) would cost some 1.4 GB first. A
// node needs at least one of the bytes , - : [ { or a line break around it,
// so their count bounds the nodes from above; 500,000 of them bound the
// parse to well under 100 MB. The embedded scenarios have under 2,000.
const MaxTokens = 500_000

// checkTokens refuses data with more structural bytes than MaxTokens,
// naming the line where the count passed it.
func checkTokens(data []byte) *FieldError {
	n, line := 0, 1
	for _, b := range data {
		switch b {
		case '\n':
			line++
			n++
		case ',', '-', ':', '[', '{':
			n++
		default:
			continue
		}
		if n > MaxTokens {
			return &FieldError{Line: line, Msg: fmt.Sprintf(
				"the file holds more than %d YAML entries (list items, keys or lines) by here, the most a scenario file may hold; see docs/reliability.md", MaxTokens)}
		}
	}
	return nil
}
