"""Keras 3 (TensorFlow backend): the event stream of real training runs.

Each script runs once per session (see ``conftest.Runs``); the symptom scripts run all their
symptoms in one process, one ``fit`` and one model id each, in the order given here.
"""

import math

import pytest

from conftest import assert_stream_shape, symptom, symptom_runs, location, prefetch

SYMPTOMS = [
    "raw_input",
    "nan_loss",
    "nan_input",
    "nchw",
    "validation_is_training",
    "overfitting",
    "lr_schedule",
    "negative_lr",
    "flat_loss",
    "diverging_loss",
    "vanishing",
    "exploding",
    "dead_relu",
]
INPUT_KINDS = ["arrays", "generator", "dataset", "pydataset"]
PROGRAMS = ["program_a", "program_a_fixed", "program_b", "program_b_fixed"]

prefetch(
    __name__,
    ("keras_symptoms.py", tuple(SYMPTOMS), True),
    ("keras_healthy.py", (), True),
    ("keras_inputs.py", tuple(INPUT_KINDS), True),
    *[(f"{name}.py", (), True) for name in PROGRAMS],
)


def number(value):
    """A protocol number as a float (``"nan"``, ``"inf"`` and ``"-inf"`` included)."""
    return float(value)


def probed(epochs):
    """The epochs that carry the probe's measurements.

    The probe always runs in a fit's first two epochs; later it keeps within a time budget,
    which tiny test models exceed. An epoch has both measurements or neither, never an error.
    """
    assert all("probe_error" not in e for e in epochs), [e.get("probe_error") for e in epochs]
    assert all(("gradients" in e) == ("activations" in e) for e in epochs)
    chosen = [e for e in epochs if "gradients" in e]
    assert [e["epoch"] for e in chosen[:2]] == [e["epoch"] for e in epochs[:2]]
    return chosen


# -- a healthy run ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def healthy(runs):
    return runs.get("keras_healthy.py")


def test_healthy_run_sends_every_event_in_order(healthy):
    assert healthy.returncode == 0, healthy.stderr[-2000:]
    assert_stream_shape(healthy, "keras")
    attached = healthy.one("attached")
    assert attached["backend"] == "tensorflow" and attached["version"].startswith("3.")
    kinds = [k for k in healthy.kinds() if k not in ("hello", "attached")]
    assert kinds == ["model", "optimizer", "loss", "train_begin", "overlap"] + ["epoch"] * 4 + ["train_end", "exit"]
    assert healthy.one("exit")["status"] == "ok"
    # Finite weights are not listed (`nonfinite_weights` appears only when a layer's are not).
    assert all("nonfinite_weights" not in epoch for epoch in healthy.of("epoch"))


def test_healthy_run_locates_layers_optimizer_loss_and_fit(healthy):
    script = "keras_healthy.py"
    model = healthy.one("model")
    assert model["framework"] == "keras" and model["class"] == "Sequential"
    assert model["created_at"] == location(script, "model = keras.Sequential(")
    assert model["data_format"] == "channels_last" and model["input_shape"] == [None, 16]
    layers = model["layers"]
    assert [(l["name"], l["class"], l["activation"], l["parameters"]) for l in layers] == [
        ("dense", "Dense", "relu", 16 * 32 + 32),
        ("dense_1", "Dense", "relu", 32 * 32 + 32),
        ("dense_2", "Dense", "softmax", 32 * 4 + 4),
    ]
    assert layers[0]["created_at"] == location(script, 'keras.layers.Dense(32, activation="relu")', 1)
    assert layers[1]["created_at"] == location(script, 'keras.layers.Dense(32, activation="relu")', 2)
    assert layers[2]["created_at"] == location(script, "keras.layers.Dense(4")
    optimizer = healthy.one("optimizer")
    assert optimizer["class"] == "Adam" and optimizer["schedule"] is None
    assert optimizer["learning_rate"] == pytest.approx(1e-3)
    assert optimizer["created_at"] == location(script, "keras.optimizers.Adam(")
    loss = healthy.one("loss")
    assert loss["name"] == "sparse_categorical_crossentropy" and loss["from_logits"] is False
    assert loss["created_at"] == loss["compiled_at"] == location(script, "model.compile(")
    begin = healthy.one("train_begin")
    assert begin["call_site"] == location(script, "model.fit(")
    assert (begin["epochs"], begin["batch_size"], begin["train_samples"]) == (4, 32, 512)
    assert begin["validation"] == {"kind": "data", "call_site": begin["call_site"], "samples": 128}
    assert begin["optimizer"] == optimizer["optimizer"] and begin["model"] == model["model"]


