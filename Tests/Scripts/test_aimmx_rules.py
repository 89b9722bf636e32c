"""bench/project-corpus/aimmx_rules.py: AIMMX's README rules for datasets, on made-up READMEs."""

import importlib.util
import io
import pathlib
import tarfile
import zipfile

SCRIPT = pathlib.Path(__file__).resolve().parents[2] / "bench" / "project-corpus" / "aimmx_rules.py"
spec = importlib.util.spec_from_file_location("aimmx_rules", SCRIPT)
aimmx = importlib.util.module_from_spec(spec)
spec.loader.exec_module(aimmx)

NAMES = {
    "CIFAR-10": ["CIFAR10", "cifar10", "CIFAR-10"],
    "COCO": ["COCO", "MSCOCO"],
    "MNIST": ["MNIST", "mnist"],
    "ImageNet": ["ImageNet", "ILSVRC"],
}


def test_list_names_match_between_non_word_characters_without_case():
    readme = "# Net\nTrained on cifar-10 and MSCOCO.\nNot mnistlike, not xImageNet.\n"
    assert aimmx.aimmx_datasets(readme, NAMES) == {"cifar-10", "coco"}


def test_dataset_links_are_named_by_their_text_or_the_known_name_inside_it():
    readme = (
        "See the [COCO dataset](https://example.org/coco) and our [text corpus](data/corpus.txt).\n"
        "[Jump to datasets](#datasets) is an anchor; [ImageNet](https://example.org) says no dataset word.\n"
    )
    # The COCO link names COCO once; the corpus link keeps its text; the anchor is skipped;
    # ImageNet is found by the list rule.
    assert aimmx.aimmx_datasets(readme, NAMES) == {"coco", "text corpus", "imagenet"}


def test_the_top_level_readme_is_read_from_tar_and_zip(tmp_path):
    def add(tar, name, text):
        data = text.encode()
        info = tarfile.TarInfo(name)
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))

    with tarfile.open(tmp_path / "p-1.0.tar.gz", "w:gz") as tar:
        add(tar, "p-1.0/README.rst", "rst text")
        add(tar, "p-1.0/README.md", "markdown text")
        add(tar, "p-1.0/docs/README.md", "nested, not read")
    assert aimmx.top_level_readme(tmp_path / "p-1.0.tar.gz") == "markdown text"
    with zipfile.ZipFile(tmp_path / "q-2.0.zip", "w") as zipped:
        zipped.writestr("q-2.0/readme.txt", "plain text")
        zipped.writestr("q-2.0/src/README.md", "nested")
    assert aimmx.top_level_readme(tmp_path / "q-2.0.zip") == "plain text"
    with tarfile.open(tmp_path / "r-3.0.tar.gz", "w:gz") as tar:
        add(tar, "r-3.0/setup.py", "")
    assert aimmx.top_level_readme(tmp_path / "r-3.0.tar.gz") == ""


def test_both_sides_are_scored_on_the_same_labels(tmp_path, capsys):
    import json
    import sqlite3
    import sys

    # A stand-in for `umlaut search --names dataset --format json`.
    fake = tmp_path / "umlaut"
    names = [{"name": name, "spellings": spellings} for name, spellings in NAMES.items()]
    fake.write_text(f"#!{sys.executable}\nprint({json.dumps(names)!r})\n")
    fake.chmod(0o755)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    with tarfile.open(corpus / "a-1.0.tar.gz", "w:gz") as tar:
        data = b"# A\nResults on CIFAR-10 and MNIST.\n"
        info = tarfile.TarInfo("a-1.0/README.md")
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    db = sqlite3.connect(tmp_path / "index.sqlite")
    db.execute("CREATE TABLE project (id INTEGER PRIMARY KEY, root TEXT, name TEXT)")
    db.execute("CREATE TABLE projectAttribute (id INTEGER PRIMARY KEY, projectId INTEGER, kind TEXT, value TEXT)")
    db.execute("INSERT INTO project VALUES (1, '/c/a-1.0.tar.gz', 'a')")
    db.execute("INSERT INTO projectAttribute (projectId, kind, value) VALUES (1, 'dataset', 'CIFAR-10')")
    db.commit()
    db.close()
    (tmp_path / "labels.tsv").write_text(
        "archive\tsplit\tframework\tdomain\ttask\tdataset\tmodel\tevidence\n"
        "a-1.0.tar.gz\tdev\t-\t-\t-\tCIFAR-10\t-\tREADME\n")
    (tmp_path / "primary.tsv").write_text("archive\ttask\tdataset\tmodel\tevidence\na-1.0.tar.gz\t-\tCIFAR-10\t-\tx\n")
    arguments = [str(tmp_path / "index.sqlite"), str(tmp_path / "labels.tsv"), str(corpus), str(fake),
                 "--split", "dev", "--primary", str(tmp_path / "primary.tsv")]
    assert aimmx.main(arguments) == 0
    lines = capsys.readouterr().out.splitlines()
    # AIMMX's rule also takes MNIST, which is not labelled: precision 1 of 2.
    assert any(line.split()[:6] == ["dev", "AIMMX", "rules", "50.0%", "100.0%", "1/2/1"] for line in lines)
    assert any(line.split()[:6] == ["dev", "umlaut", "index", "100.0%", "100.0%", "1/1/1"] for line in lines)
    assert lines[0].startswith("datasets, 4 names known to both sides")
