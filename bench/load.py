"""Scale benchmark: the working pages and the patient page under load, on PostgreSQL with 10,000 leaflets.

    cd bench && ../.venv/bin/python load.py                 # 10,000 leaflets x 4 languages
    cd bench && ../.venv/bin/python load.py --leaflets 500  # a quicker run

1. Starts PostgreSQL and Redis (scripts/devstack.py), migrates, and bulk-loads
   N leaflets x 4 languages of review data (bench/load_data.py: COPY with the
   database rules on, audit events chained and sealed with the audit key,
   publications through review.services.leaflet_publish), then VACUUM ANALYZE.
2. Serves the project with gunicorn as a deployment would: 4 sync workers,
   persistent database connections (DATABASE_CONN_MAX_AGE=60, health checks on),
   production settings (DEBUG off, keys set), plain HTTP on loopback only.
3. A load generator in another process (threads, http.client with keep-alive)
   logs 12 accounts in once each, warms up, then runs 16 simulated users for
   60 s, each waiting 1 s after every response: 8 reviewers (one per language
   and stage) alternating their queue (the home page) and the review screen of
   a random text in their language, 4 publishers opening the publish screen of
   a random leaflet, and 4 anonymous patients reading a random published
   leaflet in a random language.
4. Per page, a ramp without waiting (1, 2, 4, 8, 16 concurrent clients) finds
   the throughput at which p95 crosses the page's bound.
5. Supplementary: the same mix without the queue page (reviewers open review
   screens only), and the mix for 30 s under other gunicorn configurations
   (--sweep, default w4,w2c60,w8c60,w2t4c60: 4 workers opening a connection per
   request (DATABASE_CONN_MAX_AGE=0, Django's default), 2 / 8 sync workers,
   2 gthread workers x 4 threads). Each run reports how many patient pages came
   from the shared cache (Redis hits and misses).
6. Where a goal is missed: the page rendered in-process (cold, then cached),
   its queries by time, EXPLAIN ANALYZE of the slowest (and, rolled back, the
   same with an index where it scans the audit trail), the Python functions
   that dominate, and what a new database connection costs per request.

It prints every phase's duration; about 10 minutes for 10,000 leaflets here.

Goals on this 2-core machine (database, web server and load generator share
it): p95 < 150 ms for the working pages, < 50 ms for the patient page, no
errors. Everything it started is stopped at the end.
"""

from __future__ import annotations

import argparse
import atexit
import http.client
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

PAGES = ["queue", "review", "publish", "patient"]
GOALS_MS = {"queue": 150.0, "review": 150.0, "publish": 150.0, "patient": 50.0}
LABELS = {
    "queue": "reviewer queue (home)",
    "review": "review screen",
    "publish": "publish screen",
    "patient": "patient page",
}


def say(message: str) -> None:
    print(f"[bench] {message}", flush=True)


