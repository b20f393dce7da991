package results

import (
	"os"
	"syscall"
)

// reserveRename renames the directory oldpath to newpath unless newpath
// exists, where the system has no rename that refuses to replace: it
// reserves newpath with a Mkdir, which only one process can win, then
// renames oldpath over the empty reserved directory (os.Rename refuses
// to, the rename system call does not). For that instant newpath is an
// empty folder.
func reserveRename(oldpath, newpath string) error {
	if err := os.Mkdir(newpath, 0o755); err != nil {
		return err
	}
	if err := syscall.Rename(oldpath, newpath); err != nil {
		os.Remove(newpath)
		return &os.LinkError{Op: "rename", Old: oldpath, New: newpath, Err: err}
	}
	return nil
}
