package cli

import (
	"context"
	"io"
)

func mergeSweep(ctx context.Context, out string, dirs []string, workers int, quiet bool, stdout, stderr io.Writer) error {
	return usageErr("merge: sweep shards: not yet")
}
