#!/usr/bin/env python3
"""Precision and recall of `umlaut index`'s project attributes against hand labels.

    score.py INDEX.sqlite LABELS.tsv [--split dev|held-out|fresh|fresh2|fresh3|fresh4|fresh5|all]
             [--primary PRIMARY.tsv...] [--json] [--errors]

LABELS.tsv has a header and one row per labelled project: `archive` (the corpus file name, which
is the indexed project's root's last component), `split` (dev, held-out, fresh, fresh2, fresh3,
fresh4 or fresh5), then one column per attribute (`framework`, `domain`, `task`, `dataset`,
`model`: values separated by `;`, `-` for none), then `evidence` (what the labeller read). The
index is opened read-only.

Per attribute, over the labelled projects of the split: precision = hits / values predicted,
recall = hits / values labelled (micro-averaged: a project with many values weighs more).
Values compare without case. `framework` is scored on the deep-learning frameworks only
(pytorch, tensorflow, keras, jax): the index also stores libraries (torchvision, scikit-learn,
...) that are not labelled.

With --primary, recall counts against the primary values instead (PRIMARY.tsv: `archive`, `task`,
`dataset`, `model`, `evidence`; each value one of that project's values in LABELS.tsv): what the
project is about, the kind of ground truth AIMMX was measured on (one model name, the datasets of
a paper's leaderboard entries), where LABELS.tsv lists registries and zoos in full. Precision
still counts against LABELS.tsv: a value found is right when it is one of the project's values,
primary or not. Framework and domain have no primary column; their labels are used as they are.
Projects without a primary row are left out.

Without --split, dev and held-out are scored, each on its own: `fresh`, `fresh2`, `fresh3`,
`fresh4` and `fresh5` (splits labelled blind) are scored only when asked for by name, so that
their errors are not read by accident.
"""

import argparse
import json
import pathlib
import sqlite3
import sys

ATTRIBUTES = ["framework", "domain", "task", "dataset", "model"]
PRIMARY_ATTRIBUTES = ["task", "dataset", "model"]
FRAMEWORKS = {"pytorch", "tensorflow", "keras", "jax"}
SPLITS = ["dev", "held-out", "fresh", "fresh2", "fresh3", "fresh4", "fresh5"]


def parse_values(cell):
    cell = cell.strip()
    if cell in ("", "-"):
        return set()
    return {value.strip().lower() for value in cell.split(";") if value.strip()}


def read_labels(path):
    lines = pathlib.Path(path).read_text(encoding="utf-8").splitlines()
    header = lines[0].split("\t")
    missing = [c for c in ["archive", "split", *ATTRIBUTES] if c not in header]
    if missing:
        raise SystemExit(f"{path}: missing columns {', '.join(missing)}")
    labels = {}
    for number, line in enumerate(lines[1:], start=2):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) < len(header):
            raise SystemExit(f"{path}:{number}: {len(cells)} cells, {len(header)} columns")
        row = dict(zip(header, cells))
        if row["split"] not in SPLITS:
            raise SystemExit(f"{path}:{number}: split must be one of {', '.join(SPLITS)}, not {row['split']!r}")
        labels[row["archive"]] = {"split": row["split"], **{a: parse_values(row[a]) for a in ATTRIBUTES}}
    return labels


def read_primary(paths, labels):
    """archive -> attribute -> primary values; each must be one of the project's labelled values."""
    primary = {}
    for path in paths:
        lines = pathlib.Path(path).read_text(encoding="utf-8").splitlines()
        header = lines[0].split("\t")
        missing = [c for c in ["archive", *PRIMARY_ATTRIBUTES] if c not in header]
        if missing:
            raise SystemExit(f"{path}: missing columns {', '.join(missing)}")
        for number, line in enumerate(lines[1:], start=2):
            if not line.strip() or line.startswith("#"):
                continue
            row = dict(zip(header, line.split("\t")))
            name = row["archive"]
            if name not in labels:
                raise SystemExit(f"{path}:{number}: {name} is not in the labels")
            if name in primary:
                raise SystemExit(f"{path}:{number}: {name} has a second primary row")
            values = {a: parse_values(row.get(a, "")) for a in PRIMARY_ATTRIBUTES}
            for attribute, chosen in values.items():
                extra = chosen - labels[name][attribute]
                if extra:
                    raise SystemExit(f"{path}:{number}: {name}'s primary {attribute} {', '.join(sorted(extra))} "
                                     f"is not among its labelled values")
            primary[name] = values
    return primary


def read_predictions(index_path):
    """archive name -> attribute -> set of values, from the index's projectAttribute rows."""
    uri = pathlib.Path(index_path).resolve().as_uri() + "?mode=ro"
    connection = sqlite3.connect(uri, uri=True)
    predictions = {}
    rows = connection.execute(
        "SELECT project.root, projectAttribute.kind, projectAttribute.value FROM project "
        "LEFT JOIN projectAttribute ON projectAttribute.projectId = project.id")
    for root, kind, value in rows:
        name = pathlib.PurePosixPath(root).name
        attributes = predictions.setdefault(name, {a: set() for a in ATTRIBUTES})
        if kind in attributes and value is not None:
            value = value.lower()
            if kind == "framework" and value not in FRAMEWORKS:
                continue
            attributes[kind].add(value)
    connection.close()
    return predictions


