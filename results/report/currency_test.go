package report

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// TestCurrencyNamed: with a scenario currency, the table's money metrics
// say it after their label, and nothing else does; without one, no label
// names a currency.
func TestCurrencyNamed(t *testing.T) {
	in := testInput(t)
	require.NotContains(t, render(t, in), "(EUR)")
	in.Currency = "EUR"
	html := render(t, in)
	require.Contains(t, html, "revenue (EUR)")
	require.Contains(t, html, "cost per won deal (EUR)")
	require.NotContains(t, html, "hand-offs to sales (EUR)")
}
