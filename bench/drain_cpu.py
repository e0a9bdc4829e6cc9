"""CPU per job of every process a drain run involves, for any checkout (to compare commits).

    cd bench && ../.venv/bin/python drain_cpu.py CHECKOUT

Runs CHECKOUT/bench/drain.py (BENCH_DATABASE_URL, BENCH_PROCESSES, BENCH_LEAFLETS as
there) and prints, per run, a line `CPUWRAP {...}`: CPU milliseconds per job of the
worker processes, of the bench process (queueing the jobs as the web process would,
the scripted model server, polling), of Redis and of PostgreSQL, read from /proc
between the workers being up and the last job ending. CPU time, unlike jobs/s,
barely moves with other load on the machine. To compare with an older commit,
check it out beside this one (its harness finds ../shared from there):
`git worktree add ../old COMMIT && ln -s $PWD/.venv ../old/.venv`.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

checkout = Path(sys.argv[1]).resolve()
sys.path.insert(0, str(checkout / "bench"))
os.chdir(checkout / "bench")
TCK = os.sysconf("SC_CLK_TCK")


def cpu(pid):
    try:
        f = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(f[11]) + int(f[12])) / TCK
    except FileNotFoundError:
        return 0.0


def by_name(names):
    out = {}
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                comm = Path(f"/proc/{d}/comm").read_text().strip()
            except OSError:
                continue
            if comm in names:
                out[int(d)] = cpu(int(d))
    return out


import harness  # noqa
import drain  # noqa

state = {}
orig_start, orig_wait = drain.start_workers, drain.wait_jobs


def start_workers(*a, **k):
    procs = orig_start(*a, **k)
    state["workers"] = [p.pid for p in procs]
    state["w0"] = [cpu(p.pid) for p in procs]
    state["b0"] = time.process_time()
    state["r0"] = by_name({"redis-server"})
    state["p0"] = by_name({"postgres"})
    return procs


def wait_jobs(ids, timeout=600):
    t = orig_wait(ids, timeout=timeout)
    w = sum(cpu(p) for p in state["workers"]) - sum(state["w0"])
    b = time.process_time() - state["b0"]
    r1, p1 = by_name({"redis-server"}), by_name({"postgres"})
    r = sum(v - state["r0"].get(k, 0) for k, v in r1.items())
    pg = sum(v - state["p0"].get(k, 0) for k, v in p1.items())
    n = len(ids)
    row = {
        "workers": len(state["workers"]),
        "jobs": n,
        "worker_ms": 1000 * w / n,
        "bench_ms": 1000 * b / n,
        "redis_ms": 1000 * r / n,
        "postgres_ms": 1000 * pg / n,
        "total_ms": 1000 * (w + b + r + pg) / n,
    }
    print("CPUWRAP", json.dumps({k: round(v, 1) if isinstance(v, float) else v for k, v in row.items()}), flush=True)
    return t


drain.start_workers, drain.wait_jobs = start_workers, wait_jobs
drain.main()
