package plots

import (
	"fmt"
	"math"

	"gonum.org/v1/plot"

	"funnellab/results"
)

// EffortPanels is the number of panels Effort returns.
const EffortPanels = 3

// Effort returns the panels of the plot "effort", to be drawn side by side
// (Render, WriteAll): what the policies put into marketing leads, in all
// and per deal they brought. Each shows, per policy, the mean over
// replications as a bar with its 95% confidence interval:
//
//  1. rep hours on marketing leads: rep_hours_marketing_leads, the working
//     hours reps spent on attempts, calls and opportunity work for
//     marketing leads, productive or not;
//  2. rep hours per marketing deal won: rep_hours_marketing_leads /
//     marketing_deals_won in each replication, over the replications with
//     a deal won;
//  3. cost per marketing deal won: cost_per_won_deal, (marketing_cost +
//     sales_cost + cell_cost) / marketing_deals_won, in currency units,
//     over the replications where it is defined.
//
// It returns an error if t is not a valid table, has no policies or no
// replications, or lacks a finite value of rep_hours_marketing_leads or
// marketing_deals_won (cost_per_won_deal may be NaN).
func Effort(t *results.Table) ([]*plot.Plot, error) {
	ps, err := effortPanels(t)
	if err != nil {
		return nil, fmt.Errorf("plots: effort: %w", err)
	}
	return drawPanels("effort", t.Policies, ps)
}

// effortPanels returns the data of the panels of Effort.
func effortPanels(t *results.Table) ([]barPanel, error) {
	if err := checkTable(t); err != nil {
		return nil, err
	}
	hours, err := metricValues(t, "rep_hours_marketing_leads", false)
	if err != nil {
		return nil, err
	}
	won, err := metricValues(t, "marketing_deals_won", false)
	if err != nil {
		return nil, err
	}
	cost, err := metricValues(t, "cost_per_won_deal", true)
	if err != nil {
		return nil, err
	}
	perDeal := make([][]float64, len(hours))
	for p := range hours {
		perDeal[p] = make([]float64, len(hours[p]))
		for r, h := range hours[p] {
			perDeal[p][r] = math.NaN()
			if won[p][r] > 0 {
				perDeal[p][r] = h / won[p][r]
			}
		}
	}
	return []barPanel{
		{joinLines("Rep hours on", "marketing leads"), unitLabel("working hours", hoursLabel), summarizeAll(hours)},
		{joinLines("Rep hours per", "marketing deal won"), unitLabel("working hours per deal", hoursLabel), summarizeDefined(perDeal, 1)},
		{joinLines("Cost per", "marketing deal won"), unitLabel("cost_per_won_deal", currencyLabel), summarizeDefined(cost, 1)},
	}, nil
}