def test_healthy_epochs_carry_the_logged_metrics_and_sensible_measurements(healthy):
    printed = {}
    for line in healthy.stdout.decode().splitlines():
        if line.startswith("epoch "):
            _, epoch, _, loss, _, val_loss = line.split()
            printed[int(epoch)] = (float(loss), float(val_loss))
    epochs = healthy.epochs("m1")
    assert [e["epoch"] for e in epochs] == [0, 1, 2, 3]
    for epoch in epochs:
        metrics = epoch["metrics"]
        assert set(metrics) == {"loss", "accuracy", "val_loss", "val_accuracy"}
        assert (metrics["loss"], metrics["val_loss"]) == printed[epoch["epoch"]]  # the very values of History
        assert epoch["learning_rate"] == pytest.approx(1e-3)
        assert epoch["nonfinite_batches"] == 0 and epoch["duration"] > 0
        stats = epoch["input"]
        assert stats["batches"] == 8 and stats["samples"] == 256
        assert stats["shape"] == [32, 16] and stats["dtype"] == "float32"
        assert -1.0 <= stats["min"] < 0 < stats["max"] <= 1.0 and stats["nan"] == stats["inf"] == 0
        assert 0 < stats["std"] < 1
    for epoch in probed(epochs):
        gradients = epoch["gradients"]
        assert [g["layer"] for g in gradients] == ["dense", "dense_1", "dense_2"]
        assert all(0 < g["norm"] < 10 for g in gradients)
        activations = epoch["activations"]
        assert [(a["layer"], a["activation"]) for a in activations] == [("dense", "relu"), ("dense_1", "relu")]
        assert all(0.1 < a["nonpositive_fraction"] < 0.9 for a in activations)
    assert epochs[-1]["metrics"]["loss"] < epochs[0]["metrics"]["loss"]
    overlap = healthy.one("overlap")
    assert (overlap["train_checked"], overlap["validation_checked"], overlap["identical"]) == (512, 128, 0)
    end = healthy.one("train_end")
    assert end["epochs_completed"] == 4 and end["aborted"] is False


# -- one run per symptom --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def symptoms(runs):
    return symptom_runs(runs, "keras_symptoms.py", "keras", SYMPTOMS)


def ratio_first_last(epoch):
    norms = [number(g["norm"]) for g in epoch["gradients"]]
    return norms[0] / norms[-1], norms[0]


def test_um501_raw_pixels_are_reported_before_any_cast(symptoms):
    _, _, epochs = symptom(symptoms, "raw_input")
    for epoch in epochs:
        stats = epoch["input"]
        assert stats["dtype"] == "uint8" and stats["shape"] == [32, 32, 32, 3]
        assert stats["min"] >= 0 and 200 < stats["max"] <= 255


def test_um502_nan_loss_with_clean_input(symptoms):
    run, model, epochs = symptom(symptoms, "nan_loss")
    first = run.one("nonfinite_loss", model=model)
    assert first["epoch"] == 0 and first["value"] in ("nan", "inf", "-inf")
    assert epochs[0]["nonfinite_batches"] >= 1
    assert all(e["input"]["nan"] == 0 and e["input"]["inf"] == 0 for e in epochs)
    assert math.isnan(number(epochs[-1]["metrics"]["loss"]))
    assert epochs[0]["learning_rate"] == pytest.approx(1e12, rel=1e-6)


def test_um502_nan_loss_with_nan_input(symptoms):
    run, model, epochs = symptom(symptoms, "nan_input")
    assert run.one("nonfinite_loss", model=model)["epoch"] == 0
    assert all(e["input"]["nan"] > 0 for e in epochs)


def test_um503_channels_first_images_into_a_channels_last_model(symptoms):
    run, model, epochs = symptom(symptoms, "nchw")
    description = run.one("model", model=model)
    assert description["data_format"] == "channels_last"
    assert description["input_shape"] == [None, 3, 32, 32]
    conv = description["layers"][0]
    assert conv["class"] == "Conv2D" and conv["data_format"] == "channels_last"
    assert epochs[0]["input"]["shape"] == [32, 3, 32, 32]


