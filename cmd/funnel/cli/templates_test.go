package cli

import "testing"

// TestTemplatesParse: the pages of the commands other than run are parsed
// on first use (sync.OnceValue), not at the program's start, so that funnel
// run does not pay for them; a template that does not parse must still fail
// a test, not a user's command.
func TestTemplatesParse(t *testing.T) {
	for name, tmpl := range map[string]func(){
		"decomposition": func() { decompositionTmpl() },
		"import":        func() { importTmpl() },
		"sensitivity":   func() { sensReportTmpl() },
		"sweep":         func() { sweepTemplate() },
	} {
		t.Run(name, func(t *testing.T) { tmpl() })
	}
}
