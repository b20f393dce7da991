package scenarios

// Input limits. Every scenario file, --set argument and check is held to
// these, so that no input, however large, can exhaust memory or time before
// it is refused with an error naming the file, line and key. They are
// generous for real use (the embedded scenarios have at most 5 channels, 3
// segments, 9 policies and 5 findings) and listed, with the tests that hold
// them, in docs/reliability.md.
const (
	// MaxFileBytes is the largest scenario file read (16 MiB); a larger
	// one, or one that is not a regular file, is refused before it is
	// parsed (LoadFile).
	MaxFileBytes = 16 << 20

	// MaxKeyBytes is the longest mapping key accepted, in bytes.
	MaxKeyBytes = 256

	// MaxChannels is the most entries of marketing.channels.
	MaxChannels = 1000
	// MaxSegments is the most entries of segments.
	MaxSegments = 1000
	// MaxPolicies is the most entries of policies, and of a finding's
	// policies (every policy is simulated on every replication).
	MaxPolicies = 100
	// MaxFindings is the most entries of findings.
	MaxFindings = 1000
	// MaxChecks is the most entries of checks, and the most --check
	// flags of funnel run.
	MaxChecks = 1000
	// MaxShortList is the most entries of the lists whose valid length is
	// small anyway: calendar.working_days (at most 7 days without
	// repeats), a channel's seasonality (0 or 12 factors) and
	// journey_speed_by_month (a cycle of up to 100 months). Longer lists
	// are refused before they are decoded; shorter wrong ones get the
	// usual message.
	MaxShortList = 100

	// MaxCheckBytes is the longest check expression, in bytes (in the
	// scenario's checks and in --check).
	MaxCheckBytes = 1000
	// MaxSets is the most --set arguments of one command (and the most
	// --target and --bounds flags of funnel calibrate).
	MaxSets = 1000
	// MaxNameBytes is the longest name (of the scenario, used in output
	// folder names, and of channels, segments and policies), in bytes.
	MaxNameBytes = 100
)

// listLimits gives the most entries of each list of the schema, by key
// path with "*" for any list index (as in findings.*.policies). Every list
// field of Scenario must be here (TestEveryListHasALimit).
var listLimits = map[string]int{
	"calendar.working_days":            MaxShortList,
	"marketing.channels":               MaxChannels,
	"marketing.channels.*.seasonality": MaxShortList,
	"segments":                         MaxSegments,
	"journey_speed_by_month":           MaxShortList,
	"policies":                         MaxPolicies,
	"findings":                         MaxFindings,
	"findings.*.policies":              MaxPolicies,
	"findings.*.derived_from":          MaxFindings,
	"calibrated":                       MaxSets,
	"checks":                           MaxChecks,
	"verdict.decompose":                2,
}
