package cli

import (
	"encoding/json"
	"fmt"
	"math"
	"os"

	"funnellab/findings"
)

// targetsFile is the part of funnel import's targets.json that funnel
// calibrate --targets reads: quantities of the model and their values.
type targetsFile struct {
	Targets []struct {
		Quantity string   `json:"quantity"`
		Value    *float64 `json:"value"`
	} `json:"targets"`
}

// loadTargetsFile reads the targets of a targets.json (funnel import):
// every entry must name a known quantity and give a number.
func loadTargetsFile(path string) ([]calibTarget, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, usageErr("calibrate: --targets: %v", err)
	}
	var f targetsFile
	if err := json.Unmarshal(b, &f); err != nil {
		return nil, usageErr("calibrate: --targets %s: not a targets file: %v (expected {\"targets\": [{\"quantity\": ..., \"value\": ...}]}, as funnel import writes)", path, err)
	}
	if len(f.Targets) == 0 {
		return nil, usageErr("calibrate: --targets %s: no targets (expected a \"targets\" list)", path)
	}
	var out []calibTarget
	for i, t := range f.Targets {
		if _, err := findings.Lookup(t.Quantity); err != nil {
			return nil, usageErr("calibrate: --targets %s: targets[%d].quantity %q: %v", path, i, t.Quantity, err)
		}
		if t.Value == nil || math.IsNaN(*t.Value) || math.IsInf(*t.Value, 0) {
			return nil, usageErr("calibrate: --targets %s: targets[%d].value: expected a number", path, i)
		}
		out = append(out, calibTarget{t.Quantity, *t.Value})
	}
	if len(out) > 64 {
		return nil, fmt.Errorf("calibrate: --targets %s: %d targets, expected at most 64", path, len(out))
	}
	return out, nil
}
