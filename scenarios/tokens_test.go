package scenarios

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestTokenLimit: a file of millions of tiny list items, under the file
// size limit, is refused before it is parsed, with a line; every embedded
// scenario is far below the limit.
func TestTokenLimit(t *testing.T) {
	data := "name: x\nchecks: [" + strings.Repeat("0,", MaxTokens) + "0]\n"
	_, err := Parse("many.yaml", []byte(data), nil)
	require.Error(t, err)
	require.Contains(t, err.Error(), "many.yaml:2")
	require.Contains(t, err.Error(), "more than 500000 YAML entries")
	for _, name := range Names() {
		data, err := embedded.ReadFile(name + ".yaml")
		if err != nil {
			continue
		}
		require.Nil(t, checkTokens(data), name)
		require.Less(t, strings.Count(string(data), "\n"), MaxTokens/100, name)
	}
}
