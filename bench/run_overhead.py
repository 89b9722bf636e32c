#!/usr/bin/env python3
"""What the instrumentation adds to a real training run's time.

Runs a fixed Keras workload and a fixed PyTorch workload (bench/overhead/, each 10-20 s of
real training on a CPU) in alternating order, several times each way:

* ``plain``:        the interpreter alone (the instrumentation not on the path);
* ``on-path``:      the package on PYTHONPATH but ``UMLAUT_EVENTS`` unset (what its
                    ``sitecustomize`` costs a script that is not being watched);
* ``instrumented``: ``UMLAUT_EVENTS=file:...``, all hooks on;
* ``umlaut-run``:   through ``umlaut run`` (only with ``--umlaut PATH``);
* ``umlaut-bare``:  through ``umlaut run`` with no sensor to load (the runner's own cost: lint,
                    spawn, store; only with ``--umlaut PATH``).

It prints, per workload and mode, the mean and median wall time and CPU time (user + system of
the child) and the overhead against ``plain``. The bar is under 3% added wall time. The machine's
load average is printed too: on a busy machine wall time is noisy. The frameworks' thread pools
are limited to ``--threads`` (default 1): on a shared machine a pool of spinning threads turns
other people's load into CPU time of its own, and the same run then varies threefold.

    .venv/bin/python bench/run_overhead.py [--repeat 5] [--threads 1] [--only keras|torch]
        [--umlaut .build/release/umlaut] [--modes instrumented,umlaut-run]

"paired" is the median over repetitions of each run's difference to the plain run of the same
repetition, which cancels slow drifts in the machine's speed.
"""

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "Sources" / "Runtime" / "Python"
WORKLOADS = {
    "keras": ROOT / "bench" / "overhead" / "keras_train.py",
    "torch": ROOT / "bench" / "overhead" / "torch_train.py",
}
BAR = 3.0


def environment(mode, events, threads):
    env = {k: v for k, v in os.environ.items() if not k.startswith("UMLAUT_") and k != "PYTHONPATH"}
    env["TF_CPP_MIN_LOG_LEVEL"] = "3"
    if threads:
        for name in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "TF_NUM_INTRAOP_THREADS", "TF_NUM_INTEROP_THREADS"):
            env[name] = str(threads)
    if mode in ("on-path", "instrumented"):
        env["PYTHONPATH"] = str(PACKAGE)
    if mode == "instrumented":
        env["UMLAUT_EVENTS"] = f"file:{events}"
    if mode == "umlaut-run":
        env["UMLAUT_INSTRUMENTATION"] = str(PACKAGE)  # this checkout's sensor, not the binary's copy
    if mode == "umlaut-bare":
        env["UMLAUT_INSTRUMENTATION"] = "/nonexistent"
    return env