# =====================================================================================================
# The load generator (runs in its own process: `load.py --client`, spec as JSON on stdin)
# =====================================================================================================
class Http:
    """One client connection with its cookies; reconnects when the server closes (sync workers do)."""

    def __init__(self, host: str, port: int, cookies: dict | None = None, timeout: float = 60.0):
        self.host, self.port, self.timeout = host, port, timeout
        self.cookies = dict(cookies or {})
        self.conn: http.client.HTTPConnection | None = None

    def request(self, method: str, path: str, body: str | None = None, headers: dict | None = None):
        h = {
            "Host": f"{self.host}:{self.port}",
            "Accept": "text/html",
            "Accept-Encoding": "identity",
            "User-Agent": "workbench-bench/1",
        }
        if self.cookies:
            h["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        h.update(headers or {})
        for attempt in (0, 1):
            if self.conn is None:
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
            try:
                self.conn.request(method, path, body=body, headers=h)
                response = self.conn.getresponse()
                data = response.read()
                break
            except (
                http.client.RemoteDisconnected,
                ConnectionResetError,
                BrokenPipeError,
                http.client.CannotSendRequest,
            ):
                # A keep-alive connection the server had already closed: retry once on a new one.
                self.conn.close()
                self.conn = None
                if attempt:
                    raise
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                pair = value.split(";", 1)[0]
                if "=" in pair:
                    k, v = pair.split("=", 1)
                    self.cookies[k.strip()] = v.strip()
        if response.will_close:
            self.conn.close()
            self.conn = None
        return response.status, data

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None


def login(host: str, port: int, username: str, password: str) -> dict:
    client = Http(host, port)
    status, body = client.request("GET", "/accounts/login/")
    match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    if status != 200 or not match:
        raise SystemExit(f"login page for {username}: HTTP {status}")
    form = urlencode(
        {"csrfmiddlewaretoken": match.group(1).decode(), "username": username, "password": password, "next": "/"}
    )
    status, _ = client.request("POST", "/accounts/login/", form, {"Content-Type": "application/x-www-form-urlencoded"})
    client.close()
    if status != 302 or "sessionid" not in client.cookies:
        raise SystemExit(f"login of {username} failed: HTTP {status}")
    return client.cookies


class Targets:
    def __init__(self, spec: dict, seed: int):
        self.rng = random.Random(seed)
        self.texts = spec["texts"]  # language -> current text version ids
        self.leaflets = spec["leaflets"]
        self.published = spec["published"]  # [[leaflet id, [languages]], ...]
        self.reviewers = spec["reviewers"]  # [[username, language], ...]

    def path(self, page: str, language: str | None = None) -> str:
        if page == "queue":
            return "/"
        if page == "review":
            return f"/review/{self.rng.choice(self.texts[language])}/"
        if page == "publish":
            return f"/leaflets/{self.rng.choice(self.leaflets)}/publish/"
        leaflet, languages = self.rng.choice(self.published)
        return f"/p/{leaflet}/{self.rng.choice(languages)}/"


def run_users(spec: dict, sessions: dict, *, seconds: float, think: float, record: bool, seed: int) -> list:
    """The 16-user mix for `seconds`: [page, started_at, ms, status] per request."""
    host, port = spec["host"], spec["port"]
    results: list = []
    lock = threading.Lock()
    started = time.monotonic()
    deadline = started + seconds
    users = []
    for username, language in spec["reviewers"]:
        users.append(("reviewer", sessions[username], language))
    for name in spec["publishers"]:
        users.append(("publisher", sessions[name], None))
    for _ in range(spec["patients"]):
        users.append(("patient", {}, None))

    def user(index: int, role: str, cookies: dict, language: str | None) -> None:
        targets = Targets(spec, seed * 1000 + index)
        client = Http(host, port, cookies)
        time.sleep(index / len(users))  # spread the starts over the first second
        turn = index
        while time.monotonic() < deadline:
            if role == "reviewer":
                page = "queue" if turn % 2 == 0 and not spec.get("no_queue") else "review"
            else:
                page = "publish" if role == "publisher" else "patient"
            turn += 1
            path = targets.path(page, language)
            t0 = time.perf_counter()
            try:
                status, _body = client.request("GET", path)
            except Exception as exc:  # noqa: BLE001 - a failed request is a result
                status = f"{exc.__class__.__name__}"
                client.close()
            ms = (time.perf_counter() - t0) * 1000
            if record:
                with lock:
                    results.append([page, round(t0 - started, 3), round(ms, 2), status, path])
            if think:
                time.sleep(max(0.0, min(think, deadline - time.monotonic())))
        client.close()

    threads = [threading.Thread(target=user, args=(i, *u), daemon=True) for i, u in enumerate(users)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def run_closed(spec: dict, sessions: dict, page: str, concurrency: int, seconds: float, seed: int) -> dict:
    """`concurrency` clients requesting one page back to back (no waiting) for `seconds`."""
    host, port = spec["host"], spec["port"]
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    reviewer_sessions = [(sessions[u], lang) for u, lang in spec["reviewers"]]
    publisher_sessions = [sessions[u] for u in spec["publishers"]]
    deadline = time.monotonic() + seconds

    def client(index: int) -> None:
        nonlocal errors
        targets = Targets(spec, seed * 7919 + index)
        if page in ("queue", "review"):
            cookies, language = reviewer_sessions[index % len(reviewer_sessions)]
        elif page == "publish":
            cookies, language = publisher_sessions[index % len(publisher_sessions)], None
        else:
            cookies, language = {}, None
        conn = Http(host, port, cookies)
        while time.monotonic() < deadline:
            path = targets.path(page, language)
            t0 = time.perf_counter()
            try:
                status, _ = conn.request("GET", path)
            except Exception:  # noqa: BLE001
                status = 0
                conn.close()
            ms = (time.perf_counter() - t0) * 1000
            with lock:
                latencies.append(ms)
                errors += status != 200
        conn.close()

    t0 = time.monotonic()
    threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - t0
    return {
        "page": page,
        "concurrency": concurrency,
        "requests": len(latencies),
        "errors": errors,
        "seconds": round(elapsed, 2),
        "rps": round(len(latencies) / elapsed, 2),
        "p50": percentile(latencies, 50),
        "p95": percentile(latencies, 95),
        "p99": percentile(latencies, 99),
    }


def client_main() -> None:
    spec = json.load(sys.stdin)
    host, port = spec["host"], spec["port"]

    def emit(kind: str, payload) -> None:
        sys.stdout.write(json.dumps({"kind": kind, "data": payload}) + "\n")
        sys.stdout.flush()

    t = time.monotonic()
    accounts = [u for u, _ in spec["reviewers"]] + spec["publishers"]
    sessions = {}
    for name in accounts:  # once each, with the right password (django-axes counts failures)
        sessions[name] = login(host, port, name, spec["password"])
    emit("logins", {"accounts": len(accounts), "seconds": round(time.monotonic() - t, 1)})

    if spec.get("warmup", 0) > 0:
        t = time.monotonic()
        run_users(spec, sessions, seconds=spec["warmup"], think=spec["think"], record=False, seed=1)
        emit("warmup", {"seconds": round(time.monotonic() - t, 1)})

    if spec.get("steady", 0) > 0:
        t = time.monotonic()
        results = run_users(spec, sessions, seconds=spec["steady"], think=spec["think"], record=True, seed=2)
        emit("steady", {"seconds": round(time.monotonic() - t, 1), "window": [t, time.monotonic()], "results": results})

    for page in spec.get("ramp_pages", []):
        for level in spec["ramp_levels"]:
            t = time.monotonic()
            row = run_closed(spec, sessions, page, level, spec["ramp_seconds"], seed=3 + level)
            row["window"] = [t, time.monotonic()]
            emit("ramp", row)
            if row["p95"] is not None and row["p95"] > GOALS_MS[page]:
                break  # crossed: the next level only queues more


# =====================================================================================================
# Figures
# =====================================================================================================
def percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    position = (len(ordered) - 1) * q / 100
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return round(ordered[low] + (ordered[high] - ordered[low]) * (position - low), 1)


def table(headers: list[str], rows: list[list]) -> str:
    cells = [[str(h) for h in headers]] + [["" if c is None else str(c) for c in row] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    lines = [
        "| " + " | ".join(c.ljust(w) for c, w in zip(cells[0], widths, strict=True)) + " |",
        "|" + "|".join("-" * (w + 2) for w in widths) + "|",
    ]
    lines += ["| " + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) + " |" for row in cells[1:]]
    return "\n".join(lines)


def steady_table(results: list, seconds: float) -> tuple[str, dict]:
    rows, summary = [], {}
    for page in PAGES:
        mine = [r for r in results if r[0] == page]
        latencies = [r[2] for r in mine]
        errors = [r for r in mine if r[3] != 200]
        p95 = percentile(latencies, 95)
        met = bool(mine) and not errors and p95 is not None and p95 < GOALS_MS[page]
        summary[page] = {
            "requests": len(mine),
            "errors": len(errors),
            "p50": percentile(latencies, 50),
            "p95": p95,
            "p99": percentile(latencies, 99),
            "max": round(max(latencies), 1) if latencies else None,
            "rps": round(len(mine) / seconds, 2),
            "goal_ms": GOALS_MS[page],
            "met": met,
            "error_samples": [[r[3], r[4]] for r in errors[:5]],
        }
        s = summary[page]
        if not mine:
            continue
        rows.append(
            [
                LABELS[page],
                s["requests"],
                s["errors"],
                s["rps"],
                s["p50"],
                s["p95"],
                s["p99"],
                s["max"],
                f"< {GOALS_MS[page]:.0f}",
                "yes" if met else "NO",
            ]
        )
    all_lat = [r[2] for r in results]
    rows.append(
        [
            "all pages",
            len(results),
            sum(1 for r in results if r[3] != 200),
            round(len(results) / seconds, 2),
            percentile(all_lat, 50),
            percentile(all_lat, 95),
            percentile(all_lat, 99),
            round(max(all_lat), 1) if all_lat else None,
            "",
            "",
        ]
    )
    return table(
        ["page", "requests", "errors", "req/s", "p50 ms", "p95 ms", "p99 ms", "max ms", "goal p95 ms", "met?"], rows
    ), summary


def ramp_summary(rows: list[dict]) -> tuple[str, dict]:
    def cpu(r: dict) -> str:
        c = r.get("cpu")
        return f"{c['busy_pct']} ({c['other_pct']})" if c else ""

    lines = table(
        ["page", "clients", "requests", "errors", "req/s", "p50 ms", "p95 ms", "p99 ms", "CPU busy % (others)"],
        [
            [
                LABELS[r["page"]],
                r["concurrency"],
                r["requests"],
                r["errors"],
                r["rps"],
                r["p50"],
                r["p95"],
                r["p99"],
                cpu(r),
            ]
            for r in rows
        ],
    )
    crossing = {}
    for page in PAGES:
        mine = [r for r in rows if r["page"] == page]
        if not mine:
            continue
        within = [r for r in mine if r["p95"] is not None and r["p95"] < GOALS_MS[page] and not r["errors"]]
        over = [r for r in mine if r["p95"] is not None and r["p95"] >= GOALS_MS[page]]
        best = max(within, key=lambda r: r["rps"]) if within else None
        first_over = over[0] if over else None
        if best and first_over:
            text = (
                f"p95 within {GOALS_MS[page]:.0f} ms up to {best['rps']} req/s ({best['concurrency']} clients, "
                f"p95 {best['p95']} ms); crosses at {first_over['rps']} req/s ({first_over['concurrency']} "
                f"clients, p95 {first_over['p95']} ms)"
            )
        elif first_over:
            text = (
                f"p95 over {GOALS_MS[page]:.0f} ms already with 1 client: {first_over['rps']} req/s, "
                f"p95 {first_over['p95']} ms"
            )
        else:
            text = (
                (
                    f"p95 within {GOALS_MS[page]:.0f} ms at every level tried, up to {best['rps']} req/s "
                    f"({best['concurrency']} clients, p95 {best['p95']} ms)"
                )
                if best
                else "no data"
            )
        crossing[page] = {
            "within_rps": best["rps"] if best else None,
            "crossed_rps": first_over["rps"] if first_over else None,
            "text": text,
        }
    return lines, crossing


# =====================================================================================================
# CPU: how busy the machine was, and how much of it was this benchmark's processes
# =====================================================================================================
def _cpu_total() -> tuple[int, int]:
    with open("/proc/stat") as handle:
        values = [int(v) for v in handle.readline().split()[1:]]
    idle = values[3] + (values[4] if len(values) > 4 else 0)
    return sum(values[:8]) - idle, sum(values[:8])


def _process_table() -> dict[int, tuple[int, int]]:
    """pid -> (ppid, cpu jiffies including reaped children)."""
    table_ = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                data = handle.read()
        except OSError:
            continue
        fields = data[data.rfind(")") + 2 :].split()
        table_[int(entry)] = (int(fields[1]), sum(int(x) for x in fields[11:15]))
    return table_


def _cache_counts() -> tuple[int, int]:
    """Redis's keyspace hits and misses so far (only the patient page uses the cache), (0, 0) if unreadable."""
    try:
        import redis

        stats = redis.Redis.from_url(os.environ["REDIS_URL"], socket_timeout=0.5).info("stats")
        return int(stats["keyspace_hits"]), int(stats["keyspace_misses"])
    except Exception:  # noqa: BLE001 - a figure, not a requirement
        return 0, 0


class CpuSampler(threading.Thread):
    """Samples, every half second, all CPU time, the CPU time of this run's process trees, and the cache's
    hits and misses."""

    def __init__(self, roots: list[int]):
        super().__init__(daemon=True)
        self.roots = roots
        self.samples: list[tuple[float, int, int, int, int, int]] = []
        self.running = True

    def mine(self) -> int:
        table_ = _process_table()
        children: dict[int, list[int]] = {}
        for pid, (ppid, _j) in table_.items():
            children.setdefault(ppid, []).append(pid)
        total, stack_ = 0, [r for r in self.roots if r in table_]
        seen = set()
        while stack_:
            pid = stack_.pop()
            if pid in seen:
                continue
            seen.add(pid)
            total += table_[pid][1]
            stack_ += children.get(pid, [])
        return total

    def run(self) -> None:
        while self.running:
            busy, total = _cpu_total()
            self.samples.append((time.monotonic(), busy, total, self.mine(), *_cache_counts()))
            time.sleep(0.5)

    def window(self, start: float, end: float) -> dict | None:
        inside = [s for s in self.samples if start - 0.6 <= s[0] <= end + 0.6]
        if len(inside) < 2:
            return None
        a, b = inside[0], inside[-1]
        total = b[2] - a[2]
        if total <= 0:
            return None
        cores = os.cpu_count() or 1
        return {
            "busy_pct": round(100 * (b[1] - a[1]) / total, 1),
            "bench_pct": round(100 * (b[3] - a[3]) / total, 1),
            "other_pct": round(100 * max(0, (b[1] - a[1]) - (b[3] - a[3])) / total, 1),
            "cores": cores,
            "cache_hits": b[4] - a[4],
            "cache_misses": b[5] - a[5],
        }


def postmaster_pid(datadir: Path | None) -> int | None:
    try:
        return int((datadir / "postmaster.pid").read_text().split()[0])
    except (OSError, ValueError, IndexError, TypeError):
        return None


# =====================================================================================================
# Servers and the run
# =====================================================================================================
class Stack:
    """What this run started, stopped at exit whatever happens."""

    def __init__(self, scratch: Path):
        self.procs: list[subprocess.Popen] = []
        self.pg_dir: Path | None = None
        self.scratch = scratch
        self.keep_scratch = False
        self.stopped = False
        atexit.register(self.stop)

    def stop(self) -> None:
        if self.stopped:
            return
        self.stopped = True
        for proc in reversed(self.procs):
            if proc.poll() is None:
                proc.terminate()
        for proc in self.procs:
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
        if self.pg_dir is not None:
            import devstack

            try:
                from django.db import connections

                connections.close_all()
            except Exception:  # noqa: BLE001 - stopping anyway
                pass
            devstack.stop_postgres(self.pg_dir)
            self.pg_dir = None
        if not self.keep_scratch:
            shutil.rmtree(self.scratch, ignore_errors=True)


def setup_environment(stack: Stack, scratch: Path, args) -> dict:
    import devstack

    pg_port = devstack.free_port()
    pg_url, stack.pg_dir = devstack.start_postgres(pg_port)
    redis_port = devstack.free_port()
    stack.procs.append(devstack.start_redis(redis_port, scratch / "redis"))
    env = {
        "DJANGO_SETTINGS_MODULE": "workbench.settings",
        "DATABASE_URL": pg_url,
        "REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
        "DJANGO_SECRET_KEY": "bench-only-secret-key-" + "x" * 32,
        "AUDIT_KEY": "bench-only-audit-key-" + "y" * 32,
        "DJANGO_PLAIN_HTTP": "1",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "LOG_LEVEL": "WARNING",
    }
    for name in ("DJANGO_DEBUG", "DATABASE_CONN_MAX_AGE", "DATABASE_CONN_HEALTH_CHECKS", "CACHE_URL"):
        if name not in env:
            os.environ.pop(name, None)  # production-like: DEBUG off, the project's defaults
    os.environ.update(env)
    return env


def start_gunicorn(
    scratch: Path, workers: int, threads: int, conn_max_age: int | None = None
) -> tuple[subprocess.Popen, int]:
    import devstack

    port = devstack.free_port()
    env = dict(os.environ)
    if conn_max_age is not None:
        env["DATABASE_CONN_MAX_AGE"] = str(conn_max_age)
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "workbench.wsgi",
        "-w",
        str(workers),
        "-b",
        f"127.0.0.1:{port}",
        "--timeout",
        "120",
        "--keep-alive",
        "5",
        "--log-level",
        "warning",
    ]
    if threads > 1:
        command += ["--threads", str(threads)]  # gthread workers
    log = open(scratch / "gunicorn.log", "ab")
    proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=log)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"gunicorn exited ({proc.returncode}); see {scratch / 'gunicorn.log'}")
        try:
            status, _ = Http("127.0.0.1", port).request("GET", "/accounts/login/")
            if status == 200:
                return proc, port
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit("gunicorn did not answer within 60 s")


