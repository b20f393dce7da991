package cli

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"time"

	"funnellab/results"
)

// importManifest is manifest.json of funnel import: how the folder was
// made, so that it can be rerun: the command line (without --out), the
// files read with their SHA-256, and the times. The other files are the
// same bytes on a rerun of the same files.
type importManifest struct {
	Program     string      `json:"program"`
	Version     string      `json:"version"`
	GoVersion   string      `json:"go_version"`
	Command     string      `json:"command"`
	Inputs      []inputFile `json:"inputs"`
	Start       time.Time   `json:"start"`
	End         time.Time   `json:"end"`
	WallSeconds float64     `json:"wall_seconds"`
}

type inputFile struct {
	Path   string `json:"path"`
	SHA256 string `json:"sha256"`
}

// newImportManifest is manifest.json of an import with the arguments args
// that read files, started at start.
func newImportManifest(args, files []string, start time.Time) ([]byte, error) {
	parts := []string{"funnel", "import"}
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--out" {
			i++
			continue
		}
		if strings.HasPrefix(a, "--out=") {
			continue
		}
		parts = append(parts, shellQuote(a))
	}
	end := time.Now()
	m := importManifest{Program: "funnel", Version: Version, GoVersion: goVersion(), Command: strings.Join(parts, " "),
		Start: start.UTC(), End: end.UTC(), WallSeconds: end.Sub(start).Seconds()}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		sum := sha256.Sum256(b)
		abs, err := filepath.Abs(f)
		if err != nil {
			abs = f
		}
		m.Inputs = append(m.Inputs, inputFile{abs, hex.EncodeToString(sum[:])})
	}
	var b bytes.Buffer
	if err := results.WriteJSON(&b, m); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