def test_um504_um510_validation_is_the_training_data(symptoms):
    run, model, epochs = symptom(symptoms, "validation_is_training")
    overlap = run.one("overlap", model=model)
    assert overlap["identical"] == overlap["validation_checked"] == overlap["train_checked"] == 512
    assert all(e["metrics"]["val_accuracy"] > 0.95 for e in epochs[3:])
    begin = run.one("train_begin", model=model)
    assert begin["validation"]["kind"] == "data"


def test_um505_overfitting(symptoms):
    _, _, epochs = symptom(symptoms, "overfitting")
    assert len(epochs) == 40
    loss = [e["metrics"]["loss"] for e in epochs]
    val_loss = [e["metrics"]["val_loss"] for e in epochs]
    assert loss[-1] < loss[0] / 10
    assert val_loss[-1] > min(val_loss) * 1.5


def test_um506_schedule_leaves_the_range(symptoms):
    run, model, epochs = symptom(symptoms, "lr_schedule")
    assert run.one("optimizer", optimizer=run.one("train_begin", model=model)["optimizer"])["schedule"] == "ExponentialDecay"
    rates = [e["learning_rate"] for e in epochs]
    assert rates == sorted(rates) and rates[0] < 0.01 < rates[-1]
    # ExponentialDecay(1e-3, decay_steps=4, decay_rate=1.5) at the epoch's last step (13 steps an epoch)
    assert rates[0] == pytest.approx(1e-3 * 1.5 ** (12 / 4), rel=1e-5)


def test_um506_negative_learning_rate(symptoms):
    _, _, epochs = symptom(symptoms, "negative_lr")
    assert all(e["learning_rate"] == pytest.approx(-1e-3) for e in epochs)


def test_um507_flat_loss(symptoms):
    _, _, epochs = symptom(symptoms, "flat_loss")
    loss = [e["metrics"]["loss"] for e in epochs]
    assert max(loss) - min(loss) < 1e-4


def test_um507_diverging_loss(symptoms):
    _, _, epochs = symptom(symptoms, "diverging_loss")
    loss = [e["metrics"]["loss"] for e in epochs]
    assert all(math.isfinite(value) for value in loss)
    assert all(later > earlier for earlier, later in zip(loss, loss[1:]))
    assert loss[-1] > 1000 * loss[0]


def test_um508_vanishing_gradients(symptoms):
    _, _, epochs = symptom(symptoms, "vanishing")
    assert len(epochs[0]["gradients"]) == 13
    for epoch in probed(epochs):
        ratio, first = ratio_first_last(epoch)
        assert ratio < 1e-3 and first < 1e-4


def test_um508_exploding_gradients(symptoms):
    _, _, epochs = symptom(symptoms, "exploding")
    for epoch in probed(epochs):
        ratio, _ = ratio_first_last(epoch)
        assert ratio > 70


def test_um509_dead_relu(symptoms):
    _, _, epochs = symptom(symptoms, "dead_relu")
    for epoch in probed(epochs):
        fractions = [a["nonpositive_fraction"] for a in epoch["activations"]]
        assert len(fractions) == 2
        assert fractions[1] == 1.0 and fractions[0] < 0.7
        units = [(a["dead_units"], a["units"]) for a in epoch["activations"]]
        assert units[1][0] == units[1][1] > 0 and units[0][0] < units[0][1] / 2


def test_healthy_symptom_runs_do_not_show_other_symptoms(symptoms):
    run, ids = symptoms
    clean = ["nchw", "lr_schedule", "negative_lr", "flat_loss", "vanishing", "exploding", "dead_relu", "overfitting"]
    for name in clean:
        for epoch in run.epochs(ids[name]):
            assert -1.0 <= epoch["input"]["min"] and epoch["input"]["max"] <= 1.0, name
        assert not run.of("nonfinite_loss", model=ids[name]), name
        assert run.one("overlap", model=ids[name])["identical"] == 0, name


# -- the user study's programs ------------------------------------------------------------------


@pytest.fixture(scope="module")
def programs(runs):
    result = {}
    for name in PROGRAMS:
        run = runs.get(f"{name}.py")
        assert run.returncode == 0, run.stderr[-3000:]
        assert_stream_shape(run, "keras")
        result[name] = run
    return result


