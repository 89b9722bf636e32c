"""Times the same training script with and without `umlaut run`, alternating, and prints the
added wall time. Used by bench/run.sh; standard library only."""
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
    worst = 0.0
    with tempfile.TemporaryDirectory() as workdir:
        db = os.path.join(workdir, "bench.sqlite")
        print(f"{'script':<18} {'plain s':>8} {'umlaut s':>9} {'wall +%':>8} {'plain cpu':>10} {'umlaut cpu':>11} {'cpu +%':>7}   umlaut's summary")
        for script in args.scripts:
            plain, instrumented, plain_cpu, instrumented_cpu, events = [], [], [], [], ""
            # Warm the file cache and the bytecode once, untimed.
            timed([args.python, script], env)
            for repetition in range(args.repetitions):
                runs = [("plain", [args.python, script]),
                        ("umlaut", [args.umlaut, "run", "--db", db, "--python", args.python, script])]
                if repetition % 2:
                    runs.reverse()
                for kind, command in runs:
                    elapsed, cpu, result = timed(command, env)
                    if kind == "plain":
                        plain.append(elapsed)
                        plain_cpu.append(cpu)
                    else:
                        instrumented.append(elapsed)
                        instrumented_cpu.append(cpu)
                        summary = [line for line in result.stderr.splitlines() if line.startswith("umlaut: session ")]
                        events = summary[-1].split(": ", 2)[-1] if summary else "no summary"
            p, u = statistics.median(plain), statistics.median(instrumented)
            pc, uc = statistics.median(plain_cpu), statistics.median(instrumented_cpu)
            overhead, cpu_overhead = (u - p) / p * 100, (uc - pc) / pc * 100
            worst = max(worst, overhead)
            name = os.path.basename(script)
            print(f"{name:<18} {p:>8.2f} {u:>9.2f} {overhead:>7.1f}% {pc:>10.2f} {uc:>11.2f} {cpu_overhead:>6.1f}%   {events}")
            print(f"{'':<18} wall, plain: {', '.join(f'{t:.2f}' for t in plain)}; umlaut: {', '.join(f'{t:.2f}' for t in instrumented)}")
    load = os.getloadavg()[0]
    print(f"worst wall-time overhead {worst:.1f}% (bar: < 3%); load average {load:.1f} on {os.cpu_count()} cores"
          + (" (a busy machine: wall times are noisy, compare the CPU times)" if load > (os.cpu_count() or 1) else ""))


if __name__ == "__main__":
    main()
