"""Times the same training script with and without `umlaut run`, alternating, and prints the
added wall time. Used by bench/run.sh; standard library only."""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time


def timed(command, env):
    start = time.perf_counter()
    result = subprocess.run(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"failed ({result.returncode}): {' '.join(command)}\n{result.stderr[-2000:]}")
    return elapsed, result


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
        print(f"{'script':<18} {'plain s (median)':>17} {'umlaut run s (median)':>22} {'overhead':>9}   events")
        for script in args.scripts:
            plain, instrumented, events = [], [], ""
            # Warm the file cache and the bytecode once, untimed.
            timed([args.python, script], env)
            for repetition in range(args.repetitions):
                runs = [("plain", [args.python, script]),
                        ("umlaut", [args.umlaut, "run", "--db", db, "--python", args.python, script])]
                if repetition % 2:
                    runs.reverse()
                for kind, command in runs:
                    elapsed, result = timed(command, env)
                    if kind == "plain":
                        plain.append(elapsed)
                    else:
                        instrumented.append(elapsed)
                        summary = [line for line in result.stderr.splitlines() if line.startswith("umlaut: session ")]
                        events = summary[-1].split(": ", 2)[-1] if summary else "no summary"
            p, u = statistics.median(plain), statistics.median(instrumented)
            overhead = (u - p) / p * 100
            worst = max(worst, overhead)
            name = os.path.basename(script)
            print(f"{name:<18} {p:>17.2f} {u:>22.2f} {overhead:>8.1f}%   {events}")
            print(f"{'':<18} plain runs: {', '.join(f'{t:.2f}' for t in plain)}; umlaut runs: {', '.join(f'{t:.2f}' for t in instrumented)}")
    print(f"worst overhead {worst:.1f}% (bar: < 3%)")


if __name__ == "__main__":
    main()
