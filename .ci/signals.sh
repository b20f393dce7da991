#!/usr/bin/env bash
# Signals and kills on a real funnel process (issue 12), which in-process
# tests cannot send: Ctrl-C while simulating keeps the complete
# replications (exit 130); a run killed with SIGKILL leaves only its
# temporary folder, which the next run in that folder removes; a scenario
# file that is a FIFO or /dev/zero is refused at once (exit 2).
# Usage: .ci/signals.sh FUNNEL_BINARY
set -uo pipefail
bin=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "signals: $*"; exit 1; }

# SIGINT while simulating: exit 130, the folder holds the complete
# replications with "complete": false.
"$bin" run reference --reps 100000 --plots=false --out "$tmp/int" --quiet 2>"$tmp/int.err" &
pid=$!
sleep 3
kill -INT "$pid"
wait "$pid"
code=$?
[ "$code" = 130 ] || fail "SIGINT: exit $code, want 130: $(cat "$tmp/int.err")"
grep -q '"complete": false' "$tmp/int/manifest.json" || fail "SIGINT: manifest.json does not say complete: false"
test -s "$tmp/int/replications.csv" || fail "SIGINT: no replications.csv"
echo "signals: SIGINT while simulating: exit 130, $(grep -o '"replications": [0-9]*' "$tmp/int/manifest.json" | head -1) kept"

# SIGKILL: nothing under the final name, a temporary folder left, removed
# by the next run in the same parent folder.
mkdir "$tmp/k"
"$bin" run reference --reps 100000 --plots=false --out "$tmp/k/killed" --quiet 2>/dev/null &
pid=$!
sleep 2
kill -KILL "$pid"
wait "$pid" 2>/dev/null
[ ! -e "$tmp/k/killed" ] || fail "SIGKILL: the final folder exists"
ls -a "$tmp/k" | grep -q '^\.killed\.tmp-' || fail "SIGKILL: no temporary folder left (expected one)"
"$bin" run reference --reps 1 --plots=false --set horizon_days=10 --out "$tmp/k/next" 2>"$tmp/next.err" >/dev/null ||
	fail "the next run failed: $(cat "$tmp/next.err")"
grep -q 'removed the temporary folder of a killed run' "$tmp/next.err" || fail "the next run did not report the leftover"
! ls -a "$tmp/k" | grep -q '\.tmp-' || fail "the leftover temporary folder is still there"
echo "signals: SIGKILL leaves a temporary folder; the next run removed it"

# A FIFO nobody writes to and /dev/zero as scenario files: exit 2 at once.
mkfifo "$tmp/fifo.yaml"
timeout 10 "$bin" run "$tmp/fifo.yaml" --quiet 2>/dev/null
code=$?
[ "$code" = 2 ] || fail "FIFO scenario: exit $code, want 2 (124 is a hang)"
if [ -e /dev/zero ]; then
	timeout 10 "$bin" run /dev/zero --quiet 2>/dev/null
	code=$?
	[ "$code" = 2 ] || fail "/dev/zero scenario: exit $code, want 2"
fi
echo "signals: FIFO and /dev/zero scenario files refused with exit 2"
