"""Grid cells against SLIC superpixels on the watermark scenario (a benchmark, not a test).

    .venv/bin/python bench/compare_segments.py [--umlaut .build/debug/umlaut] [--seeds 0 1]
                                                [--samples 100] [--steps 20] [--train-seed 0]
                                                [--fixture .build/test-fixtures/watermark-*]

Trains the scenario of WatermarkValidationTests once (Tests/ModelComparisonTests/Python/
watermark_models.py: two small CNNs, one trained with a magenta ring on half of the `stripes`
images; 240 synthetic 32×32 evaluation images with the ring on half of every class), then runs
`umlaut compare` on it with `--segments grid` and `--segments slic` for each seed (the sampling's
and k-means'), with the test's settings (100 images per model, K = 4, Guided IG 20 steps, no
cache). ``--fixture DIR`` reuses a scenario already trained (the test's, in .build/test-fixtures/).
For each run it prints the first cluster's (largest imbalance) size and watermark purity
(segments holding at least a quarter of their image's ring box, by their masks, as the test
counts them), both models' mean attribution there, and the helper's stage times.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

root = Path(__file__).resolve().parent.parent
parser = argparse.ArgumentParser()
parser.add_argument("--umlaut", default=str(root / ".build/debug/umlaut"))
parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1])
parser.add_argument("--samples", type=int, default=100)
parser.add_argument("--steps", type=int, default=20)
parser.add_argument("--train-seed", type=int, default=0)
parser.add_argument("--fixture", help="a directory watermark_models.py wrote (else it is trained here)")
options = parser.parse_args()


def covers(segment, y, x):
    y0, y1, x0, x1 = segment["box"]
    if not (y0 <= y < y1 and x0 <= x < x1):
        return False
    mask = segment.get("mask")
    if mask is None:
        return True
    position, inside = (y - y0) * (x1 - x0) + (x - x0), False
    for run in mask:
        if position < run:
            return inside
        position -= run
        inside = not inside
    return False


def is_watermark(segment, report, boxes):
    mark = boxes[report["models"][segment["model"]]["images"][segment["image"]]["index"]]
    if mark is None:
        return False
    covered = sum(covers(segment, y, x) for y in range(mark[0], mark[1]) for x in range(mark[2], mark[3]))
    return 4 * covered >= (mark[1] - mark[0]) * (mark[3] - mark[2])


print(f"machine: {os.cpu_count()} CPUs, load average {' '.join(Path('/proc/loadavg').read_text().split()[:3])}")
rows = []
with tempfile.TemporaryDirectory(prefix="umlaut-segments-bench-") as work:
    work = Path(work)
    started = time.perf_counter()
    fixture = Path(options.fixture).resolve() if options.fixture else work / "fixture"
    if not options.fixture:
        subprocess.run([sys.executable, root / "Tests/ModelComparisonTests/Python/watermark_models.py", fixture,
                        "--seed", str(options.train_seed)], check=True, stdout=subprocess.DEVNULL)
    scenario = json.loads((fixture / "watermark.json").read_text())
    print(f"fixture {fixture if options.fixture else f'(training seed {options.train_seed})'}: "
          f"{time.perf_counter() - started:.1f} s wall; "
          + ", ".join(f"{name} calls {m['markedOthersCalledStripes']:.0%} of marked other-class images stripes"
                      for name, m in scenario["models"].items()))
    environment = dict(os.environ, UMLAUT_PYTHON=sys.executable)
    for seed in options.seeds:
        for method in ("grid", "slic"):
            out = work / f"{method}-{seed}.json"
            started = time.perf_counter()
            subprocess.run(
                [options.umlaut, "compare", fixture / "watermarked.pt", fixture / "clean.pt",
                 "--data", fixture / "eval.npz", "--class", "stripes", "--segments", method,
                 "--seed", str(seed), "--samples", str(options.samples), "--steps", str(options.steps),
                 "--no-cache", "--quiet", "--out", out],
                check=True, env=environment, cwd=work)
            wall = time.perf_counter() - started
            report = json.loads(out.read_text())
            first = report["clusters"][0]
            members = [report["segments"][i] for ids in first["segments"] for i in ids]
            marks = sum(is_watermark(s, report, scenario["boxes"]) for s in members)
            others = [c["meanAttribution"][0] or 0 for c in report["clusters"][1:]]
            timings = report["timings"]
            rows.append({
                "seed": seed, "method": method, "size": first["size"], "purity": marks / max(1, first["size"]),
                "a": first["meanAttribution"][0], "b": first["meanAttribution"][1],
                "a_highest": all((first["meanAttribution"][0] or 0) > o for o in others),
                "segments": len(report["segments"]), "wall": wall,
                **{stage: timings.get(stage, 0.0) for stage in ("attributions", "shapley", "embeddings", "clustering")},
            })
            r = rows[-1]
            print(f"seed {seed} {method:<4}: 1st cluster {r['size']} segments, {r['purity']:.2f} watermark, "
                  f"A {r['a']:.3f} ({'highest' if r['a_highest'] else 'NOT the highest'}), B {r['b']:.3f}; "
                  f"attributions {r['attributions']:.1f} s, Shapley {r['shapley']:.1f} s, "
                  f"embeddings {r['embeddings']:.1f} s, clustering {r['clustering']:.2f} s; {r['wall']:.0f} s in all",
                  flush=True)

print("\n| seed | method | 1st cluster | watermark purity | A mean | B mean | A highest | attributions | Shapley | embeddings |")
print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
for r in rows:
    print(f"| {r['seed']} | {r['method']} | {r['size']} | {r['purity']:.2f} | {r['a']:.3f} | {r['b']:.3f} | "
          f"{'yes' if r['a_highest'] else 'no'} | {r['attributions']:.1f} s | {r['shapley']:.1f} s | {r['embeddings']:.1f} s |")
