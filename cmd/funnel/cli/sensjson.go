package cli

import (
	"math"
	"strconv"
)

// jnum is a float64 that marshals NaN and infinities as null.
type jnum float64

func (n jnum) MarshalJSON() ([]byte, error) {
	f := float64(n)
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return []byte("null"), nil
	}
	return []byte(strconv.FormatFloat(f, 'g', 10, 64)), nil
}

func jci(c [2]float64) [2]jnum { return [2]jnum{jnum(c[0]), jnum(c[1])} }

// sensKeyJSON is one key of sensitivity.json.
type sensKeyJSON struct {
	Key        string   `json:"key"`
	Low        jnum     `json:"low"`
	High       jnum     `json:"high"`
	Integer    bool     `json:"integer"`
	MuStar     *jnum    `json:"mu_star,omitempty"`
	MuStarCI95 *[2]jnum `json:"mu_star_ci95,omitempty"`
	Mu         *jnum    `json:"mu,omitempty"`
	Sigma      *jnum    `json:"sigma,omitempty"`
	S1         *jnum    `json:"S1,omitempty"`
	S1CI95     *[2]jnum `json:"S1_ci95,omitempty"`
	ST         *jnum    `json:"ST,omitempty"`
	STCI95     *[2]jnum `json:"ST_ci95,omitempty"`
}

// sensSignJSON is "where each policy wins" in sensitivity.json.
type sensSignJSON struct {
	Policy    string     `json:"policy"`
	Against   string     `json:"against"`
	Share     jnum       `json:"share"`
	CI95      [2]jnum    `json:"ci95"`
	Points    int        `json:"points"`
	Interval  string     `json:"interval"`
	Statement string     `json:"statement"`
	Slices    []sliceMap `json:"slices"`
}

// sensJSON is sensitivity.json.
// sensPrecisionJSON is sensitivity.json's precision: the relative
// half-width asked for, the replications at most, and what the points
// reached.
type sensPrecisionJSON struct {
	Target       float64 `json:"target"`
	StopAt       float64 `json:"stop_at"`
	MaxReps      int     `json:"max_reps"`
	PointsMet    int     `json:"points_met"`
	Replications int     `json:"replications_total"`
}

type sensJSON struct {
	Scenario     string `json:"scenario"`
	Method       string `json:"method"`
	Output       string `json:"output"`
	Seed         uint64 `json:"seed"`
	Replications int    `json:"replications_per_point"`
	Points       int    `json:"points"`
	BasePoints   int    `json:"base_points,omitempty"`
	Trajectories int    `json:"trajectories,omitempty"`
	Levels       int    `json:"levels,omitempty"`
	Bootstrap    int    `json:"bootstrap"`
	Mean         jnum   `json:"output_mean"`
	Variance     jnum   `json:"output_variance"`
	NoiseShare   jnum   `json:"noise_variance_share"`
	// Precision is a --precision study's target and outcome (omitted
	// otherwise): replications_per_point is then the first round's.
	Precision *sensPrecisionJSON `json:"precision,omitempty"`
	Keys      []sensKeyJSON      `json:"keys"`
	Sign      *sensSignJSON      `json:"sign,omitempty"`
}

func jp(v float64) *jnum        { n := jnum(v); return &n }
func jcp(c [2]float64) *[2]jnum { x := jci(c); return &x }
