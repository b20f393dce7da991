package scenarios

import (
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strings"
)

// DefaultName is the name of the embedded scenario used when none is given.
const DefaultName = "default"

// WorldName is the name of the embedded world: the one behavioural
// parameter set the default company and every finding scenario extend
// (docs/findings.md). It is a complete scenario, every key given.
const WorldName = "world"

//go:embed *.yaml findings/*.yaml
var embedded embed.FS

// FindingsDir is the folder of the embedded finding scenarios: their
// names are "findings/NAME".
const FindingsDir = "findings"

// FindingNames returns the sorted names of the embedded finding scenarios,
// as "findings/NAME".
func FindingNames() []string {
	entries, err := fs.ReadDir(embedded, FindingsDir)
	if err != nil {
		return nil
	}
	var names []string
	for _, e := range entries {
		if name, ok := strings.CutSuffix(e.Name(), ".yaml"); ok && !e.IsDir() {
			names = append(names, FindingsDir+"/"+name)
		}
	}
	sort.Strings(names)
	return names
}

// Names returns the sorted names of the embedded scenarios, without ".yaml".
func Names() []string {
	entries, err := fs.ReadDir(embedded, ".")
	if err != nil {
		return nil
	}
	var names []string
	for _, e := range entries {
		if name, ok := strings.CutSuffix(e.Name(), ".yaml"); ok && !e.IsDir() {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	return names
}

// Embedded returns the bytes of the embedded scenario name (with or without
// ".yaml"). An unknown name is an error that lists the available names.
func Embedded(name string) ([]byte, error) {
	base := strings.TrimSuffix(name, ".yaml")
	for _, n := range Names() {
		if n == base {
			return embedded.ReadFile(n + ".yaml")
		}
	}
	for _, n := range FindingNames() {
		if n == base {
			return embedded.ReadFile(n + ".yaml")
		}
	}
	return nil, fmt.Errorf("unknown embedded scenario %q; available: %s (and the findings: %s)", name,
		strings.Join(Names(), ", "), strings.Join(FindingNames(), ", "))
}