def targets_spec(loader) -> dict:
    from review.models import Publication, PublicationText
    from translations.models import TextVersion
    from workbench.models import Leaflet

    texts: dict[str, list[int]] = {}
    for tv_id, lang in TextVersion.objects.filter(revision__leaflet__current_revision=models_F("revision")).values_list(
        "id", "language_id"
    ):
        texts.setdefault(lang, []).append(tv_id)
    published: dict[int, list[str]] = {}
    for leaflet_id, lang in PublicationText.objects.filter(publication__state=Publication.State.LIVE).values_list(
        "publication__leaflet_id", "language_id"
    ):
        published.setdefault(leaflet_id, []).append(lang)
    from load_data import LANGS, PASSWORD, STAGES

    return {
        "texts": texts,
        "leaflets": list(Leaflet.objects.values_list("id", flat=True)),
        "published": [[k, sorted(v)] for k, v in published.items()],
        "reviewers": [[f"{lang}_{stage}_1", lang] for lang in LANGS for stage in STAGES],
        "publishers": [f"publisher{i}" for i in range(1, 5)],
        "patients": 4,
        "password": PASSWORD,
    }


def models_F(name: str):
    from django.db.models import F

    return F(name)


def run_client(spec: dict) -> list[dict]:
    proc = subprocess.Popen(
        [sys.executable, str(Path(__file__).resolve()), "--client"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).parent,
    )
    out, err = proc.communicate(json.dumps(spec))
    if proc.returncode != 0:
        sys.stderr.write(err)
        raise SystemExit(f"the load generator failed ({proc.returncode})")
    return [json.loads(line) for line in out.splitlines() if line.strip()]


