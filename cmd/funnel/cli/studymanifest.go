package cli

import (
	"bytes"
	"path/filepath"
	"strings"
	"time"

	"funnellab/results"
	"funnellab/scenarios"
)

// studyManifest is manifest.json of the instruments' folders (funnel
// sweep, sensitivity, decompose and select): how the study was made, so
// that it can be rerun. The study's own files (its design, seeds and
// replications) say what it found; the command line here reruns it, into
// a fresh --out, to the same bytes.
type studyManifest struct {
	Program   string `json:"program"`
	Version   string `json:"version"`
	GoVersion string `json:"go_version"`
	// Command reruns the study (its arguments as given, without --out).
	Command string `json:"command"`
	// ScenarioSource is the scenario file's absolute path or
	// "embedded:NAME.yaml", ScenarioSHA256 the digest of its bytes.
	ScenarioSource string    `json:"scenario_source"`
	ScenarioSHA256 string    `json:"scenario_sha256"`
	Start          time.Time `json:"start"`
	End            time.Time `json:"end"`
	WallSeconds    float64   `json:"wall_seconds"`
	// SweepShard is the jobs a shard of a sweep holds (funnel sweep
	// --shard; omitted otherwise), Shards the shards funnel merge put
	// together into this study (omitted otherwise).
	SweepShard *studyShard   `json:"sweep_shard,omitempty"`
	Shards     []mergedShard `json:"shards,omitempty"`
	// SensitivityShard is the jobs a shard of a sensitivity analysis
	// holds (funnel sensitivity --shard; omitted otherwise).
	SensitivityShard *studyShard `json:"sensitivity_shard,omitempty"`
	// SelectShard is the first-stage jobs a shard of funnel select holds
	// (funnel select --shard; omitted otherwise).
	SelectShard *studyShard `json:"select_shard,omitempty"`
}

// newStudyManifest is manifest.json of a study by command (sweep, ...)
// with the arguments args, on the scenario res, started at start.
// The edits, if any, fill the fields of the study's kind.
func newStudyManifest(command string, args []string, res *scenarios.Resolved, start time.Time, edits ...func(*studyManifest)) ([]byte, error) {
	parts := []string{"funnel", command}
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--out" || a == "-out" {
			i++ // and its value
			continue
		}
		if strings.HasPrefix(a, "--out=") {
			continue
		}
		parts = append(parts, shellQuote(a))
	}
	end := time.Now()
	m := studyManifest{Program: "funnel", Version: Version, GoVersion: goVersion(), Command: strings.Join(parts, " "),
		ScenarioSource: res.Source, ScenarioSHA256: res.SHA256, Start: start.UTC(), End: end.UTC(), WallSeconds: end.Sub(start).Seconds()}
	for _, e := range edits {
		e(&m)
	}
	if !strings.HasPrefix(m.ScenarioSource, "embedded:") {
		if abs, err := filepath.Abs(m.ScenarioSource); err == nil {
			m.ScenarioSource = abs
		}
	}
	var b bytes.Buffer
	if err := results.WriteJSON(&b, m); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
