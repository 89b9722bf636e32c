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