def run_once(mode, script, python, umlaut, scratch, threads):
    events = scratch / f"{script.stem}-{mode}-{time.monotonic_ns()}.jsonl"
    if mode.startswith("umlaut-"):
        command = [umlaut, "run", "--db", str(scratch / "bench.sqlite"), "--python", python, str(script)]
    else:
        command = [python, str(script)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    completed = subprocess.run(
        command, env=environment(mode, events, threads), cwd=scratch, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if completed.returncode != 0:
        sys.exit(f"{mode} {script.name} failed ({completed.returncode}):\n{completed.stderr.decode()[-3000:]}")
    if mode == "instrumented":
        lines = events.read_text().splitlines()
        if not any('"event":"epoch"' in line for line in lines):
            sys.exit(f"{script.name}: the instrumented run sent no epoch event")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def summarize(name, results, modes):
    base_wall = statistics.median(results["plain"]["wall"])
    base_cpu = statistics.median(results["plain"]["cpu"])
    print(f"\n{name}: {len(results['plain']['wall'])} runs per mode")
    print(f"  {'mode':<13} {'wall mean':>10} {'median':>8} {'overhead':>9}   {'cpu mean':>9} {'median':>8} {'overhead':>9}   {'paired':>8}")
    verdicts = []
    for mode in modes:
        wall, cpu = results[mode]["wall"], results[mode]["cpu"]
        wall_over = 100.0 * (statistics.median(wall) - base_wall) / base_wall
        cpu_over = 100.0 * (statistics.median(cpu) - base_cpu) / base_cpu
        # The median of the per-repetition differences to that repetition's plain run: slow
        # drifts of a shared machine's speed cancel out.
        paired = statistics.median(100.0 * (w - p) / p for w, p in zip(wall, results["plain"]["wall"]))
        print(
            f"  {mode:<13} {statistics.mean(wall):>9.2f}s {statistics.median(wall):>7.2f}s {wall_over:>+8.1f}%"
            f"   {statistics.mean(cpu):>8.2f}s {statistics.median(cpu):>7.2f}s {cpu_over:>+8.1f}%   {paired:>+7.1f}%"
        )
        if mode != "plain":
            verdicts.append((mode, wall_over, cpu_over))
    return verdicts


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs per mode and workload (default 5)")
    parser.add_argument("--only", choices=sorted(WORKLOADS), help="one workload only")
    parser.add_argument("--python", default=sys.executable, help="the interpreter with the frameworks")
    parser.add_argument("--umlaut", help="an umlaut binary: also measure `umlaut run`")
    parser.add_argument("--no-on-path", action="store_true", help="skip the package-on-path mode")
    parser.add_argument("--threads", type=int, default=1, help="framework threads (0: their default)")
    parser.add_argument("--modes", help="comma-separated modes to run (plain is always run)")
    arguments = parser.parse_args()
    if arguments.umlaut:
        arguments.umlaut = os.path.abspath(arguments.umlaut)  # the runs start in a scratch directory

    modes = ["plain", "instrumented"]
    if not arguments.no_on_path:
        modes.insert(1, "on-path")
    if arguments.umlaut:
        modes += ["umlaut-bare", "umlaut-run"]
    if arguments.modes:
        wanted = set(arguments.modes.split(","))
        if unknown := wanted - set(modes):
            sys.exit(f"unknown or unavailable modes: {', '.join(sorted(unknown))} (have {', '.join(modes)})")
        modes = ["plain"] + [mode for mode in modes if mode in wanted and mode != "plain"]
    workloads = {arguments.only: WORKLOADS[arguments.only]} if arguments.only else WORKLOADS
    print(
        f"python {arguments.python}; threads {arguments.threads or 'default'}; "
        f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}"
    )

    verdicts = {}
    with tempfile.TemporaryDirectory(prefix="umlaut-bench-") as scratch:
        scratch = Path(scratch)
        for name, script in workloads.items():
            run_once("plain", script, arguments.python, arguments.umlaut, scratch, arguments.threads)  # warm caches
            results = {mode: {"wall": [], "cpu": []} for mode in modes}
            for repetition in range(arguments.repeat):
                order = modes if repetition % 2 == 0 else list(reversed(modes))
                for mode in order:
                    wall, cpu = run_once(mode, script, arguments.python, arguments.umlaut, scratch, arguments.threads)
                    results[mode]["wall"].append(wall)
                    results[mode]["cpu"].append(cpu)
                    print(f"  {name} {mode:<13} #{repetition + 1}: wall {wall:6.2f}s cpu {cpu:6.2f}s", flush=True)
            verdicts[name] = summarize(name, results, modes)
    print(f"\nload average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"bar: < {BAR:.0f}% added wall time (median)")
    for name, rows in verdicts.items():
        for mode, wall_over, cpu_over in rows:
            verdict = "ok" if wall_over < BAR else "OVER"
            print(f"  {name:<6} {mode:<13} wall {wall_over:+6.1f}%  cpu {cpu_over:+6.1f}%  {verdict}")


if __name__ == "__main__":
    main()
