"""bench/project-corpus/score.py on a small made-up index and labels."""

import importlib.util
import pathlib
import sqlite3

import pytest

SCRIPT = pathlib.Path(__file__).resolve().parents[2] / "bench" / "project-corpus" / "score.py"
spec = importlib.util.spec_from_file_location("project_corpus_score", SCRIPT)
score_module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(score_module)

HEADER = "archive\tsplit\tframework\tdomain\ttask\tdataset\tmodel\tevidence\n"


def make_index(path, projects):
    """projects: root -> [(kind, value)], in the index's projectAttribute layout."""
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE project (id INTEGER PRIMARY KEY, root TEXT, name TEXT)")
    db.execute("CREATE TABLE projectAttribute (id INTEGER PRIMARY KEY, projectId INTEGER, kind TEXT, value TEXT)")
    for number, (root, attributes) in enumerate(projects.items(), start=1):
        db.execute("INSERT INTO project (id, root, name) VALUES (?, ?, ?)", (number, root, root))
        for kind, value in attributes:
            db.execute("INSERT INTO projectAttribute (projectId, kind, value) VALUES (?, ?, ?)", (number, kind, value))
    db.commit()
    db.close()


def test_precision_and_recall_per_attribute_and_split(tmp_path):
    make_index(tmp_path / "index.sqlite", {
        "/corpus/a-1.0.tar.gz": [("framework", "pytorch"), ("framework", "torchvision"), ("domain", "vision"),
                                 ("task", "classification"), ("task", "detection"), ("dataset", "ImageNet"),
                                 ("model", "ResNet"), ("reference", "arXiv:1512.03385")],
        "/corpus/b-2.0.zip": [("framework", "Keras"), ("domain", "nlp")],
        "/corpus/c-3.0.tar.gz": [("domain", "audio")],
    })
    (tmp_path / "labels.tsv").write_text(HEADER + "".join([
        "a-1.0.tar.gz\tdev\tpytorch\tvision\tclassification\tImageNet;COCO\tResNet;VGG\tREADME\n",
        "b-2.0.zip\tdev\tkeras;tensorflow\tnlp\t-\t-\t-\tcode\n",
        "c-3.0.tar.gz\theld-out\tpytorch\taudio\tspeech-recognition\t-\tWhisper\tREADME\n",
        "d-4.0.tar.gz\theld-out\tjax\trl\t-\t-\t-\tnot indexed\n",
        "e-5.0.tar.gz\tfresh\tkeras\tnlp\ttranslation\t-\tTransformer\tlabelled blind\n",
    ]))
    labels = score_module.read_labels(tmp_path / "labels.tsv")
    predictions = score_module.read_predictions(tmp_path / "index.sqlite")
    # Libraries are not scored as frameworks; values compare without case.
    assert predictions["a-1.0.tar.gz"]["framework"] == {"pytorch"}
    assert predictions["b-2.0.zip"]["framework"] == {"keras"}

    dev = score_module.score(labels, predictions, "dev")
    assert dev["projects"] == 2 and dev["unindexed"] == []
    framework = dev["attributes"]["framework"]
    assert (framework["hits"], framework["predicted"], framework["labelled"]) == (2, 2, 3)
    assert framework["precision"] == 1.0 and framework["recall"] == pytest.approx(2 / 3)
    assert framework["false_negatives"] == {"b-2.0.zip": ["tensorflow"]}
    task = dev["attributes"]["task"]
    assert task["precision"] == 0.5 and task["recall"] == 1.0
    assert task["false_positives"] == {"a-1.0.tar.gz": ["detection"]}
    model = dev["attributes"]["model"]
    assert model["precision"] == 1.0 and model["recall"] == 0.5
    assert dev["attributes"]["all"]["hits"] == 2 + 2 + 1 + 1 + 1

    held_out = score_module.score(labels, predictions, "held-out")
    assert held_out["unindexed"] == ["d-4.0.tar.gz"]
    assert held_out["attributes"]["domain"]["recall"] == 0.5
    assert held_out["attributes"]["dataset"]["precision"] is None  # nothing predicted, nothing labelled

    fresh = score_module.score(labels, predictions, "fresh")
    assert fresh["projects"] == 1 and fresh["unindexed"] == ["e-5.0.tar.gz"]
    assert fresh["attributes"]["model"]["recall"] == 0.0
    assert score_module.score(labels, predictions, "all")["projects"] == 5


