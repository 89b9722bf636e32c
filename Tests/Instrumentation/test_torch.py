"""PyTorch plain loops: the event stream of real training runs."""

import math

import pytest

from conftest import assert_stream_shape, symptom, symptom_runs, line_of, location, prefetch, run_script

SYMPTOMS = [
    "raw_input",
    "nan_loss",
    "nan_input",
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

prefetch(__name__, ("torch_symptoms.py", tuple(SYMPTOMS), True), ("torch_healthy.py", (), True))


def number(value):
    return float(value)


# -- a healthy run ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def healthy(runs):
    run = runs.get("torch_healthy.py")
    assert run.returncode == 0, run.stderr[-2000:]
    return run


def test_healthy_epochs_list_no_nonfinite_weights(healthy):
    epochs = healthy.of("epoch")
    assert epochs and all("nonfinite_weights" not in epoch for epoch in epochs)


def printed_epochs(run):
    values = {}
    for line in run.stdout.decode().splitlines():
        if line.startswith("epoch "):
            _, epoch, _, loss, _, val_loss = line.split()
            values[int(epoch)] = (float(loss), float(val_loss))
    return values


def test_healthy_loop_sends_every_event_in_order(healthy):
    assert_stream_shape(healthy, "torch")
    kinds = [k for k in healthy.kinds() if k not in ("hello", "attached")]
    # Epoch 0 is sent when its validation pass ends; the overlap right after it.
    assert kinds == ["model", "optimizer", "loss", "train_begin", "epoch", "overlap"] + ["epoch"] * 3 + [
        "train_end",
        "exit",
    ]
    assert healthy.one("exit")["status"] == "ok"
    assert healthy.one("train_end")["epochs_completed"] == 4


def test_healthy_loop_locates_modules_optimizer_loss_and_loop(healthy):
    script = "torch_healthy.py"
    model = healthy.one("model")
    assert model["framework"] == "torch" and model["class"] == "Net"
    assert model["created_at"] == location(script, "model = Net()")
    assert model["data_format"] == "channels_first"
    layers = {layer["name"]: layer for layer in model["layers"]}
    assert list(layers) == ["fc1", "act", "fc2", "drop", "fc3"]
    assert layers["fc1"]["created_at"] == location(script, "self.fc1 = nn.Linear")
    assert layers["act"]["created_at"] == location(script, "self.act = nn.ReLU()")
    assert layers["act"]["activation"] == "relu" and layers["fc1"]["activation"] is None
    assert layers["fc2"]["parameters"] == 32 * 32 + 32
    optimizer = healthy.one("optimizer")
    assert optimizer["class"] == "Adam" and optimizer["learning_rate"] == 1e-3
    assert optimizer["created_at"] == location(script, "torch.optim.Adam(")
    loss = healthy.one("loss")
    assert loss["name"] == "CrossEntropyLoss" and loss["grad_fn"] == "NllLossBackward0"
    assert loss["created_at"] == location(script, "nn.CrossEntropyLoss()")
    begin = healthy.one("train_begin")
    assert begin["call_site"] == location(script, "for x, y in train_loader:")
    assert begin["backward_at"] == location(script, "loss.backward()")
    assert (begin["batch_size"], begin["train_samples"]) == (32, 512)


def test_healthy_epochs_match_the_loop_and_measure_sensibly(healthy):
    printed = printed_epochs(healthy)
    epochs = healthy.epochs("m1")
    assert [e["epoch"] for e in epochs] == [0, 1, 2, 3]
    relu_line = line_of("torch_healthy.py", "torch.relu(")
    for epoch in epochs:
        loss, val_loss = printed[epoch["epoch"]]
        assert epoch["metrics"]["loss"] == pytest.approx(loss, abs=1e-6)
        assert epoch["metrics"]["val_loss"] == pytest.approx(val_loss, abs=1e-6)
        assert epoch["steps"] == 16 and epoch["validation_samples"] == 128
        assert epoch["learning_rate"] == 1e-3 and epoch["nonfinite_batches"] == 0
        stats = epoch["input"]
        assert stats["shape"] == [32, 16] and stats["dtype"] == "float32"
        assert stats["batches"] == (7 if epoch["epoch"] == 0 else 8)  # step 0 runs before discovery
        assert -1 <= stats["min"] < 0 < stats["max"] <= 1
        assert [g["layer"] for g in epoch["gradients"]] == ["fc1", "fc2", "fc3"]
        assert all(0 < g["norm"] < 10 for g in epoch["gradients"])
        activations = {a["layer"]: a for a in epoch["activations"]}
        assert set(activations) == {"act", f"Net:relu@{relu_line}"}
        assert activations["act"]["location"] == location("torch_healthy.py", "self.act = nn.ReLU()")
        assert activations[f"Net:relu@{relu_line}"]["location"] == location("torch_healthy.py", "torch.relu(")
        assert all(0.1 < a["nonpositive_fraction"] < 0.9 for a in activations.values())
    overlap = healthy.one("overlap")
    assert overlap["identical"] == 0 and overlap["validation_checked"] == 128
    assert 480 <= overlap["train_checked"] <= 512  # the first batch runs before the model is found


# -- one run per symptom --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def symptoms(runs):
    return symptom_runs(runs, "torch_symptoms.py", "torch", SYMPTOMS)


def test_um501_raw_pixels(symptoms):
    _, _, epochs = symptom(symptoms, "raw_input")
    for epoch in epochs:
        assert epoch["input"]["shape"] == [32, 3, 32, 32]
        assert epoch["input"]["min"] >= 0 and epoch["input"]["max"] > 200


def test_um502_nan_loss_with_clean_input(symptoms):
    run, model, epochs = symptom(symptoms, "nan_loss")
    first = run.one("nonfinite_loss", model=model)
    assert first["epoch"] == 0 and first["batch"] >= 1
    assert all(e["input"]["nan"] == 0 for e in epochs)
    assert math.isnan(number(epochs[-1]["metrics"]["loss"]))
    assert math.isnan(number(epochs[-1]["metrics"]["val_loss"]))
    assert epochs[0]["learning_rate"] == 1e12


def test_um502_nan_loss_with_nan_input(symptoms):
    run, model, epochs = symptom(symptoms, "nan_input")
    assert run.one("nonfinite_loss", model=model)["epoch"] == 0
    assert all(e["input"]["nan"] > 0 for e in epochs)
    assert run.kinds().index("train_begin") < run.kinds().index("nonfinite_loss")


def test_um504_um510_validation_loader_over_the_training_set(symptoms):
    run, model, epochs = symptom(symptoms, "validation_is_training")
    overlap = run.one("overlap", model=model)
    assert overlap["validation_checked"] == 384
    assert overlap["identical"] == overlap["train_checked"] >= 352


def test_um505_overfitting(symptoms):
    _, _, epochs = symptom(symptoms, "overfitting")
    assert len(epochs) == 40
    loss = [e["metrics"]["loss"] for e in epochs]
    val_loss = [e["metrics"]["val_loss"] for e in epochs]
    assert loss[-1] < loss[0] / 10 and val_loss[-1] > min(val_loss) * 1.5


def test_um506_schedule_leaves_the_range(symptoms):
    run, model, epochs = symptom(symptoms, "lr_schedule")
    assert [e["learning_rate"] for e in epochs] == pytest.approx([1e-3, 4e-3, 1.6e-2, 6.4e-2])
    optimizer = run.one("train_begin", model=model)["optimizer"]
    assert run.one("optimizer", optimizer=optimizer)["schedule"] == "ExponentialLR"


def test_um506_negative_learning_rate(symptoms):
    _, _, epochs = symptom(symptoms, "negative_lr")
    assert [e["learning_rate"] for e in epochs] == pytest.approx([1e-3, -1e-3, -1e-3, -1e-3])


def test_um507_flat_and_diverging_loss(symptoms):
    _, _, flat = symptom(symptoms, "flat_loss")
    loss = [e["metrics"]["loss"] for e in flat]
    assert max(loss) - min(loss) < 1e-4
    _, _, diverging = symptom(symptoms, "diverging_loss")
    loss = [e["metrics"]["loss"] for e in diverging]
    assert all(math.isfinite(value) for value in loss)
    assert all(later > earlier for earlier, later in zip(loss, loss[1:])) and loss[-1] > 1000 * loss[0]


def test_um508_vanishing_and_exploding_gradients(symptoms):
    _, _, vanishing = symptom(symptoms, "vanishing")
    for epoch in vanishing:
        norms = [g["norm"] for g in epoch["gradients"]]
        assert len(norms) == 13 and norms[0] / norms[-1] < 1e-3 and norms[0] < 1e-4
    _, _, exploding = symptom(symptoms, "exploding")
    for epoch in exploding:
        norms = [g["norm"] for g in epoch["gradients"]]
        assert norms[0] / norms[-1] > 70


def test_um509_dead_relu_through_functional_calls(symptoms):
    _, _, epochs = symptom(symptoms, "dead_relu")
    first = line_of("torch_symptoms.py", "x = F.relu(self.fc1(x))")
    second = line_of("torch_symptoms.py", "x = F.relu(self.fc2(x))")
    for epoch in epochs:
        fractions = {a["layer"]: a["nonpositive_fraction"] for a in epoch["activations"]}
        assert fractions[f"DeadNet:relu@{second}"] == 1.0
        assert fractions[f"DeadNet:relu@{first}"] < 0.7
        units = {a["layer"]: (a["dead_units"], a["units"]) for a in epoch["activations"]}
        dead, width = units[f"DeadNet:relu@{second}"]
        assert dead == width > 0  # every unit is 0 for every sample of the probe
        dead, width = units[f"DeadNet:relu@{first}"]
        assert dead < width / 2


def test_symptom_free_runs_stay_clean(symptoms):
    run, ids = symptoms
    for name in ("lr_schedule", "negative_lr", "flat_loss", "vanishing", "exploding", "dead_relu", "overfitting"):
        for epoch in run.epochs(ids[name]):
            assert -1.0 <= epoch["input"]["min"] and epoch["input"]["max"] <= 1.0, name
            assert epoch["input"]["nan"] == 0
        assert not run.of("nonfinite_loss", model=ids[name]), name
        assert run.one("overlap", model=ids[name])["identical"] == 0, name


# -- the explicit API ---------------------------------------------------------------------------


def test_explicit_api_for_a_loop_without_a_data_loader(tmp_path):
    events = tmp_path / "explicit.jsonl"
    run = run_script("torch_explicit.py", f"file:{events}", instrumented=False, package_on_path=True, events_path=events)
    assert run.returncode == 0, run.stderr[-2000:]
    assert_stream_shape(run, "torch")
    epochs = run.epochs("m1")
    assert [e["epoch"] for e in epochs] == [0, 1, 2]
    printed = [line.split() for line in run.stdout.decode().splitlines()]
    for epoch, line in zip(epochs, printed):
        assert epoch["steps"] == 8 and "partial" not in epoch
        assert epoch["metrics"]["val_loss"] == pytest.approx(float(line[3]), abs=1e-6)
        assert epoch["metrics"]["val_accuracy"] == pytest.approx(float(line[5]), abs=1e-4)
        assert epoch["input"]["samples"] > 0 and len(epoch["gradients"]) == 2
    logs = run.of("log")
    assert [log["epoch"] for log in logs] == [0, 1, 2]
    assert logs[0]["location"] == location("torch_explicit.py", "umlaut_instrument.log(")
    assert run.one("train_end")["epochs_completed"] == 3


def test_models_trained_one_after_another_are_each_found_and_freed(tmp_path):
    script = tmp_path / "many.py"
    script.write_text(
        "import gc, weakref, torch\n"
        "from torch import nn\n"
        "refs = []\n"
        "for size in (4, 5, 6):\n"
        "    model = nn.Sequential(nn.Linear(size, 8), nn.ReLU(), nn.Linear(8, 1))\n"
        "    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)\n"
        "    for _ in range(3):\n"
        "        optimizer.zero_grad()\n"
        "        model(torch.randn(8, size)).pow(2).mean().backward()\n"
        "        optimizer.step()\n"
        "    refs.append(weakref.ref(model))\n"
        "    del model, optimizer\n"
        "gc.collect()\n"
        "print([r() is None for r in refs])\n"
    )
    run = run_script(script, events_path=tmp_path / "events.jsonl")
    assert run.returncode == 0 and run.stdout == b"[True, True, True]\n", run.stderr
    models = run.of("model")
    assert [m["layers"][0]["parameters"] for m in models] == [4 * 8 + 8, 5 * 8 + 8, 6 * 8 + 8]
    # No data loader: each model's steps end up in one partial epoch, sent at exit.
    for model in models:
        (epoch,) = run.epochs(model["model"])
        assert epoch["partial"] is True and epoch["steps"] == 3
        assert run.one("train_end", model=model["model"])["epochs_completed"] == 1
