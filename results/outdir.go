package results

import (
	"bufio"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// tmpMarker is the file that marks a temporary output directory as
// Funnel Lab's and names the process writing it: "pid host start\n".
const tmpMarker = ".funnel-tmp"

// OutDir is an output directory being written. Its files go into a
// temporary directory beside it, named "."+base+".tmp-" and a random
// suffix, and appear under the final name only when Commit renames it:
// the final name holds a complete directory or nothing.
//
// CreateOutDir makes the temporary directory before any work, so that an
// output location that cannot be created or written is found before the
// run rather than after it. The temporary directory holds a marker file
// naming the process, by which CleanStale recognises the directories of
// killed runs.
type OutDir struct {
	final string // the name asked for
	tmp   string
	done  bool // committed or aborted
}

// CreateOutDir checks that dir does not exist (a symbolic link, even a
// dangling one, counts as existing), creates its parent if needed and the
// temporary directory in it, and returns the OutDir. Its errors say what
// is wrong with the location.
func CreateOutDir(dir string) (*OutDir, error) {
	dir = filepath.Clean(dir)
	if err := checkDirName(filepath.Base(dir)); err != nil {
		return nil, fmt.Errorf("output directory %s: %w", dir, err)
	}
	if _, err := os.Lstat(dir); err == nil {
		return nil, fmt.Errorf("output directory %s already exists", dir)
	} else if errors.Is(err, syscall.ENOTDIR) {
		return nil, fmt.Errorf("output directory %s: cannot create its parent: a component of the path is a file, not a folder", dir)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("output directory %s: %w", dir, pathErr(err))
	}
	parent := filepath.Dir(dir)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, fmt.Errorf("output directory %s: cannot create its parent: %w", dir, pathErr(err))
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(dir)+".tmp-*")
	if err != nil {
		return nil, fmt.Errorf("output directory %s: cannot write in %s: %w", dir, parent, pathErr(err))
	}
	d := &OutDir{final: dir, tmp: tmp}
	host, _ := os.Hostname()
	marker := fmt.Sprintf("%d %s %s\n", os.Getpid(), strings.ReplaceAll(host, " ", "_"), time.Now().UTC().Format(time.RFC3339))
	if err := writeSynced(filepath.Join(tmp, tmpMarker), []byte(marker), 0o644); err != nil {
		d.Abort()
		return nil, fmt.Errorf("output directory %s: cannot write in %s: %w", dir, parent, pathErr(err))
	}
	return d, nil
}

