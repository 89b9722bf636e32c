"""A stand-in for an instrumented training script: no framework, it writes protocol events
(Docs/RuntimeEvents.md) straight to fd 3, and prints like a training script to stdout.

    python fake_events.py MODE [EPOCHS]

MODE: healthy | symptoms | garbage | flood | raise | exit3 | slow (sleeps per epoch, for kill
tests) | silent (no events at all) | attach_failed.
"""
import json
import os
import sys
import time

MODE = sys.argv[1] if len(sys.argv) > 1 else "healthy"
EPOCHS = int(sys.argv[2]) if len(sys.argv) > 2 else 6
HERE = os.path.abspath(__file__)


def channel():
    try:
        return os.fdopen(3, "w", buffering=1, encoding="utf-8")
    except OSError:
        return None


CHANNEL = None if MODE == "silent" else channel()


def send(event, **fields):
    global CHANNEL
    if CHANNEL is None:
        return
    fields = {"event": event, "time": time.time(), **fields}
    try:
        CHANNEL.write(json.dumps(fields) + "\n")
    except (BrokenPipeError, OSError):
        CHANNEL = None  # umlaut is gone: keep training


def at(line):
    return {"file": HERE, "line": line}


send("hello", protocol=1, pid=os.getpid(), python=sys.version.split()[0], script=HERE, argv=sys.argv)
if MODE == "attach_failed":
    send("attach_failed", framework="keras", reason="keras 9 is not supported")
    print("training without instrumentation")
    sys.exit(0)
send("attached", framework="keras", version="3.15.1", backend="tensorflow")
send("model", model="m1", framework="keras", **{"class": "Sequential"}, name="sequential", created_at=at(95),
     data_format="channels_last", input_shape=[None, 8, 8, 3],
     layers=[{"name": "dense", "class": "Dense", "activation": "relu", "created_at": at(96), "parameters": 40},
             {"name": "dense_1", "class": "Dense", "activation": None, "created_at": at(97), "parameters": 11}])
send("optimizer", optimizer="o1", **{"class": "Adam"}, learning_rate=-1000.0 if MODE == "symptoms" else 0.001,
     schedule=None, created_at=at(98))
send("loss", name="sparse_categorical_crossentropy", from_logits=False, created_at=at(99))
send("train_begin", model="m1", optimizer="o1", call_site=at(100), epochs=EPOCHS, batch_size=32, train_samples=640,
     validation={"kind": "data", "call_site": at(100), "samples": 64})
if MODE == "symptoms":
    send("overlap", model="m1", train_checked=640, validation_checked=64, identical=64)

for epoch in range(EPOCHS):
    print(f"Epoch {epoch + 1}/{EPOCHS}", flush=True)
    if MODE == "slow":
        time.sleep(0.4)
    if MODE == "garbage":
        sys.stdout.flush()
        os.write(1, b"\x00\xff\xfe stdout garbage \x1b[31m\x89PNG\r\n")
        os.write(2, b"\xc3\x28 stderr garbage\n")
        os.write(3, b"\x00\xff\xfe binary garbage \x89PNG\r\n")
        os.write(3, b"{not json}\n")
        os.write(3, b"[1, 2, 3]\n")
    if MODE == "flood":
        # Lots of output on stdout and a long line without newline on the event channel.
        for i in range(2000):
            print("x" * 200)
        os.write(3, b"y" * (3 << 20) + b"\n")
    if MODE == "symptoms":
        loss = 2.3 * (3 ** epoch)
        metrics = {"loss": loss, "accuracy": 0.1, "val_loss": loss, "val_accuracy": 0.99}
        input_stats = {"batches": 8, "samples": 256, "min": 0.0, "max": 255.0, "mean": 120.0, "std": 60.0,
                       "nan": 0, "inf": 0, "shape": [32, 3, 8, 8], "dtype": "uint8"}
        gradients = [{"layer": "dense", "norm": 1e-7}, {"layer": "dense_1", "norm": 0.5}]
        activations = [{"layer": "dense", "activation": "relu", "nonpositive_fraction": 0.9, "units": 16, "dead_units": 12}]
        rate = -1000.0
    else:
        loss = 2.3 / (1 + epoch)
        metrics = {"loss": loss, "accuracy": 0.3 + 0.05 * epoch, "val_loss": loss * 1.1, "val_accuracy": 0.28 + 0.05 * epoch}
        input_stats = {"batches": 8, "samples": 256, "min": -1.0, "max": 1.0, "mean": 0.0, "std": 0.5,
                       "nan": 0, "inf": 0, "shape": [32, 8, 8, 3], "dtype": "float32"}
        gradients = [{"layer": "dense", "norm": 0.05}, {"layer": "dense_1", "norm": 0.2}]
        activations = [{"layer": "dense", "activation": "relu", "nonpositive_fraction": 0.45, "units": 16, "dead_units": 0}]
        rate = 0.001
    send("epoch", model="m1", epoch=epoch, duration=0.01, metrics=metrics, learning_rate=rate, input=input_stats,
         gradients=gradients, activations=activations, nonfinite_batches=0)
    if MODE == "symptoms" and epoch == 2:
        send("nonfinite_loss", model="m1", epoch=epoch, batch=3, value="nan")
    if MODE == "raise" and epoch == 2:
        send("exit", status="exception", exception={"type": "ValueError", "message": "bad batch", "location": at(101)})
        raise ValueError("bad batch")
    if MODE == "exit3" and epoch == 1:
        sys.exit(3)

send("train_end", model="m1", epochs_completed=EPOCHS)
send("exit", status="ok")
print("done")
