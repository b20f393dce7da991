package cli

// Limits on the files of a run folder that funnel plot reads back (the
// scenario file's and the scenario's own limits are in scenarios/limits.go;
// all are listed in docs/reliability.md). A file that is not a regular
// file, or larger, is refused with exit code 2 before it is read.
const (
	// maxRunCSVBytes bounds replications.csv and detail.csv (16 GiB).
	// detail.csv takes about 15 kB per replication and policy, so the
	// largest run (100,000 replications) of 10 policies stays below it;
	// the table read from it takes about a fifth of its size in memory.
	maxRunCSVBytes = 16 << 30
	// maxManifestBytes bounds manifest.json (64 MiB), which is read whole:
	// it holds the resolved scenario, whose file is at most 16 MiB.
	maxManifestBytes = 64 << 20
)
