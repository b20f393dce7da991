// Package expr parses and evaluates the arithmetic expressions of the
// lab's instruments: the objective of `funnel select`, the output of
// `funnel sensitivity` and the like. An expression combines a policy's
// metrics, numbers and scenario keys of a design point with + − × ÷ and
// parentheses, and is evaluated once per replication.
//
// # Grammar
//
//	expr    = term { ( "+" | "-" | "−" ) term }
//	term    = unary { ( "*" | "×" | "/" | "÷" ) unary }
//	unary   = ( "-" | "−" | "+" ) unary | primary
//	primary = number | reference | key | "(" expr ")"
//	reference = [ policy "." ] metric
//	key     = "@" path
//	number  = digits [ "." [ digits ] ] [ exponent ] | "." digits [ exponent ]
//	exponent = ( "e" | "E" ) [ "+" | "-" ] digits
//	digits  = digit { [ "_" ] digit }
//
// Spaces are optional between tokens and not allowed inside a name or a
// number. Names are made of letters, digits, '_' and '.'; a '-' is always
// the minus sign, so write "a.revenue - b.revenue" or "a.revenue-b.revenue"
// alike. A key's path may also hold brackets and indices
// (@policies[0].sla_hours). Examples:
//
//	objective.revenue - waterfall.revenue
//	revenue - 70 * 2000 * @sales.reps
//	(objective.revenue − waterfall.revenue) ÷ waterfall.revenue
//	-cost_per_won_deal
//
// Policy names may contain dots and metric names never do, so a reference
// with a dot is split by matching the longest known policy name followed by
// a dot (as package results/checks does). A reference without a dot is a
// bare metric: it means the metric of the alternative's own policy, which
// only makes sense where each alternative has one (the policies of a
// scenario, or design point × policy pairs in `funnel select`); Resolve
// refuses bare metrics unless Names.Own is set.
//
// Multiplication and division bind tighter than addition and subtraction,
// both are left-associative, and unary minus binds tighter than all of
// them (so -2 * 3 is (-2) * 3, and 2 - -3 is 5). Evaluation follows IEEE
// 754: a division by zero gives ±Inf or NaN, which callers treat as an
// undefined value.
//
// # Errors
//
// Errors are *Error and name the offending part of the expression by its
// byte offsets; Error.Caret draws it with carets, like results/checks.
package expr