def test_fresh_is_scored_only_when_asked_for(tmp_path, capsys):
    make_index(tmp_path / "index.sqlite", {"/corpus/a-1.0.tar.gz": [("domain", "vision")]})
    (tmp_path / "labels.tsv").write_text(HEADER + "".join([
        "a-1.0.tar.gz\tdev\t-\tvision\t-\t-\t-\tREADME\n",
        "b-2.0.tar.gz\tfresh\t-\taudio\t-\t-\t-\tREADME\n",
        "c-3.0.tar.gz\tfresh2\t-\ttime-series\t-\t-\t-\tREADME\n",
        "d-4.0.tar.gz\tfresh3\t-\ttabular\t-\t-\t-\tREADME\n",
        "f-6.0.tar.gz\tfresh4\t-\trl\t-\t-\t-\tREADME\n",
        "g-7.0.tar.gz\tfresh5\t-\tnlp\t-\t-\t-\tREADME\n",
    ]))
    arguments = [str(tmp_path / "index.sqlite"), str(tmp_path / "labels.tsv"), "--errors"]
    assert score_module.main(arguments) == 0
    default = capsys.readouterr().out
    assert "split dev" in default and "split held-out" in default
    assert "fresh" not in default and "b-2.0" not in default and "c-3.0" not in default
    assert "d-4.0" not in default and "f-6.0" not in default and "g-7.0" not in default
    assert score_module.main([*arguments, "--split", "fresh"]) == 0
    assert "FN domain    b-2.0.tar.gz: audio" in capsys.readouterr().out
    assert score_module.main([*arguments, "--split", "fresh2"]) == 0
    assert "FN domain    c-3.0.tar.gz: time-series" in capsys.readouterr().out
    assert score_module.main([*arguments, "--split", "fresh3"]) == 0
    output = capsys.readouterr().out
    assert "FN domain    d-4.0.tar.gz: tabular" in output and "c-3.0" not in output
    assert "f-6.0" not in output
    assert score_module.main([*arguments, "--split", "fresh4"]) == 0
    output = capsys.readouterr().out
    assert "FN domain    f-6.0.tar.gz: rl" in output and "d-4.0" not in output
    assert "g-7.0" not in output
    assert score_module.main([*arguments, "--split", "fresh5"]) == 0
    output = capsys.readouterr().out
    assert "FN domain    g-7.0.tar.gz: nlp" in output and "f-6.0" not in output


def test_bad_labels_are_refused(tmp_path):
    (tmp_path / "labels.tsv").write_text(HEADER + "a.tar.gz\ttuning\tpytorch\t-\t-\t-\t-\tx\n")
    with pytest.raises(SystemExit, match="split must be one of dev, held-out, fresh, fresh2, fresh3, fresh4, fresh5"):
        score_module.read_labels(tmp_path / "labels.tsv")
    (tmp_path / "short.tsv").write_text("archive\tsplit\tframework\n")
    with pytest.raises(SystemExit, match="missing columns"):
        score_module.read_labels(tmp_path / "short.tsv")


PRIMARY_HEADER = "archive\ttask\tdataset\tmodel\tevidence\n"


