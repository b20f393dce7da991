//go:build linux && (amd64 || arm64)

package results

import (
	"errors"
	"os"
	"syscall"
	"unsafe"
)

// renameNoReplace renames the directory oldpath to newpath unless newpath
// exists, in one step: Linux's renameat2 with RENAME_NOREPLACE, so that
// newpath never shows anything but the complete directory. On a file
// system without it, it falls back to reserveRename.
func renameNoReplace(oldpath, newpath string) error {
	const renameNoReplaceFlag = 1 // RENAME_NOREPLACE
	o, err := syscall.BytePtrFromString(oldpath)
	if err != nil {
		return err
	}
	n, err := syscall.BytePtrFromString(newpath)
	if err != nil {
		return err
	}
	atFDCWD := -100 // AT_FDCWD
	_, _, errno := syscall.Syscall6(sysRenameat2,
		uintptr(atFDCWD), uintptr(unsafe.Pointer(o)),
		uintptr(atFDCWD), uintptr(unsafe.Pointer(n)), renameNoReplaceFlag, 0)
	switch {
	case errno == 0:
		return nil
	case errno == syscall.EEXIST || errno == syscall.ENOTEMPTY:
		return &os.LinkError{Op: "rename", Old: oldpath, New: newpath, Err: os.ErrExist}
	case errno == syscall.ENOSYS || errno == syscall.EINVAL:
		return reserveRename(oldpath, newpath)
	}
	return &os.LinkError{Op: "rename", Old: oldpath, New: newpath, Err: errors.Join(errno)}
}
