package scenarios

import (
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestNameCharsIsNamePattern: checkName tests names with nameChars and a
// length bound instead of the schema's regexp, namePattern; the two must
// accept the same names, for every byte and at the bounds of the length.
func TestNameCharsIsNamePattern(t *testing.T) {
	re := regexp.MustCompile(namePattern)
	valid := func(s string) bool { return s != "" && len(s) <= MaxNameBytes && nameChars(s) }
	names := []string{"", "a", ".", "..", "a.b_c-D9", strings.Repeat("x", MaxNameBytes), strings.Repeat("x", MaxNameBytes+1),
		"a b", "a/b", "é", "a\n", "\x00"}
	for c := 0; c < 256; c++ {
		names = append(names, string([]byte{byte(c)}), "ok"+string([]byte{byte(c)})+"ok")
	}
	for _, s := range names {
		assert.Equal(t, re.MatchString(s), valid(s), "%q", s)
	}
}
