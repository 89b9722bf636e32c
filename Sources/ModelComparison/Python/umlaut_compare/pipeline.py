"""The whole Python half, from a request to ``segments.json`` + ``embeddings.npy``."""

import json
import os
import time

import numpy as np

from . import attribution, data, embedding, models, sampling, segments, thumbnails
from .errors import CompareError


def run(request, events):
    timings = {}
    clock = time.perf_counter()
    cpu_clock = time.process_time()
    work = request["workDirectory"]
    grid = int(request.get("grid", 4))
    top = int(request.get("topSegments", 5))
    steps = int(request.get("steps", 50))
    count = int(request.get("samples", 100))
    seed = int(request.get("seed", 0))
    image_size = request.get("imageSize")
    method = request.get("segmentation", "grid")
    segmentation = segments.parameters(method, grid)
    if top < 1 or (method == "grid" and top > grid * grid):
        raise CompareError("bad-request", f"top segments must be between 1 and {grid * grid} (got {top})")
    if top > 12:
        raise CompareError("bad-request", f"exact Shapley values over {top} segments need 2^{top} model calls per image; use at most 12")

    threads = _single_threaded_torch()
    events.progress("load", 0, 3)
    dataset = data.load(request["data"], tuple(image_size) if image_size else None)
    class_index = _class_index(dataset, request["class"], request["data"])
    n_class = int(np.sum(dataset.labels == class_index))
    if len(dataset.labels) < 4 or n_class == 0 or n_class == len(dataset.labels):
        raise CompareError(
            "too-few-images",
            f"too few images: the data has {len(dataset.labels)} images, {n_class} of class {dataset.classes[class_index]!r}; "
            "a comparison needs images of the class and images of other classes (4 at least)",
        )
    loaded = []
    for number, spec in enumerate(request["models"]):
        model = models.load(spec["label"], spec["spec"], spec.get("preprocessing", "unit"))
        outputs = model.check_input(dataset.shape)
        if outputs != len(dataset.classes):
            raise CompareError(
                "mismatched-classes",
                f"model {model.label} ({model.spec}) gives {outputs} class scores but the data has {len(dataset.classes)} classes "
                f"({', '.join(dataset.classes[:8])}{', …' if len(dataset.classes) > 8 else ''})",
            )
        model.decide_outputs(dataset.images[: min(16, len(dataset.images))])
        loaded.append(model)
        events.progress("load", number + 2, 3)
    timings["load"] = time.perf_counter() - clock
    timings["load.cpu"] = time.process_time() - cpu_clock

    height, width = dataset.shape[:2]
    segmenter = segments.Segmenter(method, grid)
    sigma = float(request.get("blurSigma") or max(1.0, max(height, width) / 16))
    notes = []
    model_records, found, crops = [], [], []
    stage = {"predict": 0.0, "attributions": 0.0, "shapley": 0.0,
             "predict.cpu": 0.0, "attributions.cpu": 0.0, "shapley.cpu": 0.0}
    for number, model in enumerate(loaded):
        started, started_cpu = time.perf_counter(), time.process_time()
        probabilities = model.probabilities(dataset.images)
        predictions = probabilities.argmax(axis=1)
        stage["predict"] += time.perf_counter() - started
        stage["predict.cpu"] += time.process_time() - started_cpu
        rng = np.random.default_rng(seed + number)
        indices, table, short = sampling.balanced_sample(dataset.labels, predictions, class_index, count, rng)
        for line in short:
            notes.append(f"model {model.label}: quadrant {line}; the shortfall was taken from the other quadrants")
            events.note(notes[-1])
        if not indices:
            raise CompareError("too-few-images", f"model {model.label}: no image could be sampled")

        started, started_cpu = time.perf_counter(), time.process_time()
        scorer = attribution.SegmentScorer(model, class_index, grid, steps)
        images, chosen, kept = [], [], []
        for done, index in enumerate(indices):
            # A grid's cells are the same in every image; SLIC's superpixels (about 16) follow it.
            pieces = segmenter(dataset.images[index])
            scores, total = scorer.scores(dataset.images[index], [piece.mask for piece in pieces])
            order = sorted(range(len(scores)), key=lambda k: (-scores[k], k))[:top]
            label, prediction = int(dataset.labels[index]), int(predictions[index])
            images.append({
                "index": int(index),
                "source": dataset.sources[index],
                "label": label,
                "prediction": prediction,
                "probability": float(probabilities[index, class_index]),
                "quadrant": sampling.quadrant_of(label, prediction, class_index),
                "xrai": [float(s) for s in scores],
                "guidedIGTotal": total,
            })
            chosen.append(order)
            kept.append([pieces[k] for k in order])
            events.progress("attributions", done + 1, len(indices), model=model.label)
        stage["attributions"] += time.perf_counter() - started
        stage["attributions.cpu"] += time.process_time() - started_cpu

        started, started_cpu = time.perf_counter(), time.process_time()
        per_batch = max(1, 256 >> top)
        for start in range(0, len(indices), per_batch):
            batch = list(range(start, min(start + per_batch, len(indices))))
            originals = dataset.images[[indices[i] for i in batch]]
            blurred = attribution.blur(originals, sigma)
            values = attribution.shapley_values(
                model, originals, blurred, [[piece.mask for piece in kept[i]] for i in batch], class_index)
            for i, (phi, full, empty) in zip(batch, values):
                images[i]["probabilityWithChosenBlurred"] = empty
                for rank, (cell, piece, value) in enumerate(zip(chosen[i], kept[i], phi)):
                    record = {
                        "model": number,
                        "image": i,
                        "cell": cell,
                        # The grid cell of its centre: where the location maps count it.
                        "row": piece.row,
                        "column": piece.column,
                        "rank": rank,
                        "xrai": images[i]["xrai"][cell],
                        "attribution": float(value),
                    }
                    record.update(segments.describe(piece))
                    found.append(record)
                    crops.append(segments.crop(dataset.images[indices[i]], piece))
                kept[i] = None
            events.progress("shapley", batch[-1] + 1, len(indices), model=model.label)
        stage["shapley"] += time.perf_counter() - started
        stage["shapley.cpu"] += time.process_time() - started_cpu
        record = model.describe()
        record.update({
            "accuracy": float(np.mean(predictions == dataset.labels)),
            "quadrants": table,
            "images": images,
        })
        model_records.append(record)
    timings.update(stage)

    started, started_cpu = time.perf_counter(), time.process_time()
    # Embeddings stay on one thread too: batches of small crops gain little from a second one,
    # and on a busy machine PyTorch's waiting threads cost 12× the CPU (256 crops: 1.35 s of CPU
    # and 24 s wall on one thread, 16.7 s and 178 s on two, at load 25 on 2 cores).
    segment_side = max((max(crop.shape[:2]) for crop in crops), default=1)
    size = int(request.get("embeddingInputSize") or embedding.default_input_size(segment_side))
    embedder = embedding.Embedder(request.get("embedding") or "efficientnet-lite0", size)
    vectors = embedder.embed(crops, on_batch=lambda done, total: events.progress("embeddings", done, total))
    timings["embeddings"] = time.perf_counter() - started
    timings["embeddings.cpu"] = time.process_time() - started_cpu

    _restore_threads(threads)

    np.save(os.path.join(work, "embeddings.npy"), vectors)
    result = {
        "class": dataset.classes[class_index],
        "classIndex": class_index,
        "classes": dataset.classes,
        "data": os.path.abspath(request["data"]),
        "dataImages": len(dataset.labels),
        "imageShape": list(dataset.shape),
        "grid": grid,
        "segmentation": segmentation,
        "topSegments": top,
        "guidedIGSteps": steps,
        "blurSigma": sigma,
        "embedding": {"model": embedder.name, "inputSize": size, "dimension": int(vectors.shape[1]) if vectors.size else 0},
        "models": model_records,
        "segments": found,
        "notes": notes,
        "timings": timings,
        "thumbnails": thumbnails.for_records(dataset.images, model_records),
    }
    with open(os.path.join(work, "segments.json"), "w") as handle:
        json.dump(result, handle, allow_nan=False)
    events.send("done", segments=len(found))


def _single_threaded_torch():
    """Attributions call the models on one image at a time and embeddings see small crops:
    PyTorch's intra-op threads only add overhead there (20× on a busy 2-core machine), so they run
    on one thread. Returns the old
    count, or None without torch."""
    try:
        import torch
    except ImportError:
        return None
    old = torch.get_num_threads()
    torch.set_num_threads(1)
    return old


def _restore_threads(count):
    if count:
        import torch

        torch.set_num_threads(count)


def _class_index(dataset, name, path):
    if name in dataset.classes:
        return dataset.classes.index(name)
    listed = ", ".join(dataset.classes[:20]) + (", …" if len(dataset.classes) > 20 else "")
    raise CompareError("unknown-class", f"the class {name!r} is not in {path} (its classes: {listed})")
