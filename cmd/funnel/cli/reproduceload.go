package cli

import (
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"funnellab/experiment"
	"funnellab/internal/userfile"
	"funnellab/scenarios"
)

// worldName is the embedded scenario that --world replaces: the world the
// finding scenarios extend (directly, or through default).
const worldName = "world"

// findingInput is a finding scenario funnel reproduce runs: an embedded
// one ("findings/NAME") or a file, with the bytes it is read from.
type findingInput struct {
	name   string // "findings/NAME", or the file's path
	source string // as scenarios.Parse names it: "embedded:findings/NAME.yaml" or the path
	data   []byte
}

// reproduceOptions are what every finding scenario of a reproduce run is
// read with.
type reproduceOptions struct {
	sets      []string
	parents   scenarios.Parents // --world
	reps      int               // 0: each scenario's
	seed      uint64
	seedGiven bool
}

// findingInputs resolves the scenario arguments: all embedded finding
// scenarios if none; else each argument that names an embedded finding
// scenario ("NAME" or "findings/NAME") and is no file, that one; else a
// path to a finding scenario file.
func findingInputs(args []string) ([]findingInput, error) {
	known := scenarios.FindingNames()
	if len(args) == 0 {
		args = known
	}
	var out []findingInput
	for _, a := range args {
		n := a
		if !strings.HasPrefix(n, scenarios.FindingsDir+"/") {
			n = scenarios.FindingsDir + "/" + n
		}
		switch {
		case slices.Contains(known, n) && !isFile(a):
			data, err := scenarios.Embedded(n)
			if err != nil {
				return nil, err
			}
			out = append(out, findingInput{name: n, source: "embedded:" + n + ".yaml", data: data})
		case isFile(a) || strings.HasSuffix(a, ".yaml") || strings.HasSuffix(a, ".yml") || strings.ContainsRune(a, os.PathSeparator):
			data, err := userfile.ReadFile(a, "scenario file", scenarios.MaxFileBytes)
			if errors.Is(err, os.ErrNotExist) {
				return nil, usageErr("reproduce: finding scenario file %s does not exist", a)
			}
			if err != nil {
				return nil, asUsage(fmt.Errorf("reproduce: %w", err))
			}
			out = append(out, findingInput{name: a, source: a, data: data})
		default:
			return nil, usageErr("reproduce: no finding scenario %q (a file, or one of the embedded finding scenarios: %s)", a, strings.Join(known, ", "))
		}
	}
	return out, nil
}

// readWorld reads the --world file and checks it alone, so that its
// errors name it; the empty path gives no replacement.
func readWorld(path string) (scenarios.Parents, error) {
	if path == "" {
		return nil, nil
	}
	data, err := userfile.ReadFile(path, "world file", scenarios.MaxFileBytes)
	if errors.Is(err, os.ErrNotExist) {
		return nil, usageErr("reproduce: --world: file %s does not exist", path)
	}
	if err != nil {
		return nil, asUsage(fmt.Errorf("reproduce: --world: %w", err))
	}
	if _, err := scenarios.Parse(path, data, nil); err != nil {
		return nil, asUsage(fmt.Errorf("reproduce: --world: invalid scenario:\n%w", err))
	}
	return scenarios.Parents{worldName: data}, nil
}

// load resolves in with the options and extra --set arguments (appended
// to the options'), applies --reps and --seed, and checks its calibrated
// keys. Errors name the scenario and are usage errors.
func (o reproduceOptions) load(in findingInput, extra []string) (*scenarios.Resolved, error) {
	sets := append(append([]string(nil), o.sets...), extra...)
	res, err := scenarios.ParseWith(in.source, in.data, sets, o.parents)
	if err != nil {
		return nil, asUsage(fmt.Errorf("reproduce: %s: invalid scenario:\n%w", in.name, err))
	}
	if o.reps > 0 {
		res.Scenario.Replications = o.reps
	}
	if o.seedGiven {
		res.Scenario.Seed = o.seed
	}
	if _, err := calibratedKeys(res.Scenario); err != nil {
		return nil, asUsage(fmt.Errorf("reproduce: %s: %w", in.name, err))
	}
	return res, nil
}

// calibratedKeys resolves the scenario's calibrated keys to index paths
// (policies.objective.x → policies.3.x), each a numeric key.
func calibratedKeys(sc scenarios.Scenario) ([]string, error) {
	var out []string
	for i, k := range sc.Calibrated {
		p, err := experiment.ResolveKey(sc, k)
		if err == nil {
			_, _, _, _, err = scenarios.NumberAt(sc, p)
		}
		if err != nil {
			return nil, fmt.Errorf("calibrated.%d: %v; expected the dotted path of a numeric key of the scenario", i, err)
		}
		out = append(out, p)
	}
	return out, nil
}

// extendsWorld reports whether data's chain of extends reaches the
// embedded world (through embedded scenarios), so that --world changes
// it.
func extendsWorld(data []byte) bool {
	for range scenarios.MaxExtendsDepth + 1 {
		var top struct {
			Extends string `yaml:"extends"`
		}
		if yaml.Unmarshal(data, &top) != nil || top.Extends == "" {
			return false
		}
		name := strings.TrimSuffix(top.Extends, ".yaml")
		if name == worldName {
			return true
		}
		var err error
		if data, err = scenarios.Embedded(name); err != nil {
			return false
		}
	}
	return false
}
