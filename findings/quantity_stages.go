package findings

// Quantities of the typical stage-conversion ranges and of Gartner's
// share of MQLs that pass sales as a good fit ([waterfall-ranges],
// [gartner] in docs/sources.md). The other stage rates are in
// quantity.go (sal_per_mql, sql_per_sal, won_per_sql, won_per_inquiry).

func init() {
	Quantities["mql_per_inquiry"] = Quantity{
		Doc:  "MQLs over inquiries (the typical inquiry→MQL rate; mql_per_valid is over valid inquiries)",
		Unit: "share", Compute: ratioOf("mqls", "inquiries"),
	}
	Quantities["sal_per_handoff"] = Quantity{
		Doc: "SALs over hand-offs to sales: the share of the leads handed over that the rep accepted " +
			"(Gartner's \"MQLs that pass sales as a good fit\", per lead handed over; sal_per_mql is per MQL, counting a prospect's every hand-off)",
		Unit: "share", Compute: ratioOf("sals", "handoffs"),
	}
}
