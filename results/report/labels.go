package report

import (
	"strings"

	"funnellab/results"
)

// metricLabels name the simulator's metrics in plain words for the
// report's table (docs/metrics.md defines them); the table shows the
// snake_case name on hover. A metric not listed is named by its
// snake_case name with spaces (label).
var metricLabels = map[string]string{
	"inquiries":                          "inquiries",
	"valid_inquiries":                    "inquiries with valid contact data",
	"mqls":                               "MQLs (marketing-qualified leads)",
	"marketing_dropped":                  "dropped by marketing",
	"cell_leads":                         "leads sent to the qualification cell",
	"handoffs":                           "hand-offs to sales",
	"sals":                               "SALs (accepted by sales)",
	"rejected":                           "hand-offs rejected by the rep",
	"ignored":                            "hand-offs accepted but never attempted",
	"contacted":                          "hand-offs with a call attempt",
	"sqls":                               "SQLs (sales-qualified)",
	"opportunities":                      "opportunities",
	"deals_won":                          "deals won",
	"marketing_deals_won":                "deals won from marketing leads",
	"reasons_off_target":                 "reason: off target",
	"reasons_no_budget":                  "reason: no budget",
	"reasons_not_interested":             "reason: not interested",
	"reasons_competitor":                 "reason: a competitor",
	"revenue":                            "revenue",
	"marketing_revenue":                  "revenue from marketing leads",
	"handoff_waste_share":                "hand-offs wasted (rejected or ignored)",
	"off_target_handoff_share":           "hand-offs off target",
	"rejected_later_bought_share":        "rejected prospects who bought within 24 months",
	"bought_within_3m_share":             "inquiries that bought within 3 months",
	"bought_within_6m_share":             "inquiries that bought within 6 months",
	"bought_within_12m_share":            "inquiries that bought within 12 months",
	"bought_within_24m_share":            "inquiries that bought within 24 months",
	"genuine_bought_within_24m_share":    "genuine buyers who bought within 24 months",
	"leaked_prospects":                   "prospects who bought from a competitor",
	"leaked_revenue":                     "revenue leaked to competitors",
	"leaked_revenue_never_handed":        "leaked: never handed to sales",
	"leaked_revenue_rejected":            "leaked: rejected by a rep",
	"leaked_revenue_ignored":             "leaked: ignored or waiting",
	"leaked_revenue_too_late":            "leaked: reached too late",
	"leaked_revenue_lost_in_competition": "leaked: lost in competition",
	"leaked_revenue_recycled":            "leaked: recycled to marketing",
	"waited_share":                       "first attempts that waited",
	"wait_mean_h":                        "mean wait to first attempt (h)",
	"speed_to_lead_median_h":             "median speed to lead (h)",
	"contacted_within_1h_share":          "first attempts within 1 hour",
	"hot_contact_share":                  "first attempts while the lead was hot",
	"never_contacted_share":              "hand-offs never reached",
	"qualified_share":                    "SQLs per attempted hand-off",
	"sla_breaches":                       "hand-offs breaching their SLA",
	"rep_utilization":                    "rep utilisation",
	"rep_hours_marketing_leads":          "rep hours on marketing leads",
	"marketing_cost":                     "marketing cost",
	"sales_cost":                         "sales cost (rep hours)",
	"cell_cost":                          "qualification cell cost",
	"cost_per_won_deal":                  "cost per won deal",
	"top5_deals_from_marketing":          "of the 5 largest deals, from marketing",
	"time_to_revenue_median_days":        "median days from inquiry to win",
	"mql_threshold_end":                  "MQL threshold at the end",
}

// label returns the plain-words name of metric.
func label(metric string) string {
	if l, ok := metricLabels[metric]; ok {
		return l
	}
	return strings.ReplaceAll(metric, "_", " ")
}

// isShare says whether metric is a share in [0, 1], shown as a
// percentage: its definition's unit says "share", or, without a
// definition, its name ends in _share or it is rep_utilization.
func isShare(metric string, defs map[string]results.MetricDef) bool {
	if d, ok := defs[metric]; ok && d.Unit != "" {
		return strings.HasPrefix(d.Unit, "share")
	}
	return strings.HasSuffix(metric, "_share") || metric == "rep_utilization"
}