# --- Where the time goes ------------------------------------------------------------------------------
def connection_cost(samples: int = 30) -> tuple[float, float]:
    """A new database connection as Django opens it (what every request pays with DATABASE_CONN_MAX_AGE=0)."""
    from django.db import connection

    times = []
    for _ in range(samples):
        connection.close()
        t0 = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        times.append((time.perf_counter() - t0) * 1000)
    return percentile(times, 50), percentile(times, 95)


def diagnose(page: str, url: str, username: str | None) -> str:
    """Render one URL in-process: wall time, queries by time, EXPLAIN ANALYZE of the slowest, hot functions.

    Measured cold (the shared cache cleared first: what most requests of the random mix meet) and warm.
    """
    import cProfile
    import io
    import pstats

    from django.contrib.auth import get_user_model
    from django.core.cache import cache
    from django.db import connection, transaction
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    if username:
        client.force_login(get_user_model().objects.get(username=username))
    for _ in range(2):
        client.get(url)  # templates, permissions, the database's buffers
    t0 = time.perf_counter()
    client.get(url)
    warm = (time.perf_counter() - t0) * 1000
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        t0 = time.perf_counter()
        response = client.get(url)
        wall = (time.perf_counter() - t0) * 1000
    queries = [(float(q["time"]) * 1000, q["sql"]) for q in captured.captured_queries]
    sql_ms = sum(ms for ms, _ in queries)
    out = [
        f"### {LABELS[page]}: GET {url}"
        + (f" as {username}" if username else "")
        + f" -> HTTP {response.status_code}; cold (cache cleared) {wall:.0f} ms in-process: {len(queries)} queries, "
        f"{sql_ms:.0f} ms in SQL (as timed by Django), {max(0.0, wall - sql_ms):.0f} ms in Python; "
        f"warm (cached where the page caches) {warm:.0f} ms"
    ]
    out.append("Slowest queries (ms, SQL):")
    for ms, sql in sorted(queries, key=lambda q: -q[0])[:5]:
        out.append(f"  {ms:8.1f}  {sql[:240]}{' ...' if len(sql) > 240 else ''}")
    if queries:
        slowest = max(queries, key=lambda q: q[0])[1]
        try:
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + slowest)
                plan = [row[0] for row in cursor.fetchall()]
            out.append("EXPLAIN (ANALYZE, BUFFERS) of the slowest:")
            out += ["  " + (line if len(line) < 220 else line[:220] + " ...") for line in plan[:24]]
            if len(plan) > 24:
                out.append(f"  ... ({len(plan) - 24} more lines)")
            if "review_auditevent" in slowest.split(" FROM ", 1)[-1][:40]:
                # What an index on the columns sealed_events filters by would do: built, timed, rolled back.
                with transaction.atomic():
                    with connection.cursor() as cursor:
                        cursor.execute(
                            "CREATE INDEX bench_whatif_audit ON review_auditevent (verb, object_type, object_id)"
                        )
                        cursor.execute("ANALYZE review_auditevent")
                        cursor.execute("EXPLAIN (ANALYZE) " + slowest)
                        what_if = [row[0] for row in cursor.fetchall()]
                    transaction.set_rollback(True)
                scan = next((line.strip().lstrip("-> ") for line in what_if if "Scan" in line), "")
                timing = next((line.strip() for line in what_if if line.startswith("Execution Time")), "")
                out.append(
                    f"What-if, rolled back (not part of the measurement): with an index on review_auditevent "
                    f"(verb, object_type, object_id) the same query is a {scan.split('  (')[0]}: {timing}"
                )
        except Exception as exc:  # noqa: BLE001
            out.append(f"(EXPLAIN failed: {exc})")
    cache.clear()
    profiler = cProfile.Profile()
    profiler.enable()
    client.get(url)
    profiler.disable()
    stream = io.StringIO()
    pstats.Stats(profiler, stream=stream).sort_stats("cumulative").print_stats(
        r"/(workbench|review|translations)/(?!.*migrations)", 14
    )
    keep = [line for line in stream.getvalue().splitlines() if re.match(r"\s+\d", line) or "ncalls" in line]
    out.append("Hot project functions (cProfile of a cold request, cumulative s):")
    out += ["  " + line.strip() for line in keep[:16]]
    stream = io.StringIO()
    pstats.Stats(profiler, stream=stream).sort_stats("tottime").print_stats(8)
    out.append("Top functions by own time (any module):")
    out += ["  " + line.strip() for line in stream.getvalue().splitlines() if re.match(r"\s+\d", line)][:8]
    return "\n".join(out)


