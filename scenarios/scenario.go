package scenarios

// Scenario is one company, its funnel and the policies to compare.
//
// Every field carries its documentation in struct tags, which are the single
// source for validation and for docs/scenario.md:
//
//	yaml:  the key (also used as the JSON name)
//	unit:  the unit shown in the docs ("" for none)
//	range: the allowed values, checked by Validate: an interval such as
//	       "[0,1]", "(0,inf)", "[1,100000]", "[0,24)" (inf allowed; square
//	       brackets are closed ends, parentheses open ones), or an
//	       enumeration "oneof=fifo|lifo"; a list field's range applies to
//	       each element; "" means no rule
//	doc:   one sentence for the reference
//
// Rules involving several fields (close_hour after open_hour, unique names,
// ...) are in Validate.
//
// Defaults are whatever Default (or the element default of a list, see
// Defaulter) sets before the file is read; a key missing from the file keeps
// its default.
type Scenario struct {
	Name         string    `yaml:"name" json:"name" unit:"" range:"" doc:"Short identifier, used in output folder names; letters, digits, '-', '_' and '.' only."`
	Description  string    `yaml:"description" json:"description" unit:"" range:"" doc:"Free text shown in reports."`
	Seed         uint64    `yaml:"seed" json:"seed" unit:"" range:"" doc:"Master seed of all random streams; --seed overrides it."`
	Replications int       `yaml:"replications" json:"replications" unit:"" range:"[1,100000]" doc:"Number of independent replications; --reps overrides it."`
	HorizonDays  float64   `yaml:"horizon_days" json:"horizon_days" unit:"days" range:"(0,36500]" doc:"Period during which inquiries arrive; prospects still waiting at its end are worked to completion and counted."`
	WarmupDays   float64   `yaml:"warmup_days" json:"warmup_days" unit:"days" range:"[0,36500)" doc:"Initial period excluded from the metrics (prospects arriving in it are simulated but not counted; utilisation is measured after it); must be shorter than horizon_days."`
	Calendar     Calendar  `yaml:"calendar" json:"calendar" unit:"" range:"" doc:"When reps work."`
	Marketing    Marketing `yaml:"marketing" json:"marketing" unit:"" range:"" doc:"Where inquiries come from."`
	Response     Response  `yaml:"response" json:"response" unit:"" range:"" doc:"How the prospect's readiness decays with response delay."`
	Sales        Sales     `yaml:"sales" json:"sales" unit:"" range:"" doc:"The rep team."`
	DealValue    DealValue `yaml:"deal_value" json:"deal_value" unit:"" range:"" doc:"Value of a won deal."`
	Policies     []Policy  `yaml:"policies" json:"policies" unit:"" range:"" doc:"The hand-off policies compared, each run on the same prospects (common random numbers); at least one, names unique."`
}

// Calendar says when reps work. Time 0 of a scenario is a Monday at 00:00.
type Calendar struct {
	AlwaysOpen  bool     `yaml:"always_open" json:"always_open" unit:"" range:"" doc:"If true, reps work around the clock, every day; the other calendar keys are then ignored, but still validated."`
	OpenHour    float64  `yaml:"open_hour" json:"open_hour" unit:"h (clock)" range:"[0,24)" doc:"Start of the working day."`
	CloseHour   float64  `yaml:"close_hour" json:"close_hour" unit:"h (clock)" range:"(0,24]" doc:"End of the working day; must be after open_hour. A call running at closing time is finished."`
	WorkingDays []string `yaml:"working_days" json:"working_days" unit:"" range:"oneof=mon|tue|wed|thu|fri|sat|sun" doc:"Days on which reps work; at least one, no repeats."`
}

// Marketing holds the lead sources.
type Marketing struct {
	Channels []Channel `yaml:"channels" json:"channels" unit:"" range:"" doc:"Lead channels; at least one, names unique."`
}

// Channel is one lead source.
type Channel struct {
	Name        string  `yaml:"name" json:"name" unit:"" range:"" doc:"Channel identifier, unique in the scenario (names its random stream); letters, digits, '-', '_' and '.' only."`
	RatePerHour float64 `yaml:"rate_per_hour" json:"rate_per_hour" unit:"inquiries/h" range:"[0,1e6]" doc:"Poisson arrival rate of inquiries, around the clock."`
}

