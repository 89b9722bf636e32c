"""Runs a command several times and prints its wall time and peak memory.

Each run is a fresh child process; its peak resident set size comes from wait4()'s rusage, so
no figure is shared between runs or tools. Prints one line per run and a summary line:
`NAME: median WALL s, min WALL s, files/s, median CPU s, peak RSS MB` (and files/s when FILES is given).

usage: python bench/measure.py NAME RUNS FILES -- COMMAND...
"""
import os
import statistics
import subprocess
import sys
import time

name, runs, files = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
command = sys.argv[sys.argv.index("--") + 1:]

walls, peaks, cpus = [], [], []
for run in range(runs):
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        sys.exit(f"{name}: exit status {code} from {' '.join(command)}")
    walls.append(wall)
    cpus.append(usage.ru_utime + usage.ru_stime)
    peaks.append(usage.ru_maxrss / 1024)
    print(f"  {name} run {run + 1}: {wall:.3f} s, {usage.ru_utime + usage.ru_stime:.2f} s CPU, peak RSS {usage.ru_maxrss / 1024:.0f} MB")

median = statistics.median(walls)
rate = f", {files / median:,.0f} files/s" if files else ""
cpu = statistics.median(cpus)
print(f"{name}: median {median:.3f} s wall, min {min(walls):.3f} s{rate}, median {cpu:.2f} s CPU, peak RSS {max(peaks):.0f} MB")
print(f"RESULT {name} {median:.6f} {max(peaks):.1f} {cpu:.6f}")
