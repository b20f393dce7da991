// Package palette holds Funnel Lab's policy colours: the colour of a
// policy by its name (Colors, PolicyColor), twelve distinguishable colours
// of which the first eight are colour-blind safe (Okabe–Ito). A policy
// named after a preset always has the same colour; another name keeps the
// colour its hash points to unless the run's other policies already use
// it. The figures (package plots) and report.html (package results/report)
// both take a policy's colour from here, so a policy has the same colour
// in every figure, in the report's table and across reports. It imports
// nothing of Funnel Lab's.
package palette
