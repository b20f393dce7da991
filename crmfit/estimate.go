package crmfit

import (
	"funnellab/crm"
)

// Estimates are everything estimated from one export.
type Estimates struct {
	Arrivals   Arrivals   `json:"arrivals"`
	Conversion Conversion `json:"conversion"`
	Cycles     Cycles     `json:"cycles"`
	Values     Values     `json:"values"`
	Reps       Reps       `json:"reps"`
	// CyclesErr says why the cycles could not be fitted ("" if they were).
	CyclesErr string `json:"cycles_error,omitempty"`
}

// Estimate runs every estimator on d.
func Estimate(d *crm.Dataset) *Estimates {
	e := &Estimates{
		Arrivals:   EstimateArrivals(d),
		Conversion: EstimateConversion(d),
		Values:     EstimateValues(d),
		Reps:       EstimateReps(d),
	}
	c, err := EstimateCycles(d)
	e.Cycles = c
	if err != nil {
		e.CyclesErr = err.Error()
	}
	return e
}
