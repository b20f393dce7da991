// Package scenarios holds the scenario schema of Funnel Lab, the scenarios
// embedded in the binary, and the code that loads, overrides, validates and
// documents scenario files.
//
// # Schema
//
// A scenario is the Scenario struct tree. Its struct tags are the single
// source of the file format: `yaml` gives the key, `unit`, `range` and `doc`
// the unit, allowed values and description used by Validate and Reference
// (which generates docs/scenario.md). Keys are addressed by dotted paths with
// list indexes as numbers, e.g. "marketing.channels.0.rate_per_hour"; these
// paths are the public schema, used by --set and in error messages.
//
// # Loading
//
// LoadFile, LoadEmbedded and Parse all do the same:
//
//  1. parse the bytes as exactly one YAML document into a yaml.Node tree
//     (an empty file or a second document is an error);
//  2. apply each --set "path=value" argument to the tree: the value is YAML
//     (12, lifo, [mon,tue], {dist: fixed, mean: 1}), missing mapping keys
//     are created, a list index equal to the list's length appends an
//     element, an entry of a named list (channels, segments, policies,
//     findings) can be addressed by name, and under extends an index into
//     a named list the file does not give counts the parent's entries;
//  3. walk the tree and the struct together, starting from Default() or
//     the resolved parent (extends): every key must be known at its level,
//     no key may repeat, scalars must have the field's type, list elements
//     start from their SetDefaults (or, in a named list, from the parent's
//     entry of the same name; a mapping of changes edits the parent's list
//     by name: merge.go), a null value keeps the default, aliases resolve
//     to their anchors and merge keys (<<) are rejected; a channel's volume
//     is then read as rate_per_hour (rates.go);
//  4. run Validate: the range tags and the cross-field rules.
//
// The walk is this package's own rather than yaml.v3's struct decoding so
// that unknown keys are caught at every depth and every error can name its
// key path and line.
//
// # Errors
//
// All problems found are returned together as Errors, a list of *FieldError
// sorted by line, one per line of the message:
//
//	reference.yaml:12: sales.reps: got 0, expected an integer in [1,100000]
//	--set sales.reps=0: sales.reps: got 0, expected an integer in [1,100000]
//	reference.yaml: marketing.channels: got no channels, expected at least one
//
// The first form is used for values from the file, the second for values
// from a --set argument, the third when no line is known.
package scenarios
