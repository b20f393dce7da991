// Package cli implements the funnel command: argument parsing, running a
// scenario, printing its table and writing its result files. The main
// package only wires signals and the process exit code to [Main], so
// everything here is callable from tests.
//
// Exit codes:
//
//	0   success
//	1   the run failed (I/O error, internal error)
//	2   bad usage or bad input: unknown flag or command, invalid scenario,
//	    malformed check
//	3   the run completed but at least one check failed; funnel select
//	    found no alternative that satisfies its --subject-to constraints
//	    (selection.json is written, with "best": null)
//	4   funnel calibrate missed a target beyond its tolerance (the closest
//	    fit is written)
//	130 interrupted (Ctrl-C or SIGTERM); the replications complete under
//	    every policy are written, with "complete": false in manifest.json
package cli
