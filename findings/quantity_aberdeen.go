package findings

// Quantities of the leads sales never follows up (Aberdeen 2008,
// [aberdeen-2008] in docs/sources.md). Marketo's "sales ignores up to
// 80% of marketing leads" is measured by never_responded_share (the hand-
// offs never attempted, quantity.go).

func init() {
	Quantities["never_followed_up_share"] = Quantity{
		Doc: "share of inquiries sales never attempted: 1 − contacted / inquiries, pooled over the policies " +
			"(Aberdeen's \"leads never followed up by sales\"; the complement of followed_up_share: contacted counts first attempts of hand-offs, so a prospect attempted at two hand-offs counts twice)",
		Unit: "share", Compute: pairOf("contacted", "inquiries", func(c, n float64) float64 { return ratio(n-c, n) }),
	}
}
