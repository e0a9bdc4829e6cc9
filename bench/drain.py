"""200 leaflets x 3 languages queued at once against the scripted server (300 ms per call).

Measures jobs per second with one worker process, then two, against the
limit that worker concurrency and latency set: each translation job needs two
sequential model calls (translate, back-translate), so N threads can finish at
most N / (2 x latency) jobs per second. Also the workers' CPU time per job
(user + system, from /proc, from queueing to the last job's end): unlike
jobs/s it does not move with whatever else runs on the machine. Prints a
final JSON line.

BENCH_PROCESSES=1 (or "1,2", the default) picks the runs; BENCH_PROFILE=DIR
samples the first worker of each run with py-spy into DIR/drain-N.txt
(collapsed stacks of the thread holding the interpreter lock).
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

from harness import (
    cpu_seconds,
    setup_environment,
    start_profiler,
    start_workers,
    stop_profiler,
    stop_workers,
    tico_rows,
    wait_jobs,
)

LATENCY = 0.3
LEAFLETS = int(os.environ.get("BENCH_LEAFLETS", "200"))
CONCURRENCY = 8
PROCESSES = [int(n) for n in os.environ.get("BENCH_PROCESSES", "1,2").split(",")]
PROFILE = os.environ.get("BENCH_PROFILE", "")


def run(processes: int, author, rows, server) -> dict:
    from translations import jobs
    from translations.models import Job
    from workbench.services import SegmentInput, leaflet_create

    leaflets = [
        leaflet_create(
            user=author,
            title=f"Drain {processes}-{i}",
            required_languages=["en", "zh", "ms", "ta"],
            segments=[
                SegmentInput(kind="paragraph", text=rows[(i + k) % len(rows)]["en"] + f" ({i})") for k in range(3)
            ],
        )
        for i in range(LEAFLETS)
    ]
    workers = start_workers(processes, "default,model.scripted", concurrency=CONCURRENCY)
    profiler = start_profiler(workers[0].pid, Path(PROFILE) / f"drain-{processes}.txt") if PROFILE else None
    try:
        cpu_before = [cpu_seconds(w.pid) for w in workers]
        own_before = time.process_time()  # this process: queueing the jobs, the scripted server, polling
        started = time.monotonic()
        ids = [j.pk for leaflet in leaflets for j in jobs.job_queue_translation(leaflet=leaflet, user=author)]
        ended = wait_jobs(ids, timeout=1200)
        cpu = [round(cpu_seconds(w.pid) - before, 2) for w, before in zip(workers, cpu_before, strict=True)]
        own = time.process_time() - own_before
    finally:
        if profiler is not None:
            stop_profiler(profiler)
        stop_workers(workers)
    states = dict.fromkeys(["succeeded", "failed"], 0)
    for state in Job.objects.filter(pk__in=ids).values_list("state", flat=True):
        states[state] = states.get(state, 0) + 1
    elapsed = ended - started
    limit = processes * CONCURRENCY / (2 * LATENCY)
    return {
        "processes": processes,
        "jobs": len(ids),
        "seconds": round(elapsed, 2),
        "jobs_per_s": round(len(ids) / elapsed, 2),
        "limit_jobs_per_s": round(limit, 2),
        "efficiency": round(len(ids) / elapsed / limit, 3),
        "states": states,
        "worker_cpu_s": cpu,
        "cpu_ms_per_job": round(1000 * sum(cpu) / len(ids), 1),
        "bench_process_cpu_s": round(own, 2),
    }


def main() -> None:
    setup_environment()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from review.role_services import ensure_roles
    from review.roles import AUTHORS
    from tests.support.fake_llm import FakeLLMServer
    from translations.models import Provider

    ensure_roles()
    author = get_user_model().objects.create_user("drain-author")
    author.groups.add(*Group.objects.filter(name=AUTHORS))
    rows = tico_rows(50, min_chars=40)
    server = FakeLLMServer(latency=LATENCY).start()
    Provider.objects.create(
        name="scripted", base_url=server.base_url, model="scripted-model-1", max_concurrency=64, timeout_s=30
    )
    try:
        results = [run(n, author, rows, server) for n in PROCESSES]
    finally:
        server.stop()
    for r in results:
        print(
            f"{r['processes']} worker process(es) x {CONCURRENCY} threads: {r['jobs']} jobs in {r['seconds']}s = "
            f"{r['jobs_per_s']} jobs/s (limit {r['limit_jobs_per_s']}, efficiency {r['efficiency']:.0%}), "
            f"worker CPU {r['cpu_ms_per_job']} ms/job"
        )
    scaling = round(results[-1]["jobs_per_s"] / results[0]["jobs_per_s"], 2) if len(results) > 1 else None
    print(json.dumps({"runs": results, "scaling": scaling}))


if __name__ == "__main__":
    main()
