package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"math"

	"funnellab/calibration"
	"funnellab/crmexport"
	"funnellab/findings"
	"funnellab/internal/userfile"
	"funnellab/scenarios"
	"funnellab/sim/funnel"
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
	b, err := userfile.ReadFile(path, "targets file", 16<<20)
	if err != nil {
		return nil, usageErr("calibrate: --targets: %v", err)
	}
	var f targetsFile
	if err := json.Unmarshal(b, &f); err != nil {
		return nil, usageErr("calibrate: --targets %s: not a targets file: %v (expected {\"targets\": [{\"quantity\": ..., \"value\": ...}]}, as funnel import writes)", path, err)
	}
	if len(f.Targets) == 0 {
		var d distributionsFile
		if json.Unmarshal(b, &d) != nil || len(d.Distributions) == 0 {
			return nil, usageErr("calibrate: --targets %s: no targets (expected a \"targets\" or \"distributions\" list)", path)
		}
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

// calibDist is a distribution of targets.json fitted with a distance.
type calibDist struct {
	name, outcome string
	fromInquiry   bool
	q             calibration.Quantiles
}

// distributionsFile is the part of targets.json with the distributions.
type distributionsFile struct {
	Distributions []struct {
		Name          string    `json:"name"`
		Outcome       string    `json:"outcome"`
		From          string    `json:"from"`
		Probabilities []float64 `json:"probabilities"`
		Quantiles     []float64 `json:"quantiles"`
	} `json:"distributions"`
}

// loadDistributions reads the distributions of a targets.json.
func loadDistributions(path string) ([]calibDist, error) {
	b, err := userfile.ReadFile(path, "targets file", 16<<20)
	if err != nil {
		return nil, usageErr("calibrate: --targets: %v", err)
	}
	var f distributionsFile
	if err := json.Unmarshal(b, &f); err != nil {
		return nil, usageErr("calibrate: --targets %s: %v", path, err)
	}
	var out []calibDist
	for i, d := range f.Distributions {
		if d.Outcome != "won" && d.Outcome != "lost" && d.Outcome != "no_decision" {
			return nil, usageErr("calibrate: --targets %s: distributions[%d].outcome %q: expected won, lost or no_decision", path, i, d.Outcome)
		}
		if d.From != "opportunity" && d.From != "inquiry" {
			return nil, usageErr("calibrate: --targets %s: distributions[%d].from %q: expected opportunity or inquiry", path, i, d.From)
		}
		q := calibration.Quantiles{P: d.Probabilities, Q: d.Quantiles}
		if math.IsNaN(calibration.KS(q, []float64{1})) {
			return nil, usageErr("calibrate: --targets %s: distributions[%d]: expected probabilities increasing in (0,1) and as many non-decreasing quantiles", path, i)
		}
		out = append(out, calibDist{name: d.Name, outcome: d.Outcome, fromInquiry: d.From == "inquiry", q: q})
	}
	return out, nil
}

// distanceTerms simulates the scenario's replications under its first
// policy as CRM records (crmexport) and returns each distribution's
// distance to the simulated days, and its term of the loss: with
// wasserstein, the distance over the target's median, squared (a
// relative error, as the scalar targets'); with ks, the distance squared.
func distanceTerms(ctx context.Context, sc scenarios.Scenario, dists []calibDist, distance string) (dist, terms []float64, err error) {
	model, err := funnel.Compile(sc)
	if err != nil {
		return nil, nil, err
	}
	days := make([][]float64, len(dists))
	for rep := 0; rep < sc.Replications; rep++ {
		rec, err := crmexport.Record(ctx, model, sc.Name, rep, 0, exportStart)
		if err != nil {
			return nil, nil, err
		}
		for i, d := range dists {
			if d.fromInquiry {
				for _, l := range rec.Leads {
					if n := len(l.Opps); n > 0 {
						if o := rec.Opps[l.Opps[n-1]]; o.Outcome == d.outcome {
							days[i] = append(days[i], (o.Closed-l.Created)/24)
						}
					}
				}
				continue
			}
			for _, o := range rec.Opps {
				if o.Outcome == d.outcome {
					days[i] = append(days[i], (o.Closed-o.Created)/24)
				}
			}
		}
	}
	for i, d := range dists {
		var x, term float64
		if distance == "ks" {
			x = calibration.KS(d.q, days[i])
			term = x * x
		} else {
			x = calibration.Wasserstein1(d.q, days[i])
			med := d.q.Q[len(d.q.Q)/2]
			term = (x / math.Max(med, 1e-9)) * (x / math.Max(med, 1e-9))
		}
		if math.IsNaN(term) {
			term = 1 // no simulated record with the outcome: as far as can be
			if distance != "ks" {
				term = 4
			}
		}
		dist, terms = append(dist, x), append(terms, term)
	}
	return dist, terms, nil
}