def test_program_a_raw_pixels_logits_and_heavy_dropout(programs):
    run = programs["program_a"]
    model = run.one("model")
    assert model["layers"][-1]["activation"] == "linear"
    assert [l["class"] for l in model["layers"]].count("Dropout") == 3
    loss = run.one("loss")
    assert loss["name"] == "sparse_categorical_crossentropy" and loss["from_logits"] is False
    assert loss["class"] == "function"
    for epoch in run.epochs("m1"):
        assert epoch["input"]["dtype"] == "uint8" and epoch["input"]["max"] > 200
    fixed = programs["program_a_fixed"]
    assert fixed.one("loss")["from_logits"] is True
    assert fixed.one("loss")["created_at"] == location("program_a_fixed.py", "SparseCategoricalCrossentropy(")
    for epoch in fixed.epochs("m1"):
        assert 0.0 <= epoch["input"]["min"] and epoch["input"]["max"] <= 1.0
    fixed_loss = [e["metrics"]["loss"] for e in fixed.epochs("m1")]
    assert fixed_loss[-1] < fixed_loss[0]


def test_program_b_negative_rate_no_activations_and_validation_from_training(programs):
    run = programs["program_b"]
    model = run.one("model")
    assert [l["activation"] for l in model["layers"] if l["class"] in ("Conv2D", "Dense")] == [
        "linear",
        "linear",
        "linear",
        "softmax",
    ]
    assert run.one("optimizer")["learning_rate"] == -1000.0
    assert all(e["learning_rate"] == -1000.0 for e in run.epochs("m1"))
    overlap = run.one("overlap")
    assert overlap["identical"] == overlap["validation_checked"] == 100
    assert run.of("nonfinite_loss")
    fixed = programs["program_b_fixed"]
    assert fixed.one("overlap")["identical"] == 0
    assert not fixed.of("nonfinite_loss")
    assert all(e["learning_rate"] == pytest.approx(1e-3) for e in fixed.epochs("m1"))
    assert all(a["activation"] == "relu" for e in probed(fixed.epochs("m1")) for a in e["activations"])


# -- every kind of input ------------------------------------------------------------------------


def test_every_kind_of_input_gives_statistics_from_training_batches(runs):
    run = runs.get("keras_inputs.py", *INPUT_KINDS)
    assert run.returncode == 0, run.stderr[-3000:]
    ids = run.model_ids()
    assert len(ids) == len(INPUT_KINDS)
    for kind, model in zip(INPUT_KINDS, ids):
        epochs = run.epochs(model)
        assert len(epochs) == 3, kind
        for epoch in epochs:
            stats = epoch["input"]
            assert stats is not None, kind
            assert stats["dtype"] == "uint8" and stats["shape"][1:] == [16], (kind, stats)
            assert 0 <= stats["min"] < 60 and 200 < stats["max"] <= 255, (kind, stats)
            assert stats["batches"] >= 1
        assert all(len(epoch["gradients"]) == 2 for epoch in probed(epochs)), kind
    # Arrays and generators of arrays carry sample counts; the overlap needs arrays on both sides.
    assert run.one("overlap", model=ids[0])["identical"] == 0


# -- the explicit integration --------------------------------------------------------------------


def test_explicit_callback_with_start(tmp_path):
    from conftest import run_script

    events = tmp_path / "explicit.jsonl"
    run = run_script(
        "keras_explicit.py", f"file:{events}", instrumented=False, package_on_path=True, events_path=events
    )
    assert run.returncode == 0, run.stderr[-2000:]
    assert_stream_shape(run, "keras")
    assert len(run.of("train_begin")) == 1  # fit recognised the user's callback: no second one
    begin = run.one("train_begin")
    assert begin["validation"]["kind"] == "split" and begin["train_samples"] == 384
    assert len(run.epochs("m1")) == 3
    assert run.one("train_end")["epochs_completed"] == 3


def test_explicit_callback_alone_starts_the_instrumentation(tmp_path):
    from conftest import run_script

    run = run_script(
        "keras_explicit.py", "--no-start", instrumented=False, package_on_path=True, cwd=tmp_path
    )
    assert run.returncode == 0, run.stderr[-2000:]
    written = tmp_path / ".umlaut" / "events.jsonl"
    assert written.exists()
    from conftest import parse_events

    events = parse_events(written.read_bytes())
    kinds = [e["event"] for e in events]
    assert kinds[0] == "hello" and kinds[-1] == "exit"
    epochs = [e for e in events if e["event"] == "epoch"]
    assert len(epochs) == 3
    assert all(e["input"]["samples"] > 0 for e in epochs)
    assert all(len(e["gradients"]) == 2 for e in probed(epochs))
    assert [e for e in events if e["event"] == "train_end"][0]["epochs_completed"] == 3


