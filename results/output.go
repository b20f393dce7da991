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