def test_primary_values_set_the_recall_and_the_full_labels_the_precision(tmp_path, capsys):
    make_index(tmp_path / "index.sqlite", {
        "/corpus/a-1.0.tar.gz": [("framework", "pytorch"), ("task", "classification"), ("dataset", "ImageNet"),
                                 ("dataset", "CIFAR-10"), ("model", "VGG"), ("model", "DenseNet")],
        "/corpus/b-2.0.tar.gz": [("dataset", "COCO")],
    })
    (tmp_path / "labels.tsv").write_text(HEADER + "".join([
        "a-1.0.tar.gz\tdev\tpytorch\tvision\tclassification\tImageNet;CIFAR-10;SVHN\tResNet;VGG;Inception\tREADME\n",
        "b-2.0.tar.gz\tdev\tpytorch\tvision\tdetection\tCOCO\tYOLO\tREADME\n",
        "c-3.0.tar.gz\tdev\tjax\t-\t-\tMNIST\t-\tno primary row\n",
    ]))
    (tmp_path / "primary.tsv").write_text(PRIMARY_HEADER + "".join([
        "a-1.0.tar.gz\tclassification\tImageNet\tResNet\tREADME title\n",
        "b-2.0.tar.gz\tdetection\t-\tYOLO\tREADME title\n",
    ]))
    labels = score_module.read_labels(tmp_path / "labels.tsv")
    primary = score_module.read_primary([tmp_path / "primary.tsv"], labels)
    predictions = score_module.read_predictions(tmp_path / "index.sqlite")
    report = score_module.score(labels, predictions, "dev", primary)
    assert report["projects"] == 2  # c has no primary row
    dataset = report["attributes"]["dataset"]
    # ImageNet, CIFAR-10 and COCO are all labelled: precision 3/3; of the one primary dataset,
    # ImageNet, one is found.
    assert (dataset["hits"], dataset["predicted"], dataset["found"], dataset["labelled"]) == (3, 3, 1, 1)
    assert dataset["precision"] == 1.0 and dataset["recall"] == 1.0
    model = report["attributes"]["model"]
    # VGG is labelled but not primary: right, yet it does not count for recall; ResNet and YOLO are missed.
    assert (model["hits"], model["predicted"], model["found"], model["labelled"]) == (1, 2, 0, 2)
    assert model["false_positives"] == {"a-1.0.tar.gz": ["densenet"]}
    assert model["false_negatives"] == {"a-1.0.tar.gz": ["resnet"], "b-2.0.tar.gz": ["yolo"]}
    assert report["attributes"]["task"]["recall"] == 0.5
    # Framework has no primary column: its labels count as they are.
    assert report["attributes"]["framework"]["labelled"] == 2
    assert report["attributes"]["all"]["found"] == 1 + 0 + 1 + 1 + 0
    # Without primary values the same index scores against the full labels.
    full = score_module.score(labels, predictions, "dev")
    assert full["attributes"]["dataset"]["recall"] == pytest.approx(3 / 5)
    arguments = [str(tmp_path / "index.sqlite"), str(tmp_path / "labels.tsv"), "--split", "dev",
                 "--primary", str(tmp_path / "primary.tsv")]
    assert score_module.main(arguments) == 0
    output = capsys.readouterr().out
    assert "recall against the primary values" in output
    assert "dataset       100.0%  100.0%   3/3  1/1" in output
    assert "model          50.0%    0.0%   1/2  0/2" in output and output.count("  0.0%") >= 2


def test_a_primary_value_must_be_a_labelled_one(tmp_path):
    (tmp_path / "labels.tsv").write_text(HEADER + "a.tar.gz\tdev\tpytorch\tvision\t-\tImageNet\tResNet\tx\n")
    labels = score_module.read_labels(tmp_path / "labels.tsv")
    (tmp_path / "primary.tsv").write_text(PRIMARY_HEADER + "a.tar.gz\t-\tCOCO\tResNet\tx\n")
    with pytest.raises(SystemExit, match="primary dataset coco is not among its labelled values"):
        score_module.read_primary([tmp_path / "primary.tsv"], labels)
    (tmp_path / "twice.tsv").write_text(PRIMARY_HEADER + "a.tar.gz\t-\t-\t-\tx\n" * 2)
    with pytest.raises(SystemExit, match="second primary row"):
        score_module.read_primary([tmp_path / "twice.tsv"], labels)
    (tmp_path / "unknown.tsv").write_text(PRIMARY_HEADER + "b.tar.gz\t-\t-\t-\tx\n")
    with pytest.raises(SystemExit, match="not in the labels"):
        score_module.read_primary([tmp_path / "unknown.tsv"], labels)
