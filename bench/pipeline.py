"""A 30-segment leaflet into Chinese, Malay and Tamil with back-translation, at 300 ms per model call.

Prints `{"wall_s", "ideal_s", "ratio", "token_ratio", ...}` as its last line, with
the worker's CPU seconds for the first translation and for the revision.
ideal_s is the critical path: the fewest sequential model calls the batching
needs (one translation call, then one back-translation call, per language,
languages in parallel) times the latency.
"""

from __future__ import annotations

import json
import time

from harness import cpu_seconds, setup_environment, start_workers, stop_workers, tico_rows, wait_jobs

LATENCY = 0.3


def _breakdown(request) -> dict:
    """Where a call's prompt tokens go: the system prompt, the user message's JSON around the texts, the texts."""
    messages = request.body["messages"]
    system = sum(len(m["content"].encode()) for m in messages if m["role"] == "system")
    user = sum(len(m["content"].encode()) for m in messages if m["role"] != "system")
    texts = sum(len(t.encode()) for t in request.payload["segments"].values())
    return {
        "task": request.task,
        "to": request.payload.get("to"),
        "system": system,
        "framing": user - texts,
        "text": texts,
        "tokens": -(-(system + user) // 4),
    }


def main() -> None:
    setup_environment()
    from django.conf import settings
    from django.contrib.auth import get_user_model

    from review.role_services import ensure_roles
    from review.roles import AUTHORS
    from tests.support.fake_llm import FakeLLMServer
    from translations import jobs
    from translations.models import Job, Provider
    from workbench.services import SegmentInput, leaflet_create, revision_save

    ensure_roles()
    author = get_user_model().objects.create_user("bench-author")
    author.groups.add(*__import__("django.contrib.auth.models", fromlist=["Group"]).Group.objects.filter(name=AUTHORS))
    rows = tico_rows(32)
    server = FakeLLMServer(latency=LATENCY).start()
    Provider.objects.create(
        name="scripted", base_url=server.base_url, model="scripted-model-1", max_concurrency=32, timeout_s=30
    )
    workers = start_workers(1, "default,model.scripted", concurrency=8)
    try:
        # One small job first, as a worker that has been running for a while
        # would have done: the measured run should not pay for imports.
        warm = leaflet_create(
            user=author,
            title="Warm-up",
            required_languages=["en", "zh", "ms", "ta"],
            segments=[SegmentInput(kind="paragraph", text=rows[31]["en"])],
        )
        wait_jobs([j.pk for j in jobs.job_queue_translation(leaflet=warm, user=author)])
        server.reset()
        server.latency = LATENCY
        leaflet = leaflet_create(
            user=author,
            title="Bench",
            required_languages=["en", "zh", "ms", "ta"],
            segments=[SegmentInput(kind="paragraph", text=r["en"]) for r in rows[:30]],
        )
        cpu_before = cpu_seconds(workers[0].pid)
        started = time.monotonic()
        first = jobs.job_queue_translation(leaflet=leaflet, user=author)
        ended = wait_jobs([j.pk for j in first])
        cpu_first = cpu_seconds(workers[0].pid) - cpu_before
        wall = ended - started
        timeline = [(r.task, round(r.received_at - started, 3)) for r in server.requests]
        done = list(Job.objects.filter(pk__in=[j.pk for j in first]))
        assert all(j.state == "succeeded" for j in done), [j.error for j in done]
        batches = max(1, -(-30 // settings.MODEL_BATCH_MAX_SEGMENTS))
        sequential_calls = 2 if batches else 0  # translate, then back-translate; batches and languages run in parallel
        ideal = sequential_calls * LATENCY
        tokens_first = sum(j.tokens_in for j in done)

        revision = leaflet.current_revision
        segments = [SegmentInput(kind=s.kind, text=s.text, key=s.key) for s in revision.segments.all()]
        segments[7] = SegmentInput(kind="paragraph", text=rows[30]["en"], key=segments[7].key)
        revision_save(leaflet=leaflet, user=author, segments=segments, base_revision_number=revision.number)
        cpu_before = cpu_seconds(workers[0].pid)
        second = jobs.job_queue_translation(leaflet=leaflet, user=author)
        wait_jobs([j.pk for j in second])
        cpu_second = cpu_seconds(workers[0].pid) - cpu_before
        revision_calls = [_breakdown(r) for r in server.requests if r.received_at > ended]
        tokens_second = sum(j.tokens_in for j in Job.objects.filter(pk__in=[j.pk for j in second]))
    finally:
        stop_workers(workers)
        server.stop()
    result = {
        "wall_s": round(wall, 3),
        "ideal_s": round(ideal, 3),
        "ratio": round(wall / ideal, 3),
        "token_ratio": round(tokens_second / tokens_first, 4),
        "tokens_first": tokens_first,
        "tokens_revision": tokens_second,
        "model_calls": len(server.requests),
        "worker_cpu_first_s": round(cpu_first, 3),
        "worker_cpu_revision_s": round(cpu_second, 3),
    }
    print("model calls (task, seconds after queueing):", timeline)
    print("revision calls, bytes (system prompt, JSON framing, segment text) and prompt tokens:")
    for call in revision_calls:
        print("  ", call)
    print(f"30 segments x 3 languages at {LATENCY * 1000:.0f} ms/call: wall {wall:.2f}s, critical path {ideal:.2f}s")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
