//go:build !unix

package results

// processAlive cannot check processes here: it says every one runs, so
// that no temporary directory is removed by mistake.
func processAlive(int) bool { return true }