// pathErr drops the path from an *fs.PathError, which the callers'
// messages name already.
func pathErr(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// maxDirName is the longest folder name most file systems take (bytes).
const maxDirName = 255

// checkDirName returns an error if name cannot be a folder name, with
// room for the temporary directory's prefix and suffix.
func checkDirName(name string) error {
	if len(name)+len(".tmp-")+11 > maxDirName {
		return fmt.Errorf("the folder name is %d bytes long, at most %d allowed", len(name), maxDirName-len(".tmp-")-11)
	}
	return nil
}

// Name is the directory asked for (Commit may choose another).
func (d *OutDir) Name() string { return d.final }

// Path returns the path of the file name in the temporary directory.
func (d *OutDir) Path(name string) string { return filepath.Join(d.tmp, name) }

// Create creates the file name, which must be a plain name not yet
// written, for writing; Close it with CloseFile, which syncs it.
func (d *OutDir) Create(name string) (*os.File, error) {
	if err := checkFileName(name); err != nil {
		return nil, err
	}
	return os.OpenFile(d.Path(name), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
}

// CloseFile syncs and closes a file of Create.
func CloseFile(f *os.File) error {
	err := f.Sync()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// WriteFile writes the file name with data and syncs it.
func (d *OutDir) WriteFile(name string, data []byte) error {
	if err := checkFileName(name); err != nil {
		return err
	}
	if err := writeSynced(d.Path(name), data, 0o644); err != nil {
		return fmt.Errorf("results: writing %s: %w", name, err)
	}
	return nil
}

// Remove removes the file name from the temporary directory.
func (d *OutDir) Remove(name string) error { return os.Remove(d.Path(name)) }

// Commit makes the directory appear under its final name and returns
// that name. If the name was taken since CreateOutDir (by another run
// starting in the same second, say), Commit does not replace it: it
// takes the first free name of dir-2, dir-3, ... and returns it, so a
// finished run is never lost; the caller says so. See renameNoReplace.
func (d *OutDir) Commit() (string, error) {
	if d.done {
		return "", errors.New("results: output directory already committed or aborted")
	}
	if err := os.Remove(d.Path(tmpMarker)); err != nil {
		return "", fmt.Errorf("results: output directory: %w", err)
	}
	// MkdirTemp creates the directory with mode 0700.
	if err := os.Chmod(d.tmp, 0o755); err != nil {
		return "", fmt.Errorf("results: output directory: %w", err)
	}
	if err := syncDir(d.tmp); err != nil {
		return "", fmt.Errorf("results: syncing output directory: %w", err)
	}
	name := d.final
	for i := 2; ; i++ {
		err := renameNoReplace(d.tmp, name)
		if err == nil {
			break
		}
		if !errors.Is(err, fs.ErrExist) || i > 1000 {
			return "", fmt.Errorf("results: output directory %s: %w (the results are in %s)", name, err, d.tmp)
		}
		name = fmt.Sprintf("%s-%d", d.final, i)
	}
	d.done = true
	if err := syncDir(filepath.Dir(name)); err != nil {
		return name, fmt.Errorf("results: syncing %s: %w", filepath.Dir(name), err)
	}
	return name, nil
}

// Abort removes the temporary directory and everything in it; it does
// nothing after Commit.
func (d *OutDir) Abort() {
	if !d.done {
		os.RemoveAll(d.tmp)
		d.done = true
	}
}

// StaleDir is a temporary output directory left by a run that did not
// finish.
type StaleDir struct {
	Path    string
	PID     int
	Host    string
	Removed bool // removed by CleanStale; otherwise left alone (see Reason)
	Reason  string
}

// CleanStale looks in parent for the temporary directories of runs that
// were killed (their marker names a process of this host that no longer
// runs) and removes them. Temporary directories of running processes are
// not listed; those of another host (a shared file system) are listed,
// not removed, since their process cannot be checked from here.
func CleanStale(parent string) ([]StaleDir, error) {
	entries, err := os.ReadDir(parent)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	host, _ := os.Hostname()
	host = strings.ReplaceAll(host, " ", "_")
	var out []StaleDir
	for _, e := range entries {
		if !e.IsDir() || !strings.HasPrefix(e.Name(), ".") || !strings.Contains(e.Name(), ".tmp-") {
			continue
		}
		path := filepath.Join(parent, e.Name())
		pid, h, ok := readMarker(filepath.Join(path, tmpMarker))
		if !ok {
			continue // not ours, or committing right now
		}
		s := StaleDir{Path: path, PID: pid, Host: h}
		switch {
		case h != host:
			s.Reason = "written by a process on host " + h + ", which cannot be checked from here"
		case processAlive(pid):
			continue // a run in progress
		default:
			if err := os.RemoveAll(path); err != nil {
				s.Reason = "cannot remove it: " + err.Error()
			} else {
				s.Removed = true
			}
		}
		out = append(out, s)
	}
	return out, nil
}

// readMarker reads a temporary directory's marker file.
func readMarker(path string) (pid int, host string, ok bool) {
	f, err := os.Open(path)
	if err != nil {
		return 0, "", false
	}
	defer f.Close()
	line, err := bufio.NewReader(f).ReadString('\n')
	if err != nil {
		return 0, "", false
	}
	fields := strings.Fields(line)
	if len(fields) < 2 {
		return 0, "", false
	}
	pid, err = strconv.Atoi(fields[0])
	if err != nil || pid <= 0 {
		return 0, "", false
	}
	return pid, fields[1], true
}
