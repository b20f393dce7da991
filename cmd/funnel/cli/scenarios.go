package cli

import (
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"

	"funnellab/scenarios"
)

// summaryWidth is the longest summary of a description that funnel
// scenarios prints on a line; longer first sentences are cut at a word.
const summaryWidth = 80

// scenariosCmd lists the embedded scenarios, one per line: the name, then
// the first sentence of its description (cut to summaryWidth characters);
// the finding scenarios (funnel reproduce) come last, as findings/NAME.
func scenariosCmd(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("scenarios", "scenarios\n\nLists the embedded scenarios, each with the first sentence of its description;\n"+
		"run one with 'funnel run NAME', see its resolved form with 'funnel validate NAME'.", stderr)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return usageErr("scenarios: expected no arguments, got %s", strings.Join(fs.Args(), " "))
	}
	names := append(scenarios.Names(), scenarios.FindingNames()...) // the findings last, as findings/NAME
	width := 0
	for _, n := range names {
		width = max(width, len(n))
	}
	for _, n := range names {
		r, err := scenarios.LoadEmbedded(n, nil)
		if err != nil {
			return fmt.Errorf("embedded scenario %s: %w", n, err)
		}
		fmt.Fprintf(stdout, "%-*s  %s\n", width, n, summary(r.Scenario.Description, summaryWidth))
	}
	return nil
}

// summary returns the first sentence of a description (up to a '.', '!'
// or '?' followed by a space and an upper-case letter, or the end), with
// its white space collapsed; if it is longer than width characters, it is
// cut at a word boundary and ends with "…", width characters at most.
func summary(desc string, width int) string {
	s := strings.Join(strings.Fields(desc), " ")
	for i, r := range s {
		if r != '.' && r != '!' && r != '?' {
			continue
		}
		rest := s[i+1:]
		if len(rest) >= 2 && rest[0] == ' ' {
			if next, _ := utf8.DecodeRuneInString(rest[1:]); unicode.IsUpper(next) {
				s = s[:i+1]
				break
			}
		}
	}
	if utf8.RuneCountInString(s) <= width {
		return s
	}
	head := string([]rune(s)[:max(width-1, 0)]) // room for the "…"
	if cut := strings.LastIndexByte(head, ' '); cut > 0 {
		head = strings.TrimRight(head[:cut], " ,;:")
	}
	return head + "…"
}
