#!/usr/bin/env python3
"""AIMMX's dataset rules beside `umlaut index`'s datasets, on the same archives and labels.

    aimmx_rules.py INDEX.sqlite LABELS.tsv CORPUS UMLAUT [--split SPLIT...] [--primary PRIMARY.tsv...]

AIMMX (Tsay et al., MSR 2020), the extractor whose 87% precision / 83% recall the issue cites,
finds a repository's datasets in its README only, by two rules (`dataset_detector.py`):

- every name of a list of leaderboard datasets that occurs in the README, lowercased, between
  non-word characters or the text's ends;
- every markdown link whose text says `dataset`, `data set` or `corpus` (anchors excluded), named
  by its text; a list name inside such a link's text is not counted twice.

It also reads the abstracts of the arXiv papers the README cites, which needs the network and is
not done here. AIMMX's own list is not used either: the rules run over the names and spellings
`umlaut search --names dataset` prints, so both sides know the same datasets and the comparison
is of the rules. That is generous to AIMMX: its list held one spelling a dataset (`CIFAR-10`,
not `cifar10`). A link's text that contains a known name is scored as that name (AIMMX keeps the
text: `COCO dataset`). The README is the archive's top-level README, as AIMMX reads a repository's.
AIMMX's other attributes have no counterpart here: its model "name" is the README's title (it
names no model family), its domain and task come from classifiers trained on its own data.

Scores go through score.py (the same precision, recall and --primary rules) for both sides.
"""

import argparse
import functools
import json
import pathlib
import re
import subprocess
import sys
import tarfile
import zipfile

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import score  # noqa: E402

LINK = re.compile(r"\[([^\]]+?)\]\(([^\)]+?)\)")
ANCHOR = re.compile(r"^#\S+")


def top_level_readme(archive):
    """The text of the archive's top-level README (below its single top directory), or ''."""
    path = pathlib.Path(archive)
    members = {}
    if path.name.endswith(".zip"):
        with zipfile.ZipFile(path) as zipped:
            for name in zipped.namelist():
                parts = name.split("/")
                if len(parts) == 2 and parts[1].lower().startswith("readme"):
                    members[parts[1]] = zipped.read(name)
    else:
        with tarfile.open(path) as tarred:
            for member in tarred.getmembers():
                parts = member.name.split("/")
                if member.isfile() and len(parts) == 2 and parts[1].lower().startswith("readme"):
                    members[parts[1]] = tarred.extractfile(member).read()
    if not members:
        return ""
    # A repository's README: markdown first, as the hosting site shows it.
    chosen = sorted(members, key=lambda n: (not n.lower().endswith(".md"), not n.lower().endswith(".rst"), n))[0]
    return members[chosen].decode("utf-8", errors="replace")


def catalogue(umlaut):
    """name -> spellings, from `umlaut search --names dataset --format json`."""
    output = subprocess.run([umlaut, "search", "--names", "dataset", "--format", "json"],
                            check=True, capture_output=True, text=True).stdout
    return {entry["name"]: entry["spellings"] for entry in json.loads(output)}


@functools.lru_cache(maxsize=None)
def boundary(spelling):
    """AIMMX's test for a list name: the lowercased name between non-word characters or ends."""
    return re.compile(r"(\W|\A)" + re.escape(spelling.lower()) + r"(\W|\Z)")


def names_in(lowered, spelling):
    """Whether `lowered` holds the spelling by AIMMX's test (a substring check first: the
    pattern's leading alternation makes the regular expression slow to reject)."""
    return spelling.lower() in lowered and boundary(spelling).search(lowered) is not None


def aimmx_datasets(readme, names):
    """The datasets AIMMX's two README rules find, as canonical names where a name is known."""
    lowered = readme.lower()
    found_in_links = []
    for text, target in LINK.findall(readme):
        words = text.lower()
        if ("dataset" in words or "data set" in words or "corpus" in words) and not ANCHOR.search(target):
            found_in_links.append(text.strip())
    values = set()
    for text in found_in_links:
        known = [name for name, spellings in names.items()
                 if any(names_in(text.lower(), s) for s in spellings)]
        values.update(name.lower() for name in known) if known else values.add(text.lower())
    link_text = " ".join(found_in_links).lower()
    for name, spellings in names.items():
        if name.lower() in values:
            continue
        if any(names_in(lowered, s) for s in spellings):
            if name.lower() in link_text:
                continue  # AIMMX keeps the link's dataset, not the list's
            values.add(name.lower())
    return values


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("index")
    parser.add_argument("labels")
    parser.add_argument("corpus", help="the directory of the labelled archives")
    parser.add_argument("umlaut")
    parser.add_argument("--split", nargs="+", default=["dev", "held-out"],
                        help="splits to score, each on its own (default: dev and held-out)")
    parser.add_argument("--primary", nargs="+", metavar="PRIMARY.tsv")
    arguments = parser.parse_args(argv)
    labels = score.read_labels(arguments.labels)
    primary = score.read_primary(arguments.primary, labels) if arguments.primary else None
    names = catalogue(arguments.umlaut)
    umlaut_predictions = score.read_predictions(arguments.index)
    aimmx_predictions = {}
    for archive in labels:
        readme = top_level_readme(pathlib.Path(arguments.corpus) / archive)
        aimmx_predictions[archive] = {a: set() for a in score.ATTRIBUTES}
        aimmx_predictions[archive]["dataset"] = aimmx_datasets(readme, names)
    print(f"datasets, {len(names)} names known to both sides; precision against the full labels, "
          f"recall against the full labels{' and the primary values' if primary else ''}")
    header = f"  {'split':<10} {'side':<13} {'precision':>9} {'recall':>7}   {'hits/predicted/labelled':<23}"
    print(header + ("  primary recall, found/primary" if primary else ""))
    for split in arguments.split:
        for side, predictions in (("AIMMX rules", aimmx_predictions), ("umlaut index", umlaut_predictions)):
            full = score.score(labels, predictions, split, None)["attributes"]["dataset"]
            counts = f"{full['hits']}/{full['predicted']}/{full['labelled']}"
            line = (f"  {split:<10} {side:<13} {score.percent(full['precision']):>9} {score.percent(full['recall']):>7}"
                    f"   {counts:<23}")
            if primary:
                main_values = score.score(labels, predictions, split, primary)["attributes"]["dataset"]
                line += f"  {score.percent(main_values['recall'])} {main_values['found']}/{main_values['labelled']}"
            print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
