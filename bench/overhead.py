"""Times the same training script plain, under `umlaut run`, and under `umlaut run` without the
instrumentation ("bare": the runner's own cost), rotating the order each repetition, and prints
the added wall and CPU time. Used by bench/run.sh; standard library only."""
import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time


def cpu_seconds():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(command, env):
    """Wall time and CPU time (user + system, the child and its descendants) of one run."""
    cpu = cpu_seconds()
    start = time.perf_counter()
    result = subprocess.run(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"failed ({result.returncode}): {' '.join(command)}\n{result.stderr[-2000:]}")
    return elapsed, cpu_seconds() - cpu, result


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--umlaut", required=True)
    parser.add_argument("--python", required=True)
    parser.add_argument("--repetitions", type=int, default=5)
    parser.add_argument("scripts", nargs="+")
    args = parser.parse_args()
    env = dict(os.environ)
    # `umlaut run` without the instrumentation: the runner's own cost (lint, spawn, store).
    bare_env = dict(env, UMLAUT_INSTRUMENTATION="/nonexistent")
    worst = None
    with tempfile.TemporaryDirectory() as workdir:
        db = os.path.join(workdir, "bench.sqlite")
        print(f"{'script':<18} {'plain s':>8} {'umlaut s':>9} {'wall +%':>8} {'bare +%':>8} {'plain cpu':>10} {'umlaut cpu':>11} {'cpu +%':>7} {'bare cpu +%':>12}   umlaut's summary")
        for script in args.scripts:
            plain, instrumented, bare, plain_cpu, instrumented_cpu, bare_cpu, events = [], [], [], [], [], [], ""
            # Warm the file cache and the bytecode once, untimed.
            timed([args.python, script], env)
            for repetition in range(args.repetitions):
                umlaut = [args.umlaut, "run", "--db", db, "--python", args.python, script]
                runs = [("plain", [args.python, script], env), ("umlaut", umlaut, env), ("bare", umlaut, bare_env)]
                # Rotate the order so no variant always runs first (or right after another).
                shift = repetition % len(runs)
                for kind, command, environment in runs[shift:] + runs[:shift]:
                    elapsed, cpu, result = timed(command, environment)
                    if kind == "plain":
                        plain.append(elapsed)
                        plain_cpu.append(cpu)
                    elif kind == "bare":
                        bare.append(elapsed)
                        bare_cpu.append(cpu)
                    else:
                        instrumented.append(elapsed)
                        instrumented_cpu.append(cpu)
                        summary = [line for line in result.stderr.splitlines() if line.startswith("umlaut: session ")]
                        events = summary[-1].split(": ", 2)[-1] if summary else "no summary"
            p, u, b = statistics.median(plain), statistics.median(instrumented), statistics.median(bare)
            pc, uc, bc = statistics.median(plain_cpu), statistics.median(instrumented_cpu), statistics.median(bare_cpu)
            overhead, bare_overhead = (u - p) / p * 100, (b - p) / p * 100
            cpu_overhead, bare_cpu_overhead = (uc - pc) / pc * 100, (bc - pc) / pc * 100
            worst = overhead if worst is None else max(worst, overhead)
            name = os.path.basename(script)
            print(f"{name:<18} {p:>8.2f} {u:>9.2f} {overhead:>7.1f}% {bare_overhead:>7.1f}% {pc:>10.2f} {uc:>11.2f} "
                  f"{cpu_overhead:>6.1f}% {bare_cpu_overhead:>11.1f}%   {events}")
            for label, values in (("plain", plain), ("umlaut", instrumented), ("bare", bare)):
                print(f"{'':<18} wall {label}: {', '.join(f'{t:.2f}' for t in values)}")
            # The fastest run is the least disturbed one: a second estimate on a busy machine.
            fastest = (min(instrumented) - min(plain)) / min(plain) * 100
            print(f"{'':<18} fastest runs: plain {min(plain):.2f} s, umlaut {min(instrumented):.2f} s ({fastest:+.1f}%), bare {min(bare):.2f} s")
    load = os.getloadavg()[0]
    print(f"worst wall-time overhead {worst:.1f}% (bar: < 3%); load average {load:.1f} on {os.cpu_count()} cores"
          + (" (a busy machine: wall times are noisy, compare the CPU times)" if load > (os.cpu_count() or 1) else ""))


if __name__ == "__main__":
    main()
