package cli

import (
	"context"
	"io"
)

func slurmCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return usageErr("slurm: not yet")
}