@dataclass
class ServerConfig:
    workers: int
    threads: int = 1
    conn_max_age: int | None = None

    @classmethod
    def parse(cls, text: str) -> ServerConfig:
        """ "w4" (4 sync workers), "w2t4" (2 gthread workers x 4 threads), "w4c60" (DATABASE_CONN_MAX_AGE=60)."""
        match = re.fullmatch(r"w(\d+)(?:t(\d+))?(?:c(\d+))?", text.strip())
        if not match:
            raise SystemExit(f"bad server configuration {text!r}: use e.g. w4, w2t4, w4c60")
        return cls(
            int(match.group(1)), int(match.group(2) or 1), int(match.group(3)) if match.group(3) is not None else None
        )

    def describe(self) -> str:
        kind = f" --threads {self.threads} (gthread)" if self.threads > 1 else " (sync workers)"
        age = self.conn_max_age if self.conn_max_age is not None else "0 (the default)"
        return f"gunicorn -w {self.workers}{kind}, DATABASE_CONN_MAX_AGE={age}"


def clear_cache() -> None:
    """Empty the shared cache (patient pages), so each measurement starts as cold as the first."""
    try:
        import redis

        redis.Redis.from_url(os.environ["REDIS_URL"], socket_timeout=2).flushdb()
    except Exception as exc:  # noqa: BLE001
        say(f"could not clear the cache ({exc.__class__.__name__}: {exc}); later runs may find pages cached")


