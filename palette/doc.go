// Package palette holds Funnel Lab's policy colours: the colour of a
// policy by its position in a run's policy order (PolicyColor), from the
// colour-blind-safe Okabe–Ito palette. The figures (package plots) and
// report.html (package results/report) both take a policy's colour from
// here, so a policy has the same colour in every figure and in the report's
// table. It imports nothing of Funnel Lab's.
package palette