// Response describes the hot window and how it decides qualification.
type Response struct {
	HotWindowHours Duration `yaml:"hot_window_hours" json:"hot_window_hours" unit:"h" range:"" doc:"Time from the inquiry during which the prospect is still hot."`
	QualifyHot     float64  `yaml:"qualify_hot" json:"qualify_hot" unit:"probability" range:"[0,1]" doc:"Probability that a first call started while the prospect is hot qualifies it."`
	QualifyCold    float64  `yaml:"qualify_cold" json:"qualify_cold" unit:"probability" range:"[0,1]" doc:"Probability that a first call started after the hot window qualifies it."`
}

// Sales is the rep team.
type Sales struct {
	Reps           int      `yaml:"reps" json:"reps" unit:"reps" range:"[1,100000]" doc:"Number of identical reps serving one queue."`
	FirstCallHours Duration `yaml:"first_call_hours" json:"first_call_hours" unit:"h" range:"" doc:"Duration of the first call (rep time per lead)."`
	WinRate        float64  `yaml:"win_rate" json:"win_rate" unit:"probability" range:"[0,1]" doc:"Probability that an opportunity (a qualified prospect) is won; otherwise it is lost to a competitor."`
}

// Duration is a random duration in hours.
type Duration struct {
	Dist string  `yaml:"dist" json:"dist" unit:"" range:"oneof=exponential|fixed|lognormal" doc:"Distribution family: exponential, fixed (always the mean) or lognormal (with coefficient of variation cv)."`
	Mean float64 `yaml:"mean" json:"mean" unit:"h" range:"(0,1e6]" doc:"Mean duration."`
	CV   float64 `yaml:"cv" json:"cv" unit:"" range:"(0,10]" doc:"Coefficient of variation (sd/mean), used by lognormal only (still validated for the others)."`
}

// DealValue is the lognormal value of a won deal.
type DealValue struct {
	Median float64 `yaml:"median" json:"median" unit:"currency" range:"(0,1e12]" doc:"Median deal value."`
	Sigma  float64 `yaml:"sigma" json:"sigma" unit:"" range:"[0,5]" doc:"Standard deviation of the log of the deal value."`
}

// Policy is one hand-off process.
type Policy struct {
	Name  string `yaml:"name" json:"name" unit:"" range:"" doc:"Policy identifier, unique in the scenario; letters, digits, '-', '_' and '.' only."`
	Kind  string `yaml:"kind" json:"kind" unit:"" range:"oneof=direct" doc:"Policy kind: direct hands every inquiry to sales at once."`
	Queue string `yaml:"queue" json:"queue" unit:"" range:"oneof=fifo|lifo" doc:"Order in which reps take waiting leads: fifo (oldest first) or lifo (newest first)."`
}

// Defaulter is implemented by list element types whose new elements start
// from defaults rather than zero values.
type Defaulter interface{ SetDefaults() }

// SetDefaults gives a new channel its defaults.
func (c *Channel) SetDefaults() { *c = Channel{Name: "", RatePerHour: 1} }

// SetDefaults gives a new policy its defaults.
func (p *Policy) SetDefaults() { *p = Policy{Kind: "direct", Queue: "fifo"} }

// Default returns the scenario that a file's missing keys fall back to.
// It is not runnable on its own: it has no channels and no policies.
func Default() Scenario {
	return Scenario{
		Name:         "unnamed",
		Seed:         1,
		Replications: 20,
		HorizonDays:  365,
		Calendar: Calendar{
			AlwaysOpen:  false,
			OpenHour:    9,
			CloseHour:   17,
			WorkingDays: []string{"mon", "tue", "wed", "thu", "fri"},
		},
		Response: Response{
			HotWindowHours: Duration{Dist: "exponential", Mean: 2, CV: 1},
			QualifyHot:     0.5,
			QualifyCold:    0.05,
		},
		Sales: Sales{
			Reps:           20,
			FirstCallHours: Duration{Dist: "exponential", Mean: 2, CV: 1},
			WinRate:        0.25,
		},
		DealValue: DealValue{Median: 20000, Sigma: 1},
	}
}
