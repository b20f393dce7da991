package results

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
)

// WriteJSON writes v to w as JSON indented by two spaces, with a trailing
// newline. It does not escape <, > and & (the files are not for HTML), and
// it writes nothing if v cannot be marshalled.
func WriteJSON(w io.Writer, v any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil { // Encode adds the newline.
		return err
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// WriteDir creates the directory dir holding the given files, mapped from
// file name to contents, so that it appears either complete or not at all.
//
// The files are written into a new temporary directory beside dir, named
// "."+filepath.Base(dir)+".tmp-" and a random suffix, and synced to disk;
// the temporary directory is then renamed to dir and the parent directory
// synced. If anything fails, the temporary directory is removed. A process
// killed before the rename leaves at most the dot-named temporary
// directory.
//
// dir must not exist yet; its parent is created if needed. File names must be
// plain names: not empty, "." or "..", and without a path separator; a bad
// name is rejected before anything is written. dir gets mode 0755 and the
// files mode 0644 less the umask.
//
// The check that dir does not exist and the rename are two steps: if another
// process creates dir in between, the rename fails if that directory is not
// empty and replaces it (on Unix) if it is empty.
func WriteDir(dir string, files map[string][]byte) error {
	names := make([]string, 0, len(files))
	for name := range files {
		if err := checkFileName(name); err != nil {
			return err
		}
		names = append(names, name)
	}
	slices.Sort(names)

	dir = filepath.Clean(dir)
	if _, err := os.Lstat(dir); err == nil {
		return fmt.Errorf("results: output directory %s already exists", dir)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("results: output directory: %w", err)
	}
	parent := filepath.Dir(dir)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return fmt.Errorf("results: output directory: %w", err)
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(dir)+".tmp-*")
	if err != nil {
		return fmt.Errorf("results: output directory: %w", err)
	}
	renamed := false
	defer func() {
		if !renamed {
			os.RemoveAll(tmp)
		}
	}()

	for _, name := range names {
		if err := writeSynced(filepath.Join(tmp, name), files[name], 0o644); err != nil {
			return fmt.Errorf("results: writing %s: %w", name, err)
		}
	}
	// MkdirTemp creates the directory with mode 0700.
	if err := os.Chmod(tmp, 0o755); err != nil {
		return fmt.Errorf("results: output directory: %w", err)
	}
	if err := syncDir(tmp); err != nil {
		return fmt.Errorf("results: syncing output directory: %w", err)
	}
	if _, err := os.Lstat(dir); err == nil { // narrow the window; see above
		return fmt.Errorf("results: output directory %s already exists", dir)
	}
	if err := os.Rename(tmp, dir); err != nil {
		return fmt.Errorf("results: output directory: %w", err)
	}
	renamed = true
	if err := syncDir(parent); err != nil {
		return fmt.Errorf("results: syncing %s: %w", parent, err)
	}
	return nil
}

// checkFileName returns an error unless name is a plain file name.
func checkFileName(name string) error {
	if name == "" || name == "." || name == ".." ||
		strings.ContainsRune(name, '/') || strings.ContainsRune(name, filepath.Separator) ||
		!filepath.IsLocal(name) {
		return fmt.Errorf("results: bad output file name %q: want a plain name without a path separator", name)
	}
	return nil
}

// WriteFileAtomic writes data to the file path, replacing it if it exists,
// so that path holds either its old contents or all of data. The data are
// written to a temporary file in the same directory, named
// "."+filepath.Base(path)+".tmp-" and a random suffix, synced, and renamed to
// path; the directory is then synced. The temporary file is removed on
// error. The file gets mode perm less the umask, as with os.WriteFile.
func WriteFileAtomic(path string, data []byte, perm os.FileMode) error {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	f, err := createTemp(dir, "."+base+".tmp-", perm)
	if err != nil {
		return fmt.Errorf("results: writing %s: %w", path, err)
	}
	tmp := f.Name()
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("results: writing %s: %w", path, err)
	}
	if err := syncDir(dir); err != nil {
		return fmt.Errorf("results: writing %s: syncing directory: %w", path, err)
	}
	return nil
}

// createTemp creates a new file in dir named prefix and a random suffix,
// with mode perm less the umask (os.CreateTemp would use 0600).
func createTemp(dir, prefix string, perm os.FileMode) (*os.File, error) {
	for range 100 {
		name := filepath.Join(dir, prefix+strconv.FormatUint(rand.Uint64(), 36))
		f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, perm)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		return f, err
	}
	return nil, fmt.Errorf("cannot create a temporary file in %s", dir)
}

// writeSynced creates the file name, which must not exist, writes data to
// it and syncs it.
func writeSynced(name string, data []byte, perm os.FileMode) error {
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// syncDir syncs the directory dir, so that entries created or renamed in it
// are durable. Windows cannot sync directories; there it does nothing.
func syncDir(dir string) error {
	if runtime.GOOS == "windows" {
		return nil
	}
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	return err
}
