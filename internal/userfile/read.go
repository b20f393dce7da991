package userfile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
)

// Error is a file refused before or while reading it: not a regular file,
// or larger than the limit. Path is the file as named, What says what it
// was expected to be ("scenario file").
type Error struct {
	Path  string
	What  string
	Limit int64
	// Got describes what was found: "a named pipe (FIFO)", "17825792
	// bytes", "more than 16777216 bytes".
	Got string
}

// Error says what was found and what was expected.
func (e *Error) Error() string {
	return fmt.Sprintf("%s %s: got %s, expected a regular file of at most %s", e.What, e.Path, e.Got, Size(e.Limit))
}

// Size formats a byte count for messages: "16 MiB (16777216 bytes)", or
// "100 bytes" when it is not a whole number of KiB, MiB or GiB.
func Size(n int64) string {
	for _, u := range []struct {
		shift uint
		name  string
	}{{30, "GiB"}, {20, "MiB"}, {10, "KiB"}} {
		if n >= 1<<u.shift && n%(1<<u.shift) == 0 {
			return fmt.Sprintf("%d %s (%d bytes)", n>>u.shift, u.name, n)
		}
	}
	return fmt.Sprintf("%d bytes", n)
}

// kind names the type of a file that is not regular.
func kind(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a directory"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a device"
	case m&fs.ModeIrregular != 0:
		return "an irregular file"
	}
	return "a file that is not regular (mode " + m.String() + ")"
}

// check refuses a file that is not regular or is larger than limit.
func check(st fs.FileInfo, path, what string, limit int64) error {
	if !st.Mode().IsRegular() {
		return &Error{Path: path, What: what, Limit: limit, Got: kind(st.Mode())}
	}
	if st.Size() > limit {
		return &Error{Path: path, What: what, Limit: limit, Got: fmt.Sprintf("%d bytes", st.Size())}
	}
	return nil
}

// Open opens the regular file at path for reading at most limit bytes.
// It stats the path before opening it, so a named pipe or device is
// refused without blocking, and checks the opened file again. The reader
// returned fails with an *Error once the file turns out to hold more than
// limit bytes (it grew, or its size lied), so at most limit+1 bytes are
// ever read. Other errors (it does not exist, permission) are returned
// as os.Open gives them.
func Open(path, what string, limit int64) (io.ReadCloser, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if err := check(st, path, what, limit); err != nil {
		return nil, err
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	if st, err = f.Stat(); err == nil {
		err = check(st, path, what, limit)
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return &bounded{f: f, r: io.LimitReader(f, limit+1), err: &Error{Path: path, What: what, Limit: limit,
		Got: fmt.Sprintf("more than %d bytes", limit)}, left: limit}, nil
}

// ReadFile reads the whole regular file at path, refusing it with an
// *Error if it holds more than limit bytes; see Open.
func ReadFile(path, what string, limit int64) ([]byte, error) {
	r, err := Open(path, what, limit)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	return io.ReadAll(r)
}

// bounded reads a file through io.LimitReader(f, limit+1) and fails when
// the byte after the limit arrives.
type bounded struct {
	f    *os.File
	r    io.Reader
	err  *Error
	left int64 // bytes that may still be returned
}

func (b *bounded) Read(p []byte) (int, error) {
	n, err := b.r.Read(p)
	if int64(n) > b.left {
		n = int(b.left)
		b.left = 0
		return n, b.err
	}
	b.left -= int64(n)
	return n, err
}

func (b *bounded) Close() error { return b.f.Close() }

// IsRefused reports whether err is (or wraps) an *Error.
func IsRefused(err error) bool {
	var e *Error
	return errors.As(err, &e)
}
