"""Compares `umlaut check --format json` on the real-world corpus with its hand-made verdicts.

usage: realworld_verdicts.py FINDINGS.json VERDICTS.tsv FILE_COUNT

FINDINGS.json is what `umlaut check --no-config --format json` printed for the corpus (paths
relative to the corpus folder); VERDICTS.tsv has the columns path, cell, line, code, verdict, why.
A finding is the same as a verdict's when path, cell and code agree and the line is equal, or
failing that within LINE_TOLERANCE (the corpus README's rule: a rule may anchor a finding a line
or two away after an unrelated change). Each verdict matches at most one finding.

Prints the counts and every problem, one per line, and exits 1 when a `real` finding is lost or
a `false-alarm` is still reported. New findings (in no verdict) are listed for a human to judge;
they do not fail the check.
"""

import collections
import csv
import json
import sys

LINE_TOLERANCE = 2


def kind(verdict):
    """`real`, `arguable` or `false-alarm` from a verdict such as `real (low impact)`."""
    word = verdict.split("(")[0].strip()
    if word not in ("real", "arguable", "false-alarm"):
        raise SystemExit(f"realworld: unknown verdict {verdict!r} in the verdicts file")
    return word


def read_verdicts(path):
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    missing = {"path", "cell", "line", "code", "verdict"} - set(rows[0].keys() if rows else ())
    if missing:
        raise SystemExit(f"realworld: {path} lacks the columns {', '.join(sorted(missing))}")
    return [dict(row, line=int(row["line"]), kind=kind(row["verdict"])) for row in rows]


def read_findings(path):
    with open(path, encoding="utf-8") as handle:
        findings = json.load(handle)
    return [{"path": f["path"], "cell": "" if f.get("cell") is None else str(f["cell"]),
             "line": int(f["line"]), "code": f["code"], "message": f.get("message", "")}
            for f in findings]


def match(verdicts, findings):
    """Pairs verdicts with findings: exact lines first, then the nearest within the tolerance."""
    by_key = collections.defaultdict(list)
    for index, finding in enumerate(findings):
        by_key[(finding["path"], finding["cell"], finding["code"])].append(index)
    matched = {}  # verdict index -> finding index
    used = set()
    for exact in (True, False):
        for v_index, verdict in enumerate(verdicts):
            if v_index in matched:
                continue
            candidates = [i for i in by_key[(verdict["path"], verdict["cell"], verdict["code"])] if i not in used]
            distance = lambda i: abs(findings[i]["line"] - verdict["line"])
            candidates = [i for i in candidates if distance(i) == 0 or (not exact and distance(i) <= LINE_TOLERANCE)]
            if candidates:
                best = min(candidates, key=distance)
                matched[v_index] = best
                used.add(best)
    return matched, used


def place(row):
    cell = f"[cell {row['cell']}]" if row["cell"] else ""
    return f"{row['path']}{cell}:{row['line']}: {row['code']}"


def main(argv):
    if len(argv) != 4:
        raise SystemExit(__doc__)
    findings = read_findings(argv[1])
    verdicts = read_verdicts(argv[2])
    files = int(argv[3])
    matched, used = match(verdicts, findings)

    counts = collections.Counter()
    failures = []
    for index, verdict in enumerate(verdicts):
        reported = index in matched
        counts[(verdict["kind"], reported)] += 1
        if verdict["kind"] == "real" and not reported:
            failures.append(f"LOST real finding: {place(verdict)} ({verdict.get('why') or verdict['verdict']})")
        if verdict["kind"] == "false-alarm" and reported:
            failures.append(f"FALSE ALARM still reported: {place(verdict)} ({verdict.get('why', '')})")
    new = [finding for index, finding in enumerate(findings) if index not in used]

    false_alarms = counts[("false-alarm", True)]
    print(f"realworld: {len(findings)} findings on {files} files (.py + .ipynb)")
    print(f"realworld: real kept {counts[('real', True)]}, real lost {counts[('real', False)]}")
    print(f"realworld: false alarms still reported {false_alarms} of {false_alarms + counts[('false-alarm', False)]} listed")
    print(f"realworld: arguable still reported {counts[('arguable', True)]} of "
          f"{counts[('arguable', True)] + counts[('arguable', False)]} listed")
    print(f"realworld: new findings (in no verdict) {len(new)}")
    for finding in new:
        print(f"NEW {place(finding)} {finding['message']}")
    for failure in failures:
        print(failure)
    per_thousand = 1000 * false_alarms / files if files else 0
    print(f"realworld: {per_thousand:.1f} listed false alarms per 1,000 files"
          f" (and {1000 * len(new) / files if files else 0:.1f} new, unjudged findings per 1,000 files)")
    if failures:
        print(f"realworld: FAILED: {len(failures)} verdicts not met", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
