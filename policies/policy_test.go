package policies

import (
	"testing"

	"github.com/stretchr/testify/require"

	"funnellab/scenarios"
)

func TestCompile(t *testing.T) {
	for _, tc := range []struct {
		in      scenarios.Policy
		want    Policy
		wantErr string
	}{
		{scenarios.Policy{Name: "d", Kind: "direct", Queue: "fifo"}, Policy{Name: "d", Kind: Direct, Queue: FIFO}, ""},
		{scenarios.Policy{Name: "l", Kind: "direct", Queue: "lifo"}, Policy{Name: "l", Kind: Direct, Queue: LIFO}, ""},
		{scenarios.Policy{Name: "x", Kind: "waterfall", Queue: "fifo"}, Policy{}, `unknown kind "waterfall"`},
		{scenarios.Policy{Name: "y", Kind: "direct", Queue: "random"}, Policy{}, `unknown queue "random"`},
	} {
		got, err := Compile(tc.in)
		if tc.wantErr != "" {
			require.ErrorContains(t, err, tc.wantErr)
			continue
		}
		require.NoError(t, err)
		require.Equal(t, tc.want, got)
		require.Equal(t, tc.in.Kind, got.Kind.String())
		require.Equal(t, tc.in.Queue, got.Queue.String())
	}
}
