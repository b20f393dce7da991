// Package report writes report.html: one self-contained HTML page that
// shows a run's answer to someone who reads no code.
//
// Write lays out, from an Input:
//
//   - the scenario's name, description, seed and number of replications;
//   - a warning when the run was interrupted (Input.Complete false);
//   - the verdict (Verdict): a sentence comparing revenue between the
//     best policy and the baseline through their paired difference;
//   - the checks' results, if the run has checks;
//   - the comparison table: every metric by policy, mean ± 95% CI
//     half-width, and the paired difference of each policy with the
//     baseline, with the conventions of the terminal table ("~" not
//     significant, "=" identical, "n/a" undefined), its rows grouped by
//     the metrics' definitions (Input.Metrics, in the order of
//     Input.Groups: the simulator's, as in docs/metrics.md), metrics
//     without a definition last, under "Other metrics";
//   - every figure, its SVG inlined;
//   - the command that reruns the run, the resolved scenario and the
//     manifest.
//
// The page needs no network: its styles are in a <style> element, the
// figures are inline SVG, it has no script, and its
// Content-Security-Policy forbids every fetch but data: images and fonts.
// All text is escaped by html/template; the SVG documents are trusted and
// inlined as they are, less their XML declaration, comments and document
// type declaration. docs/report.md describes the page for its readers.
package report
