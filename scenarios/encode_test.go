package scenarios

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestPlainTextNeedsNoCheck: MarshalYAML skips its decoding check when
// every string of the scenario is plainText. For that to be sound, a
// plainText string must come back the same from yaml.v3's own choice of
// style, and the strings that do not (the reason for the check) must not
// be plainText. Each string is put in the description and the name of a
// policy and marshalled without quoting.
func TestPlainTextNeedsNoCheck(t *testing.T) {
	long := strings.TrimSpace(strings.Repeat("word and: #hash - dash ", 12)) // folded past yaml.v3's 80 columns
	plain := []string{
		"reference", "a b", "null", "~", "true", "yes", "1e3", "0x10", ".inf", "-", "- a", "a: b", "a #b", "#c",
		"key: value # comment", "'quoted'", `"dq"`, "[a, b]", "{a: b}", "*alias", "&anchor", "!tag", "%x", "@x", "`x`",
		"", "a  b", "fit × interest → SQL, 30 %", "é", long, strings.Repeat("x", 300),
	}
	unsafe := []string{"\nleading newline", "trailing\n", "two\nlines", "tab\there", " leading", "trailing ",
		"line\u2028sep", "bom\ufeff", "nel\u0085", "del\x7f", "bell\x07", string([]byte{0xff, 0xfe})}
	for _, s := range plain {
		if !assert.True(t, plainText(s), "%q", s) {
			continue
		}
		sc := expectedReference()
		sc.Description = s
		sc.Policies[0].Name = s
		out, isPlain, err := encodeYAML(sc, false)
		require.NoError(t, err)
		require.True(t, isPlain, "%q", s)
		assert.True(t, decodesTo(out, sc), "%q does not read back the same, unquoted:\n%s", s, out)
	}
	for _, s := range unsafe {
		assert.False(t, plainText(s), "%q", s)
		sc := expectedReference()
		sc.Description = s
		_, isPlain, err := encodeYAML(sc, false)
		require.NoError(t, err)
		assert.False(t, isPlain, "%q", s)
		out, err := MarshalYAML(sc) // checked, and quoted where needed
		require.NoError(t, err)
		assert.True(t, decodesTo(out, sc), "%q:\n%s", s, out)
	}
}