def score(labels, predictions, split="all", primary=None):
    """Per attribute: hits, predicted, labelled, precision, recall, and the errors by project.

    With `primary` (read_primary's result), recall is primary hits / primary values, precision
    stays hits / predicted against the full labels, and only projects with a primary row count."""
    result = {}
    chosen = {name: row for name, row in labels.items()
              if (split == "all" or row["split"] == split) and (primary is None or name in primary)}
    unindexed = sorted(name for name in chosen if name not in predictions)
    for attribute in ATTRIBUTES:
        hits = predicted = labelled = found = 0
        false_positives, false_negatives = {}, {}
        for name, row in sorted(chosen.items()):
            truth = row[attribute]
            wanted = primary[name][attribute] if primary is not None and attribute in PRIMARY_ATTRIBUTES else truth
            guess = predictions.get(name, {}).get(attribute, set())
            hits += len(truth & guess)
            predicted += len(guess)
            labelled += len(wanted)
            found += len(wanted & guess)
            if guess - truth:
                false_positives[name] = sorted(guess - truth)
            if wanted - guess:
                false_negatives[name] = sorted(wanted - guess)
        result[attribute] = {
            "hits": hits, "predicted": predicted, "labelled": labelled, "found": found,
            "precision": hits / predicted if predicted else None,
            "recall": found / labelled if labelled else None,
            "false_positives": false_positives, "false_negatives": false_negatives,
        }
    totals = {k: sum(result[a][k] for a in ATTRIBUTES) for k in ("hits", "predicted", "labelled", "found")}
    result["all"] = {
        **totals,
        "precision": totals["hits"] / totals["predicted"] if totals["predicted"] else None,
        "recall": totals["found"] / totals["labelled"] if totals["labelled"] else None,
    }
    return {"split": split, "projects": len(chosen), "unindexed": unindexed, "attributes": result,
            "primary": primary is not None}


def percent(value):
    return "   -  " if value is None else f"{100 * value:5.1f}%"


def print_report(report, errors):
    against = ", recall against the primary values" if report["primary"] else ""
    print(f"split {report['split']}: {report['projects']} labelled projects{against}")
    if report["unindexed"]:
        print(f"  not in the index (counted as predicting nothing): {', '.join(report['unindexed'])}")
    if report["primary"]:
        # The last column is the strict reading: a value found is right only when it is primary.
        print(f"  {'attribute':<10} {'precision':>9} {'recall':>7}   hits/predicted  found/primary"
              f"  {'primary precision':>17}")
    else:
        print(f"  {'attribute':<10} {'precision':>9} {'recall':>7}   hits/predicted/labelled")
    for attribute in [*ATTRIBUTES, "all"]:
        row = report["attributes"][attribute]
        if report["primary"]:
            strict = row["found"] / row["predicted"] if row["predicted"] else None
            counts = f"{row['hits']}/{row['predicted']}  {row['found']}/{row['labelled']}"
            counts = f"{counts:<30} {percent(strict):>6}"
        else:
            counts = f"{row['hits']}/{row['predicted']}/{row['labelled']}"
        print(f"  {attribute:<10} {percent(row['precision']):>9} {percent(row['recall']):>7}   {counts}")
    if errors:
        for attribute in ATTRIBUTES:
            row = report["attributes"][attribute]
            for name, values in row["false_positives"].items():
                print(f"  FP {attribute:<9} {name}: {', '.join(values)}")
            for name, values in row["false_negatives"].items():
                print(f"  FN {attribute:<9} {name}: {', '.join(values)}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("index")
    parser.add_argument("labels")
    parser.add_argument("--split", choices=[*SPLITS, "all"], default=None,
                        help="one split (default: dev and held-out, each on its own; fresh to fresh5 only by name)")
    parser.add_argument("--primary", nargs="+", metavar="PRIMARY.tsv",
                        help="count recall against these primary values (task, dataset, model)")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--errors", action="store_true", help="list false positives and negatives")
    arguments = parser.parse_args(argv)
    labels = read_labels(arguments.labels)
    predictions = read_predictions(arguments.index)
    primary = read_primary(arguments.primary, labels) if arguments.primary else None
    splits = [arguments.split] if arguments.split else ["dev", "held-out"]
    reports = [score(labels, predictions, split, primary) for split in splits]
    if arguments.json:
        json.dump(reports, sys.stdout, indent=1)
        print()
    else:
        for report in reports:
            print_report(report, arguments.errors)
    return 0


if __name__ == "__main__":
    sys.exit(main())
