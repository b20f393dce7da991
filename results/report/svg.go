package report

import (
	"fmt"
	"strings"
)

// inlineSVG returns an SVG document ready to be placed inside HTML: the
// XML declaration, processing instructions, comments and any document type
// declaration before the root element are removed, so the text starts at
// "<svg". It returns an error if no <svg> root element follows them.
func inlineSVG(doc []byte) (string, error) {
	s := strings.TrimPrefix(string(doc), "\ufeff") // byte order mark
	for {
		s = strings.TrimLeft(s, " \t\r\n")
		var end string
		switch {
		case strings.HasPrefix(s, "<?"):
			end = "?>"
		case strings.HasPrefix(s, "<!--"):
			end = "-->"
		case strings.HasPrefix(s, "<!"): // <!DOCTYPE svg ... [internal subset]>
			i := strings.IndexAny(s, "[>")
			if i >= 0 && s[i] == '[' {
				if j := strings.Index(s[i:], "]"); j >= 0 {
					i += j
				}
			}
			if j := strings.IndexByte(s[max(i, 0):], '>'); i >= 0 && j >= 0 {
				s = s[i+j+1:]
				continue
			}
			return "", fmt.Errorf("unterminated document type declaration")
		case strings.HasPrefix(s, "<svg") && len(s) > 4 && strings.ContainsRune(" \t\r\n>/", rune(s[4])):
			return strings.TrimRight(s, " \t\r\n"), nil
		default:
			return "", fmt.Errorf("not an SVG document: expected an <svg> root element")
		}
		i := strings.Index(s, end)
		if i < 0 {
			return "", fmt.Errorf("unterminated %q", s[:min(len(s), 4)])
		}
		s = s[i+len(end):]
	}
}