def measure(stack: Stack, scratch: Path, config: ServerConfig, spec: dict, **plan) -> dict:
    """Serve with this configuration, run the load generator, stop the server; the figures.

    The cache is emptied first: the no-wait ramp renders nearly every patient page, and without this the
    runs after it (without the queue page, the sweep) would read them all from the cache.
    """
    clear_cache()
    server, port = start_gunicorn(scratch, config.workers, config.threads, config.conn_max_age)
    stack.procs.append(server)
    say(f"serving on 127.0.0.1:{port}: {config.describe()}")
    sampler = CpuSampler([os.getpid()] + [p for p in [postmaster_pid(stack.pg_dir)] if p])
    sampler.start()
    load_before = os.getloadavg()
    try:
        messages = run_client({**spec, "host": "127.0.0.1", "port": port, **plan})
    finally:
        sampler.running = False
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
        stack.procs.remove(server)
    by_kind: dict[str, list] = {}
    for m in messages:
        by_kind.setdefault(m["kind"], []).append(m["data"])
    steady = by_kind["steady"][0]
    text, summary = steady_table(steady["results"], steady["seconds"])
    ramp = by_kind.get("ramp", [])
    for row in ramp:
        row["cpu"] = sampler.window(*row["window"])
    ramp_text, crossing = ramp_summary(ramp) if ramp else ("", {})
    return {
        "config": config,
        "steady": steady,
        "steady_text": text,
        "summary": summary,
        "cpu": sampler.window(*steady["window"]),
        "load_before": load_before,
        "ramp": ramp,
        "ramp_text": ramp_text,
        "crossing": crossing,
        "logins_s": by_kind.get("logins", [{}])[0].get("seconds"),
        "warmup_s": by_kind.get("warmup", [{}])[0].get("seconds"),
    }


def cpu_sentence(cpu: dict | None, load_before) -> str:
    if not cpu:
        return ""
    looked_up = cpu["cache_hits"] + cpu["cache_misses"]
    cache = (
        f" Patient pages from the shared cache: {cpu['cache_hits']} of {looked_up} looked up "
        f"({100 * cpu['cache_hits'] / looked_up:.0f}%; the others rendered and were stored)."
        if looked_up
        else ""
    )
    return (
        f"CPU over the measurement: {cpu['busy_pct']}% of {cpu['cores']} cores busy; this benchmark's processes "
        f"(PostgreSQL, gunicorn, load generator) {cpu['bench_pct']}%, other processes on the machine "
        f"{cpu['other_pct']}%. Load average before: {', '.join(f'{x:.2f}' for x in load_before)}.{cache}"
    )


