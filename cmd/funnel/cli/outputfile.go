package cli

import (
	"os"
	"path/filepath"
)

// freshOutputFile checks, before any work, that a result can be written
// to path: the file does not exist and its folder does. A command that
// would learn otherwise only after an hour of simulation loses that hour.
func freshOutputFile(path, flag string) error {
	if _, err := os.Stat(path); err == nil {
		return usageErr("calibrate: %s already exists; choose another %s", path, flag)
	}
	dir := filepath.Dir(path)
	fi, err := os.Stat(dir)
	if err != nil {
		return usageErr("calibrate: %s: the folder %s does not exist; expected an existing folder (create it first)", flag, dir)
	}
	if !fi.IsDir() {
		return usageErr("calibrate: %s: %s is not a folder", flag, dir)
	}
	return nil
}