# -- another backend ----------------------------------------------------------------------------


def test_keras_with_the_torch_backend_is_reported_once_and_unchanged(tmp_path):
    from conftest import run_script

    torch_backend = {"KERAS_BACKEND": "torch"}
    plain = run_script("keras_healthy.py", instrumented=False, env_extra=torch_backend)
    run = run_script("keras_healthy.py", events_path=tmp_path / "events.jsonl", env_extra=torch_backend)
    assert plain.returncode == run.returncode == 0, run.stderr[-2000:]
    assert run.stdout == plain.stdout
    keras = run.one("attached", framework="keras")
    assert keras["backend"] == "torch"
    assert run.of("attached", framework="torch")  # Keras imported torch, whose hooks stand aside
    assert len(run.of("train_begin")) == 1 and len(run.of("model")) == 1
    epochs = run.epochs("m1")
    assert len(epochs) == 4
    assert all(len(e["gradients"]) == 3 and all(g["norm"] > 0 for g in e["gradients"]) for e in probed(epochs))
    assert all(len(e["activations"]) == 2 for e in probed(epochs))


# -- models that are not a plain Sequential -----------------------------------------------------

SUBCLASSED = '''
import os
os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"
import keras
import numpy as np


class Net(keras.Model):
    def __init__(self):
        super().__init__()
        self.block = keras.Sequential([keras.layers.Dense(16, activation="relu"), keras.layers.Dense(16)])
        self.act = keras.layers.ReLU()
        self.head = keras.layers.Dense(3, activation="softmax")

    def call(self, x, training=False):
        return self.head(self.act(self.block(x)))


keras.utils.set_random_seed(0)
x = np.random.default_rng(0).uniform(-1, 1, size=(256, 8)).astype("float32")
y = (x[:, 0] > 0).astype("int64") + (x[:, 1] > 0)
model = Net()
model.compile(optimizer="adam", loss=keras.losses.SparseCategoricalCrossentropy())
inputs = keras.Input((8,))
functional = keras.Model(inputs, keras.layers.Dense(3, activation="softmax")(model.block(inputs)))
functional.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
model.fit(x, y, epochs=2, verbose=0)
functional.fit(x, y, epochs=2, verbose=0)
print("done")
'''


def test_subclassed_and_nested_models_are_described_and_probed(tmp_path):
    from conftest import run_script

    script = tmp_path / "subclassed.py"
    script.write_text(SUBCLASSED)
    run = run_script(script, events_path=tmp_path / "events.jsonl")
    assert run.returncode == 0 and run.stdout == b"done\n", run.stderr[-2000:]
    first, second = run.of("model")
    assert first["class"] == "Net" and first["created_at"] == location(script, "model = Net()")
    assert [(l["class"], l["activation"]) for l in first["layers"]] == [
        ("Dense", "relu"),
        ("Dense", "linear"),
        ("ReLU", "relu"),
        ("Dense", "softmax"),
    ]
    assert first["layers"][0]["created_at"] == location(script, "self.block = keras.Sequential(")
    assert first["layers"][2]["created_at"] == location(script, "self.act = keras.layers.ReLU()")
    loss = run.one("loss", model=first["model"])
    assert loss["class"] == "SparseCategoricalCrossentropy"
    assert loss["created_at"] == location(script, "keras.losses.SparseCategoricalCrossentropy()")
    for epoch in probed(run.epochs(first["model"])):
        assert [g["layer"] for g in epoch["gradients"]] == [l["name"] for l in first["layers"] if l["class"] == "Dense"]
        assert all(g["norm"] > 0 for g in epoch["gradients"])
        assert [a["activation"] for a in epoch["activations"]] == ["relu", "relu"]
    # The functional model shares the nested block: its layers are reported again, in its order.
    assert second["class"] == "Functional" and len(second["layers"]) == 3
    assert all(len(e["gradients"]) == 3 for e in probed(run.epochs(second["model"])))
