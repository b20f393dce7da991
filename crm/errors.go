package crm

import "fmt"

// Error is bad input: a mapping key, file or column that cannot be used.
// File, Line and Column say where when known.
type Error struct {
	File   string
	Line   int    // 0: the whole file
	Column string // a column or mapping key; "" for none
	Msg    string
}

func (e *Error) Error() string {
	s := e.File
	if e.Line > 0 {
		s += fmt.Sprintf(":%d", e.Line)
	}
	if e.Column != "" {
		s += ": " + e.Column
	}
	return s + ": " + e.Msg
}

func errorf(file string, line int, col, format string, a ...any) error {
	return &Error{File: file, Line: line, Column: col, Msg: fmt.Sprintf(format, a...)}
}