def describe_code() -> str:
    """The commit measured and whether the working tree differed from it (others edit while benchmarks run)."""
    try:
        head = subprocess.run(
            ["git", "log", "-1", "--format=%h %s"], cwd=ROOT, capture_output=True, text=True, timeout=10
        ).stdout.strip()
        dirty = [
            line[3:]
            for line in subprocess.run(
                ["git", "status", "--short"], cwd=ROOT, capture_output=True, text=True, timeout=10
            ).stdout.splitlines()
            if line[3:].endswith(".py") and not line[3:].startswith(("bench/", "tests/"))
        ]
    except (OSError, subprocess.SubprocessError):
        return "unknown (no git)"
    return f"{head[:90]}" + (
        f"; uncommitted changes in {', '.join(dirty[:8])}{' ...' if len(dirty) > 8 else ''}"
        if dirty
        else "; no uncommitted application changes"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description="Scale benchmark: PostgreSQL, gunicorn, 16 simulated users.")
    parser.add_argument("--leaflets", type=int, default=10_000)
    parser.add_argument(
        "--server",
        default="w4c60",
        help="gunicorn configuration: w4 = 4 sync workers (the README's), w2t4 = 2 gthread "
        "workers x 4 threads, suffix c60 for DATABASE_CONN_MAX_AGE=60 (persistent database "
        "connections, as deployed; without it every request opens a new connection)",
    )
    parser.add_argument(
        "--sweep",
        default="w4,w2c60,w8c60,w2t4c60",
        help="also compare these configurations with a shorter steady run ('' for none)",
    )
    parser.add_argument("--sweep-seconds", type=float, default=30.0)
    parser.add_argument("--duration", type=float, default=60.0, help="steady-load seconds")
    parser.add_argument("--warmup", type=float, default=10.0)
    parser.add_argument("--think", type=float, default=1.0, help="seconds each user waits between requests")
    parser.add_argument("--ramp-levels", default="1,2,4,8,16")
    parser.add_argument("--ramp-seconds", type=float, default=8.0)
    parser.add_argument("--no-ramp", action="store_true")
    parser.add_argument(
        "--publish-limit",
        type=int,
        default=1000,
        help="leaflets published through leaflet_publish (one by one, ~10/s at 10,000 leaflets); "
        "the other fully approved ones wait as ready to publish. 0: no limit",
    )
    parser.add_argument("--client", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.client:
        client_main()
        return 0

    phases: list[tuple[str, float]] = []
    run_started = time.monotonic()
    scratch = Path(tempfile.mkdtemp(prefix="workbench-load-"))
    stack = Stack(scratch)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    main_config = ServerConfig.parse(args.server)
    code_state = describe_code()
    sweep = [ServerConfig.parse(c) for c in args.sweep.split(",") if c.strip()]
    try:
        t = time.monotonic()
        setup_environment(stack, scratch, args)
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection, connections

        call_command("migrate", verbosity=0)
        phases.append(("start PostgreSQL and Redis, migrate", time.monotonic() - t))
        say(f"PostgreSQL and Redis up, migrated ({phases[-1][1]:.1f} s)")

        from load_data import load

        t = time.monotonic()
        loader, info = load(args.leaflets, publish_limit=args.publish_limit or None)
        phases.append((f"bulk load ({args.leaflets} leaflets)", time.monotonic() - t))
        phases += [("  " + name, seconds) for name, seconds in loader.timings]
        t = time.monotonic()
        checks = loader.check()
        phases.append(("check: hashes, the whole audit chain", time.monotonic() - t))
        t = time.monotonic()
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
            cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
            db_size = cursor.fetchone()[0]
        phases.append(("VACUUM ANALYZE", time.monotonic() - t))
        spec = targets_spec(loader)
        connections.close_all()

        t = time.monotonic()
        result = measure(
            stack,
            scratch,
            main_config,
            spec,
            think=args.think,
            warmup=args.warmup,
            steady=args.duration,
            ramp_pages=[] if args.no_ramp else PAGES,
            ramp_levels=[int(x) for x in args.ramp_levels.split(",")],
            ramp_seconds=args.ramp_seconds,
        )
        phases.append((f"load test ({main_config.describe()})", time.monotonic() - t))
        phases.append(("  logins (12 accounts, production PBKDF2)", result["logins_s"] or 0))
        phases.append(("  warm-up", result["warmup_s"] or 0))
        phases.append(("  steady load", result["steady"]["seconds"]))
        t = time.monotonic()
        without_queue = measure(
            stack,
            scratch,
            main_config,
            spec,
            think=args.think,
            warmup=5.0,
            steady=args.duration,
            ramp_pages=[],
            ramp_levels=[],
            ramp_seconds=0,
            no_queue=True,
        )
        phases.append(("steady load without the queue page (supplementary)", time.monotonic() - t))
        swept = []
        for config in sweep:
            t = time.monotonic()
            swept.append(
                measure(
                    stack,
                    scratch,
                    config,
                    spec,
                    think=args.think,
                    warmup=5.0,
                    steady=args.sweep_seconds,
                    ramp_pages=[],
                    ramp_levels=[],
                    ramp_seconds=0,
                )
            )
            phases.append((f"sweep: {config.describe()}", time.monotonic() - t))

        from django.db.models import Count

        from review.models import Approval, Publication
        from translations.models import TextVersion

        states = dict(
            TextVersion.objects.filter(revision__leaflet__current_revision=models_F("revision"))
            .values("state")
            .annotate(n=Count("id"))
            .values_list("state", "n")
        )
        publications = dict(Publication.objects.values("state").annotate(n=Count("id")).values_list("state", "n"))
        decisions = dict(Approval.objects.values("decision").annotate(n=Count("id")).values_list("decision", "n"))

        summary = result["summary"]
        print()
        print("=" * 100)
        print(
            f"Scale benchmark: {args.leaflets} leaflets x 4 languages on PostgreSQL ({db_size}); "
            f"{os.cpu_count()} cores shared by the database, the web server and the load generator"
        )
        print(f"Code measured: {code_state}")
        print(
            f"Server: {main_config.describe()}. Users: 16 ({len(spec['reviewers'])} reviewers alternating "
            f"queue / review screen, {len(spec['publishers'])} publishers, {spec['patients']} anonymous patients), "
            f"{args.think} s between requests, {args.duration:.0f} s after a {args.warmup:.0f} s warm-up."
        )
        print()
        print("Data:")
        print(table(["rows", "count"], [[k, v] for k, v in loader.counts.items()]))
        planned, approved = loader.publish_planned
        mix: dict[str, int] = {}
        for plan in loader.plans:
            mix[plan.state] = mix.get(plan.state, 0) + 1
        print(
            f"Leaflets by the state planned for their current revision: {mix}; with a second revision: "
            f"{sum(p.history for p in loader.plans)} (of which revision 1 was planned published: "
            f"{sum(p.old_published for p in loader.plans)})"
        )
        print(f"Current texts by state: {states}")
        print(
            f"Decisions: {decisions}; publications: {publications}; live leaflets: {len(spec['published'])} "
            f"({planned} publications through leaflet_publish, of the {approved} the state mix calls for; "
            f"--publish-limit; the other fully approved leaflets wait, ready to publish)"
        )
        print(
            f"Checks: content hash = compute_content_hash on {checks['hash_sample']} sampled texts: "
            f"{checks['hash_mismatches']} mismatches; whole audit chain (audit_verify): "
            f"{'ok' if checks['audit_ok'] else 'BROKEN: ' + checks['audit_reason']}, {checks['audit_checked']} "
            f"events in {checks['audit_verify_s']} s; gate refusals while publishing: {len(info['refused'])}"
        )
        print()
        print(f"Steady load ({result['steady']['seconds']} s):")
        print(result["steady_text"])
        print(cpu_sentence(result["cpu"], result["load_before"]))
        if any(s["errors"] for s in summary.values()):
            print("Error samples:", {p: s["error_samples"] for p, s in summary.items() if s["errors"]})
        if result["ramp"]:
            print()
            print(
                f"No-wait ramp, one page at a time ({args.ramp_seconds:.0f} s per level; stops at the first level "
                f"over the bound; CPU: % of all cores busy, in brackets the share of other processes):"
            )
            print(result["ramp_text"])
            for page, c in result["crossing"].items():
                print(f"  {LABELS[page]}: {c['text']}")
        print()
        print(
            f"Supplementary: the same 16 users for {args.duration:.0f} s with the reviewers opening review screens "
            f"only (no queue page), to show the other pages without the queue's load:"
        )
        print(without_queue["steady_text"])
        print(cpu_sentence(without_queue["cpu"], without_queue["load_before"]))
        if swept:
            print()
            print(f"Server configurations, same 16-user mix, {args.sweep_seconds:.0f} s each (p95 ms / errors):")
            rows = []
            for r in [result, *swept]:
                s = r["summary"]
                rows.append(
                    [r["config"].describe()]
                    + [f"{s[p]['p95']} / {s[p]['errors']}" for p in PAGES]
                    + [f"{r['cpu']['busy_pct']} ({r['cpu']['other_pct']})" if r["cpu"] else ""]
                )
            print(table(["server"] + [LABELS[p] for p in PAGES] + ["CPU busy % (others)"], rows))
        sys.stdout.flush()

        # Diagnostics last, so nothing above is lost if a page fails to render in-process.
        t = time.monotonic()
        rng = random.Random(5)
        urls = {
            "queue": ("/", spec["reviewers"][2][0]),  # the Chinese native-speaker reviewer
            "review": (f"/review/{rng.choice(spec['texts']['zh'])}/", spec["reviewers"][2][0]),
            "publish": (f"/leaflets/{rng.choice(spec['leaflets'])}/publish/", spec["publishers"][0]),
            "patient": (f"/p/{spec['published'][0][0]}/{spec['published'][0][1][0]}/", None),
        }
        conn_p50, conn_p95 = connection_cost()
        missed = [page for page in PAGES if not summary[page]["met"]]
        if missed:
            print()
            print(
                "Where the time goes (pages that missed their goal, rendered in-process on the loaded database, "
                "server stopped):"
            )
            print(
                f"A new database connection (what every request opens without persistent connections, "
                f"DATABASE_CONN_MAX_AGE=0, Django's default) "
                f"costs {conn_p50} ms median, {conn_p95} ms p95 here, before the page's own queries."
            )
        for page in missed:
            url, user = urls[page]
            try:
                print(diagnose(page, url, user))
            except Exception as exc:  # noqa: BLE001 - report and go on
                print(f"### {LABELS[page]}: GET {url} failed in-process: {exc.__class__.__name__}: {exc}")
            print()
            sys.stdout.flush()
        phases.append(("diagnostics (in-process)", time.monotonic() - t))
        phases.append(("total", time.monotonic() - run_started))
        print("Phases:")
        print(table(["phase", "seconds"], [[name, f"{seconds:.1f}"] for name, seconds in phases]))
        print(
            json.dumps(
                {
                    "leaflets": args.leaflets,
                    "code": code_state,
                    "server": main_config.describe(),
                    "db_size": db_size,
                    "counts": loader.counts,
                    "steady": {p: {k: v for k, v in s.items() if k != "error_samples"} for p, s in summary.items()},
                    "steady_cpu": result["cpu"],
                    "ramp": [{k: v for k, v in r.items() if k != "window"} for r in result["ramp"]],
                    "crossing": {p: {k: v for k, v in c.items() if k != "text"} for p, c in result["crossing"].items()},
                    "without_queue": {
                        p: {k: v for k, v in st.items() if k != "error_samples"}
                        for p, st in without_queue["summary"].items()
                        if st["requests"]
                    },
                    "connection_ms": {"p50": conn_p50, "p95": conn_p95},
                    "sweep": [
                        {
                            "server": r["config"].describe(),
                            "p95": {p: r["summary"][p]["p95"] for p in PAGES},
                            "errors": {p: r["summary"][p]["errors"] for p in PAGES},
                            "cpu": r["cpu"],
                        }
                        for r in swept
                    ],
                    "phases": {name.strip(): round(sec, 1) for name, sec in phases},
                }
            )
        )
        return 0
    finally:
        stack.stop()


if __name__ == "__main__":
    sys.exit(main())
