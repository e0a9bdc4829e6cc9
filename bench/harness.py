"""Shared set-up for the benchmarks: a scratch database, Redis, the scripted model server, workers.

Benchmarks run the real stack (Redis, Celery workers with the settings
`make run` uses, the openai client over loopback HTTP) against the scripted
model server, never a real endpoint.
"""

from __future__ import annotations

import atexit
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

import devstack  # noqa: E402

SCRATCH = Path(tempfile.mkdtemp(prefix="workbench-bench-"))
TICO = ROOT.parent / "shared" / "data" / "tico19" / "tico19-dev.tsv"


def setup_environment() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "workbench.settings")
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-secret-key-" + "x" * 32)
    os.environ.setdefault("AUDIT_KEY", "bench-only-audit-key-" + "y" * 32)
    os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{SCRATCH / 'bench.sqlite3'}")
    if "REDIS_URL" not in os.environ:
        port = devstack.free_port()
        redis = devstack.start_redis(port, SCRATCH / "redis")
        atexit.register(redis.terminate)
        os.environ["REDIS_URL"] = f"redis://127.0.0.1:{port}/0"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def start_workers(count: int, queues: str, concurrency: int = 8) -> list[subprocess.Popen]:
    env = dict(os.environ)
    procs = []
    for i in range(count):
        procs.append(
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "celery",
                    "-A",
                    "workbench",
                    "worker",
                    "--pool",
                    "threads",
                    "--concurrency",
                    str(concurrency),
                    "-Q",
                    queues,
                    "--loglevel",
                    "WARNING",
                    "--without-gossip",
                    "--without-mingle",
                    "-n",
                    f"bench{i}-{time.monotonic_ns()}@%h",
                ],
                cwd=ROOT,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=open(SCRATCH / f"worker{i}.log", "ab"),
            )
        )
    from workbench.celery import app

    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        replies = app.control.ping(timeout=0.5) or []
        if len(replies) >= count:
            return procs
    raise SystemExit("workers did not come up")


def stop_workers(procs) -> None:
    for proc in procs:
        proc.terminate()
    for proc in procs:
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


def tico_rows(limit: int, *, min_chars: int = 60) -> list[dict]:
    rows = []
    with open(TICO, encoding="utf-8") as handle:
        header = handle.readline().rstrip("\n").split("\t")
        for line in handle:
            row = dict(zip(header, line.rstrip("\n").split("\t"), strict=False))
            if len(row["en"]) >= min_chars and all(row.get(k) for k in ("zh", "ms", "ta")):
                rows.append(row)
            if len(rows) >= limit:
                break
    return rows


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process (all its threads) so far, from /proc.

    Robust to other load on the machine, unlike wall-clock throughput.
    """
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def start_profiler(pid: int, out: Path, rate: int = 200) -> subprocess.Popen:
    """py-spy sampling `pid` into a collapsed-stack file, until stopped.

    Only the thread holding the interpreter lock is sampled (--gil): the
    worker's Python CPU time, not its threads waiting on sockets, which py-spy
    would otherwise count as busy. SQLite runs with the lock released, so its
    own work is missing from the samples (the CPU seconds include it).
    """
    spy = Path(sys.executable).with_name("py-spy")
    return subprocess.Popen(
        [str(spy), "record", "-p", str(pid), "-r", str(rate), "--gil", "-f", "raw", "-o", str(out)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def stop_profiler(proc: subprocess.Popen) -> None:
    proc.send_signal(signal.SIGINT)  # py-spy writes its file on SIGINT
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()


def wait_jobs(job_ids, timeout: float = 600) -> float:
    from translations.models import Job

    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if not Job.objects.filter(pk__in=job_ids, state__in=["queued", "running"]).exists():
            return time.monotonic()
        time.sleep(0.01)
    raise SystemExit("jobs did not finish in time")
