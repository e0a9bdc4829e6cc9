"""200 leaflets x 3 languages queued at once against the scripted server (300 ms per call).

Measures jobs per second with one worker process, then two, against the
limit that worker concurrency and latency set: each translation job needs two
sequential model calls (translate, back-translate), so N threads can finish at
most N / (2 x latency) jobs per second. Prints a final JSON line.
"""

from __future__ import annotations

import json
import os
import time

from harness import setup_environment, start_workers, stop_workers, tico_rows, wait_jobs

LATENCY = 0.3
LEAFLETS = int(os.environ.get("BENCH_LEAFLETS", "200"))
CONCURRENCY = 8


def run(processes: int, author, rows, server) -> dict:
    from translations import jobs
    from translations.models import Job
    from workbench.services import SegmentInput, leaflet_create

    leaflets = [
        leaflet_create(user=author, title=f"Drain {processes}-{i}", required_languages=["en", "zh", "ms", "ta"],
                       segments=[SegmentInput(kind="paragraph", text=rows[(i + k) % len(rows)]["en"] + f" ({i})")
                                 for k in range(3)])
        for i in range(LEAFLETS)
    ]
    workers = start_workers(processes, "default,model.scripted", concurrency=CONCURRENCY)
    try:
        started = time.monotonic()
        ids = [j.pk for leaflet in leaflets for j in jobs.job_queue_translation(leaflet=leaflet, user=author)]
        ended = wait_jobs(ids, timeout=1200)
    finally:
        stop_workers(workers)
    states = dict.fromkeys(["succeeded", "failed"], 0)
    for state in Job.objects.filter(pk__in=ids).values_list("state", flat=True):
        states[state] = states.get(state, 0) + 1
    elapsed = ended - started
    limit = processes * CONCURRENCY / (2 * LATENCY)
    return {"processes": processes, "jobs": len(ids), "seconds": round(elapsed, 2),
            "jobs_per_s": round(len(ids) / elapsed, 2), "limit_jobs_per_s": round(limit, 2),
            "efficiency": round(len(ids) / elapsed / limit, 3), "states": states}


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
    Provider.objects.create(name="scripted", base_url=server.base_url, model="scripted-model-1", max_concurrency=64,
                            timeout_s=30)
    try:
        results = [run(1, author, rows, server), run(2, author, rows, server)]
    finally:
        server.stop()
    for r in results:
        print(f"{r['processes']} worker process(es) x {CONCURRENCY} threads: {r['jobs']} jobs in {r['seconds']}s = "
              f"{r['jobs_per_s']} jobs/s (limit {r['limit_jobs_per_s']}, efficiency {r['efficiency']:.0%})")
    print(json.dumps({"runs": results, "scaling": round(results[1]["jobs_per_s"] / results[0]["jobs_per_s"], 2)}))


if __name__ == "__main__":
    main()
