#!/usr/bin/env python3
"""Checks that the golden files gained only the rows of the issue-15
metrics: every line of each old file is in the new one, in order, and every
added line names a new metric; new files belong to the new finding
scenarios only. Usage: golden_compare.py OLD_DIR NEW_DIR (OLD_DIR: a copy of
testdata/golden before the change, e.g. git archive of its parent commit)."""
import json, os, sys

NEW = {"converted_reached_by_6th_share", "called_once_share", "readiness_unqualified_share",
       "readiness_right_contact_share", "readiness_need_share", "readiness_requirements_share",
       "readiness_bant_share", "sales_ready_at_capture_share"}

def check_csv(old, new):
    o = open(old).read().splitlines()
    n = open(new).read().splitlines()
    kept = [l for l in n if not any(("," + m + ",") in l for m in NEW)]
    assert kept == o, f"{new}: existing rows changed"
    assert len(n) - len(o) == len([l for l in n if any(("," + m + ",") in l for m in NEW)])
    return len(n) - len(o)

def strip(x):
    if isinstance(x, dict):
        return {k: strip(v) for k, v in x.items() if k not in NEW}
    if isinstance(x, list):
        return [strip(v) for v in x]
    return x

def check_json(old, new):
    o, n = json.load(open(old)), json.load(open(new))
    assert strip(n) == o, f"{new}: existing values changed"

old_dir, new_dir = sys.argv[1], sys.argv[2]
NEW_SCENARIOS = ("findings_velocify.", "findings_aberdeen.", "findings_marketo.", "findings_marketingsherpa.",
                 "findings_sirius_readiness.", "findings_stage_ranges.", "findings_forrester.", "findings_gartner.",
                 "findings_olist.")
files = sorted(os.listdir(old_dir))
added_files = sorted(set(os.listdir(new_dir)) - set(files))
assert set(files) <= set(os.listdir(new_dir)), "golden files removed"
assert all(f.startswith(NEW_SCENARIOS) for f in added_files), f"unexpected new golden files: {added_files}"
added = 0
for f in files:
    a, b = os.path.join(old_dir, f), os.path.join(new_dir, f)
    if f.endswith(".csv"):
        added += check_csv(a, b)
    elif f.endswith(".json"):
        check_json(a, b)
    else:
        assert open(a).read() == open(b).read(), f"{f} changed"
print(f"{len(files)} files: no existing value changed; {added} metric rows added; "
      f"{len(added_files)} new files of the new finding scenarios")
