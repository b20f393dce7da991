//go:build !linux || !(amd64 || arm64)

package results

// renameNoReplace renames the directory oldpath to newpath unless newpath
// exists; see reserveRename.
func renameNoReplace(oldpath, newpath string) error { return reserveRename(oldpath, newpath) }
