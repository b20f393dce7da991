// Package userfile reads files named on the command line (scenario files,
// a run folder's CSV and JSON files) within a size limit and only if they
// are regular files, so that /dev/zero, a named pipe nobody writes to or a
// file that keeps growing gives an error naming the file instead of a hang
// or an out-of-memory crash. The limits themselves are set by the callers
// (scenarios.MaxFileBytes, ...) and listed in docs/reliability.md.
package userfile
