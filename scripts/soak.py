"""The soak run (`make soak`): the whole stack under mixed work and random faults, then every invariant.

It starts its own stack the way `make run` does (Redis, a Celery worker, the
web server, a fresh database with the demo users), plus the fake model server
(tests/support/fake_llm_cli.py) in its own process, spoiling a seeded share of
its replies, and a webhook receiver. Several client processes then author
leaflets, queue translation and draft jobs, review (edit, approve, request
changes, override QA findings), publish and withdraw, export (Word, XLIFF,
print PDF) and read pages and the API, for SOAK_S seconds (default 1800).
Meanwhile a fault injector, at seeded random intervals, kills the worker with
SIGKILL and starts another, kills Redis and starts it again after a few
seconds, takes the model endpoint down for a burst, and (on a PostgreSQL the
soak started itself) restarts the database.

Then it lets the work settle, runs review.invariants.invariant_report() (every
invariant, settled) and prints a summary: operations per kind, jobs by state
with failure reasons grouped, faults per kind, lost and duplicated work, stuck
jobs, the audit chain, publications without their approvals. Exit status 0
only when everything holds.

Settings (environment):
  SOAK_S                 seconds of work (default 1800)
  SOAK_SEED              seed of every random choice (default: random, printed)
  SOAK_CLIENTS           client processes (default 4)
  SOAK_FAULT_EVERY_S     mean seconds between faults (default SOAK_S/10, 8 to 60)
  SOAK_MODEL_FAULT_SHARE share of model replies that go wrong outside bursts (default 0.1)
  SOAK_SETTLE_S          longest wait for the work to settle at the end (default 600)
  SOAK_DATABASE_URL      empty: a new SQLite file; "postgresql": a PostgreSQL the soak starts (and
                         restarts as a fault); any other URL: that database, which must be empty
Everything it starts is stopped when it ends, on Ctrl-C too. Logs: var/soak/<start time>/.
"""

from __future__ import annotations

import argparse
import csv
import http.cookiejar
import http.server
import json
import os
import random
import re
import signal
import subprocess
import sys
import threading
import time
import traceback
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT))

import devstack  # noqa: E402

TICO = ROOT.parent / "shared" / "data" / "tico19" / "tico19-dev.tsv"
LANGUAGES = ("en", "zh", "ms", "ta")
STAGES = ("native", "clinical")
DEMO_PASSWORD = "leaflets-demo-2026"  # workbench/demo.py: the demo users' published password
REVIEWERS_PER_STAGE = 3  # the demo's one per language and stage, plus two: an edit makes its editor ineligible
PROVIDER_TIMEOUT_S = 5
# Operation kinds and their weights in the clients' mix.
OPERATIONS = {
    "author_leaflet": 6,
    "author_revision": 4,
    "draft_job": 2,
    "translate_job": 4,
    "job_retry": 2,
    "review_edit": 4,
    "review_approve": 16,
    "review_request_changes": 2,
    "publish": 5,
    "withdraw": 1,
    "export": 4,
    "read": 8,
    "webhook_resend": 1,
}
# A refusal by the rules (gate closed, stale ETag, not your text...) is the product working.
REFUSED = {400, 403, 404, 409, 412, 428}


def say(message: str) -> None:
    print(f"[soak] {message}", flush=True)


# =====================================================================================
# Clients: separate processes, HTTP only
# =====================================================================================
class Http:
    """One caller: a bearer token for the API, or a browser-like session (cookies, CSRF) for the pages."""

    def __init__(self, base: str, token: str = "") -> None:
        self.base = base.rstrip("/")
        self.token = token
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect)

    def call(self, method: str, path: str, body=None, headers: dict | None = None, form: dict | None = None):
        """(status, headers, parsed JSON or bytes); status 0 when no answer came."""
        headers = dict(headers or {})
        data = None
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        if form is not None:
            data = urllib.parse.urlencode(form, doseq=True).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = self.base + path
        request = urllib.request.Request(self.base + path, data=data, headers=headers, method=method)
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, response.headers, _decoded(response.read(), response.headers)
        except urllib.error.HTTPError as answer:
            with answer:
                return answer.code, answer.headers, _decoded(answer.read(), answer.headers)
        except (OSError, urllib.error.URLError):
            return 0, {}, None

    def cookie(self, name: str) -> str:
        return next((c.value for c in self.jar if c.name == name), "")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


def _decoded(raw: bytes, headers) -> object:
    if "json" in (headers.get("Content-Type") or ""):
        try:
            return json.loads(raw)
        except ValueError:
            return raw
    return raw


def tico_rows() -> list[dict]:
    with TICO.open(encoding="utf-8", newline="") as handle:
        rows = [r for r in csv.DictReader(handle, delimiter="\t") if all(r.get(code) for code in LANGUAGES)]
    # Sentences a leaflet could say: not too short, not too long.
    return [r for r in rows if 25 <= len(r["en"]) <= 160]


class Client:
    """One client process's loop: pick an operation by weight, do it through HTTP, count how it went."""

    def __init__(self, *, index: int, seed: int, base: str, tokens: dict, until: float) -> None:
        self.index = index
        self.rng = random.Random(seed * 1000 + index)
        self.base = base
        self.tokens = tokens
        self.until = until
        self.rows = tico_rows()
        self.outcomes: dict[str, Counter] = defaultdict(Counter)
        self.errors: list[dict] = []
        self.jobs: set[int] = set()  # every job id the workbench answered as queued
        self.made = 0
        self.stop = False
        self.session: Http | None = None

    def api(self, who: str) -> Http:
        return Http(self.base, self.tokens[who])

    def reviewer(self, language: str, stage: str) -> tuple[str, Http]:
        name = self.rng.choice(self.tokens["reviewers"][f"{language}/{stage}"])
        return name, Http(self.base, self.tokens["users"][name])

    def record(self, kind: str, status: int, path: str, answer) -> str:
        if 200 <= status < 400:
            outcome = "ok"
        elif status in REFUSED:
            outcome = "refused"
        elif status == 429:
            outcome = "throttled"
        elif status == 503:
            outcome = "unavailable"  # e.g. jobs cannot be queued while Redis is down: said, not a 500
        elif status == 0:
            outcome = "no_answer"
        else:
            outcome = "server_error"
        self.outcomes[kind][outcome] += 1
        if outcome in ("server_error", "no_answer") and len(self.errors) < 50:
            snippet = answer if isinstance(answer, (dict, list)) else (answer or b"")[:300].decode("utf-8", "replace")
            self.errors.append({"kind": kind, "path": path, "status": status, "answer": snippet, "at": time.time()})
        return outcome

    def run(self) -> None:
        kinds, weights = list(OPERATIONS), list(OPERATIONS.values())
        while not self.stop and time.time() < self.until:
            kind = self.rng.choices(kinds, weights)[0]
            try:
                getattr(self, f"op_{kind}")()
            except Exception:  # a bug in the client must not look like the product's failure: recorded apart
                self.outcomes[kind]["client_bug"] += 1
                if len(self.errors) < 50:
                    self.errors.append({"kind": kind, "client_bug": traceback.format_exc()[-1500:]})
            time.sleep(self.rng.uniform(0.02, 0.3))

    # --- Reading what is there ------------------------------------------------------------------
    def leaflets(self, who: str = "author") -> list[dict]:
        status, _h, answer = self.api(who).call("GET", "/api/leaflets/?page_size=100")
        self.record("read", status, "/api/leaflets/", answer)
        if status != 200 or not isinstance(answer, dict):
            return []
        return answer.get("results", [])

    def texts(self, http: Http, leaflet_id: int) -> list[dict]:
        status, _h, answer = http.call("GET", f"/api/leaflets/{leaflet_id}/texts/?page_size=50")
        if status != 200:
            return []
        return answer.get("results", answer) if isinstance(answer, dict) else (answer or [])

    def a_leaflet(self, **wanted) -> dict | None:
        found = [x for x in self.leaflets() if all(x.get(k) == v for k, v in wanted.items())]
        return self.rng.choice(found) if found else None

    def a_text_in_review(self, language: str) -> dict | None:
        leaflet = self.a_leaflet()
        if leaflet is None:
            return None
        texts = [t for t in self.texts(self.api("author"), leaflet["id"]) if t["language"] == language]
        return texts[0] if texts and not texts[0]["untranslated"] and not texts[0]["job_active"] else None

    def sentences(self, n: int) -> list[str]:
        return [row["en"] for row in self.rng.sample(self.rows, n)]

    # --- Authoring -------------------------------------------------------------------------------
    def op_author_leaflet(self) -> None:
        self.made += 1
        kinds = ["paragraph", "paragraph", "list_item", "red_flag", "heading"]
        body = {
            "title": f"Soak {self.index}.{self.made}: {self.sentences(1)[0][:60]}",
            "topic": "soak",
            "required_languages": list(LANGUAGES),
            "segments": [
                {"kind": self.rng.choice(kinds), "text": text} for text in self.sentences(self.rng.randint(2, 5))
            ],
        }
        status, _h, answer = self.api("author").call("POST", "/api/leaflets/", body)
        if self.record("author_leaflet", status, "/api/leaflets/", answer) == "ok" and isinstance(answer, dict):
            self.queue_translation(answer["id"])

    def op_author_revision(self) -> None:
        leaflet = self.a_leaflet()
        if leaflet is None:
            return
        author = self.api("author")
        path = f"/api/leaflets/{leaflet['id']}/revisions/{leaflet['current_revision']}/"
        status, _h, revision = author.call("GET", path)
        if status != 200 or not isinstance(revision, dict):
            self.record("author_revision", status, path, revision)
            return
        segments = [{"key": s["key"], "kind": s["kind"], "text": s["text"]} for s in revision["segments"]]
        body_at = [i for i, s in enumerate(segments) if s["kind"] != "title"]
        if not body_at:
            return
        segments[self.rng.choice(body_at)]["text"] = self.sentences(1)[0]
        if self.rng.random() < 0.3:
            segments.append({"kind": "paragraph", "text": self.sentences(1)[0]})
        body = {"base_revision": revision["number"], "title": revision["title"], "segments": segments, "note": "soak"}
        status, _h, answer = author.call("POST", f"/api/leaflets/{leaflet['id']}/revisions/", body)
        if self.record("author_revision", status, path, answer) == "ok" and status == 201:
            self.queue_translation(leaflet["id"])

    # --- Jobs -----------------------------------------------------------------------------------------
    def queue_translation(self, leaflet_id: int) -> None:
        path = f"/api/leaflets/{leaflet_id}/jobs/"
        status, _h, answer = self.api("author").call("POST", path, {"all": True})
        if self.record("translate_job", status, path, answer) == "ok" and isinstance(answer, dict):
            self.jobs.update(job["id"] for job in answer.get("jobs", []))

    def op_translate_job(self) -> None:
        # Half the time a leaflet in review focus: a failed job there (the endpoint was down) keeps it
        # from ever being approved until it is translated again.
        focus = self.focus() if self.rng.random() < 0.5 else []
        leaflet = self.rng.choice(focus) if focus else self.a_leaflet()
        if leaflet is not None:
            self.queue_translation(leaflet["id"])

    def page_session(self) -> Http | None:
        """A signed-in browser session of the author (signed in again when the session is gone)."""
        if self.session is not None:
            return self.session
        session = Http(self.base)
        status, _h, _a = session.call("GET", "/accounts/login/")
        if status != 200:
            self.record("draft_job", status, "/accounts/login/", _a)
            return None
        form = {"username": "author", "password": DEMO_PASSWORD, "csrfmiddlewaretoken": session.cookie("csrftoken")}
        status, headers, answer = session.call("POST", "/accounts/login/", form=form)
        if status != 302:
            self.record("draft_job", status, "/accounts/login/", answer)
            return None
        self.session = session
        return session

    def op_draft_job(self) -> None:
        session = self.page_session()
        if session is None:
            return
        session.call("GET", "/leaflets/draft/")  # the form, as a person would open it (and its CSRF cookie)
        topic = self.sentences(1)[0]
        form = {
            "csrfmiddlewaretoken": session.cookie("csrftoken"),
            "title": f"Soak draft {self.index}.{self.made}",
            "topic": topic[:190],
            "audience": "adult patients and caregivers",
            "key_messages": "\n".join(self.sentences(2)),
            "reading_level": "simple",
            "required_languages": list(LANGUAGES),
        }
        status, headers, answer = session.call("POST", "/leaflets/draft/", form=form)
        location = headers.get("Location", "") if headers else ""
        if status == 302 and "/accounts/login/" in location:
            self.session = None  # the session was lost (its store restarted): sign in again next time
            self.outcomes["draft_job"]["signed_out"] += 1
            return
        self.record("draft_job", status, "/leaflets/draft/", answer)
        found = re.search(r"/jobs/(\d+)/", location)
        if status == 302 and found:
            self.jobs.add(int(found.group(1)))

    def op_job_retry(self) -> None:
        status, _h, answer = self.api("author").call("GET", "/api/jobs/?page_size=100")
        self.record("read", status, "/api/jobs/", answer)
        if status != 200 or not isinstance(answer, dict):
            return
        failed = [j for j in answer.get("results", []) if j.get("state") == "failed"]
        if not failed:
            return
        path = f"/api/jobs/{self.rng.choice(failed)['id']}/retry/"
        status, _h, job = self.api("author").call("POST", path)
        if self.record("job_retry", status, path, job) == "ok" and isinstance(job, dict):
            self.jobs.add(job["id"])

    # --- Review ---------------------------------------------------------------------------------------
    def open_text(self, http: Http, text_id: int):
        status, headers, text = http.call("GET", f"/api/texts/{text_id}/")
        if status != 200 or not isinstance(text, dict):
            return None, ""
        return text, headers.get("ETag", "")

    def focus(self) -> list[dict]:
        """The oldest leaflets not published at their current revision: reviews concentrate there, so that
        leaflets get all eight approvals and are published, instead of every leaflet getting a few."""
        waiting = [
            x
            for x in self.leaflets()
            if x.get("live_revision") != x.get("current_revision") and x.get("title", "").startswith("Soak")
        ]
        return sorted(waiting, key=lambda x: x["id"])[:6]

    def awaiting(self, leaflet: dict) -> list[dict]:
        """(language, stage, text id, changes requested) of the gate's cells that are not approved yet."""
        path = f"/api/leaflets/{leaflet['id']}/gate/"
        status, _h, gate = self.api("publisher").call("GET", path)
        if status != 200 or not isinstance(gate, dict):
            self.record("read", status, path, gate)
            return []
        cells = []
        for row in gate.get("languages", []):
            if row.get("text_id") is None or row.get("untranslated"):
                continue
            for cell in row.get("stages", []):
                if not cell.get("approved"):
                    cells.append({"language": row["language"], "stage": cell["stage"], "text": row["text_id"],
                                  "changes_requested": cell.get("changes_requested")})  # fmt: skip
        return cells

    def op_review_edit(self) -> None:
        """A reviewer's correction: where changes were requested (that is what clears the request), else anywhere."""
        cells = [c for leaflet in self.focus()[:3] for c in self.awaiting(leaflet) if c["changes_requested"]]
        cells = [c for c in cells if c["language"] != "en"]  # the source text changes as a revision instead
        if cells:
            cell = self.rng.choice(cells)
            language, text_id = cell["language"], cell["text"]
        else:
            language = self.rng.choice(("zh", "ms", "ta"))
            found = self.a_text_in_review(language)
            if found is None:
                return
            text_id = found["id"]
        _name, reviewer = self.reviewer(language, self.rng.choice(STAGES))
        text, etag = self.open_text(reviewer, text_id)
        if text is None or not text["segments"]:
            return
        segment = self.rng.choice(text["segments"])
        # A small correction: the sentence with its final punctuation changed.
        new = segment["target_text"].rstrip("。.?？!！ ") + self.rng.choice(["。", ".", "!", " ?"])
        path = f"/api/texts/{text_id}/segments/{segment['key']}/"
        status, _h, answer = reviewer.call("PATCH", path, {"text": new}, headers={"If-Match": etag})
        self.record("review_edit", status, path, answer)

    def op_review_approve(self) -> None:
        focus = self.focus()
        if not focus:
            return
        cells = [c for c in self.awaiting(self.rng.choice(focus)) if not c["changes_requested"]]
        if not cells:
            return
        cell = self.rng.choice(cells)
        language, stage = cell["language"], cell["stage"]
        # Whoever edited the text may not approve it: the next reviewer of the stage is asked then.
        names = list(self.tokens["reviewers"][f"{language}/{stage}"])
        self.rng.shuffle(names)
        status, path, answer = 0, "", None
        for name in names:
            reviewer = Http(self.base, self.tokens["users"][name])
            text, etag = self.open_text(reviewer, cell["text"])
            if text is None:
                return
            errors = [f for f in text.get("findings", []) if f.get("severity") == "error"]
            errors += [f for s in text["segments"] for f in s.get("findings", []) if f.get("severity") == "error"]
            for finding in errors:
                override = f"/api/findings/{finding['id']}/override/"
                reason = {"reason": "Checked by the reviewer: acceptable here."}
                done, _h, said = reviewer.call("POST", override, reason)
                self.record("review_override", done, override, said)
            path = f"/api/texts/{cell['text']}/approve/"
            status, _h, answer = reviewer.call("POST", path, {"stage": stage}, headers={"If-Match": etag})
            if status != 400:
                break
        self.record("review_approve", status, path, answer)

    def op_review_request_changes(self) -> None:
        language = self.rng.choice(("zh", "ms", "ta"))
        found = self.a_text_in_review(language)
        if found is None:
            return
        stage = self.rng.choice(STAGES)
        _name, reviewer = self.reviewer(language, stage)
        text, etag = self.open_text(reviewer, found["id"])
        if text is None:
            return
        path = f"/api/texts/{found['id']}/request-changes/"
        body = {"stage": stage, "comment": "Please use the plainer word in the second sentence."}
        status, _h, answer = reviewer.call("POST", path, body, headers={"If-Match": etag})
        self.record("review_request_changes", status, path, answer)

    # --- Publishing -----------------------------------------------------------------------------------
    def op_publish(self) -> None:
        leaflet = self.a_leaflet(gate_open=True) or self.a_leaflet()
        if leaflet is None:
            return
        path = f"/api/leaflets/{leaflet['id']}/publish/"
        status, _h, answer = self.api("publisher").call("POST", path, {})
        self.record("publish", status, path, answer)

    def op_withdraw(self) -> None:
        publisher = self.api("publisher")
        status, _h, answer = publisher.call("GET", "/api/publications/?page_size=100")
        self.record("read", status, "/api/publications/", answer)
        if status != 200 or not isinstance(answer, dict):
            return
        live = [p for p in answer.get("results", []) if p.get("state") == "live"]
        if not live:
            return
        path = f"/api/publications/{self.rng.choice(live)['id']}/withdraw/"
        status, _h, answer = publisher.call("POST", path, {"reason": "Soak: a dose needs checking."})
        self.record("withdraw", status, path, answer)

    # --- Exports and reads ----------------------------------------------------------------------------
    def op_export(self) -> None:
        leaflet = self.a_leaflet()
        if leaflet is None:
            return
        choice = self.rng.choice(("docx", "xliff", "pdf"))
        if choice == "docx":
            path = f"/api/leaflets/{leaflet['id']}/docx/"
            status, _h, answer = self.api("author").call("GET", path)
        elif choice == "xliff":
            language = self.rng.choice(("zh", "ms", "ta"))
            name, reviewer = self.reviewer(language, "native")
            texts = [t for t in self.texts(reviewer, leaflet["id"]) if t["language"] == language]
            if not texts:
                return
            path = f"/api/texts/{texts[0]['id']}/xliff/"
            status, _h, answer = reviewer.call("GET", path)
        else:
            if leaflet.get("live_revision") is None:
                return
            path = f"/api/published/{leaflet['id']}/{self.rng.choice(LANGUAGES)}/pdf/"
            status, _h, answer = Http(self.base).call("GET", path)
        self.record("export", status, path, answer)

    def op_read(self) -> None:
        anonymous = Http(self.base)
        choice = self.rng.choice(("jobs", "published", "patient", "healthz", "gate"))
        if choice == "jobs":
            path = "/api/jobs/?page_size=50"
            status, _h, answer = self.api("author").call("GET", path)
        elif choice == "published":
            path = "/api/published/"
            status, _h, answer = anonymous.call("GET", path)
        elif choice == "patient":
            live = self.a_leaflet()
            if live is None or live.get("live_revision") is None:
                return
            path = f"/p/{live['id']}/{self.rng.choice(LANGUAGES)}/"
            status, _h, answer = anonymous.call("GET", path)
        elif choice == "gate":
            leaflet = self.a_leaflet()
            if leaflet is None:
                return
            path = f"/api/leaflets/{leaflet['id']}/gate/"
            status, _h, answer = self.api("publisher").call("GET", path)
        else:
            path = "/healthz"
            status, _h, answer = anonymous.call("GET", path)
            if status == 503:  # healthz saying a part is down is its job, not a failure
                self.outcomes["read"]["healthz_down"] += 1
                return
        self.record("read", status, path, answer)

    def op_webhook_resend(self) -> None:
        admin = self.api("admin")
        status, _h, answer = admin.call("GET", "/api/webhooks/deliveries/?page_size=100")
        self.record("read", status, "/api/webhooks/deliveries/", answer)
        if status != 200 or not isinstance(answer, dict):
            return
        done = [d for d in answer.get("results", []) if d.get("state") in ("succeeded", "failed")]
        if not done:
            return
        path = f"/api/webhooks/deliveries/{self.rng.choice(done)['id']}/resend/"
        status, _h, answer = admin.call("POST", path)
        self.record("webhook_resend", status, path, answer)


def client_main(args: argparse.Namespace) -> int:
    tokens = json.loads(Path(args.tokens).read_text())
    client = Client(index=args.index, seed=args.seed, base=args.base, tokens=tokens, until=args.until)

    def stop(*_):
        client.stop = True

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    try:
        client.run()
    finally:
        Path(args.out).write_text(
            json.dumps(
                {
                    "outcomes": {kind: dict(c) for kind, c in client.outcomes.items()},
                    "errors": client.errors,
                    "jobs": sorted(client.jobs),
                }
            )
        )
    return 0


# =====================================================================================
# The orchestrator: the stack, the faults, the end
# =====================================================================================
@dataclass
class Config:
    seconds: float
    seed: int
    clients: int
    fault_every_s: float
    model_fault_share: float
    settle_s: float
    database: str
    workdir: Path

    @classmethod
    def from_env(cls) -> Config:
        seconds = float(os.environ.get("SOAK_S", "1800"))
        seed = int(os.environ.get("SOAK_SEED") or random.SystemRandom().randrange(1, 10**6))
        stamp = time.strftime("%Y%m%d-%H%M%S")
        return cls(
            seconds=seconds,
            seed=seed,
            clients=int(os.environ.get("SOAK_CLIENTS", "4")),
            fault_every_s=float(os.environ.get("SOAK_FAULT_EVERY_S") or max(8.0, min(60.0, seconds / 10))),
            model_fault_share=float(os.environ.get("SOAK_MODEL_FAULT_SHARE", "0.1")),
            settle_s=float(os.environ.get("SOAK_SETTLE_S", "600")),
            database=os.environ.get("SOAK_DATABASE_URL", "").strip(),
            workdir=devstack.VAR / "soak" / f"{stamp}-seed{seed}",
        )


class Receiver:
    """The webhook receiver: answers most deliveries 200, a seeded share 500 (so retries happen), counts ids."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed + 7)
        self.lock = threading.Lock()
        self.requests: Counter[str] = Counter()  # delivery id -> requests received
        self.accepted: set[str] = set()
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                delivery = self.headers.get("X-Workbench-Delivery", "")
                with receiver.lock:
                    receiver.requests[delivery] += 1
                    ok = receiver.rng.random() >= 0.1
                    if ok:
                        receiver.accepted.add(delivery)
                self.send_response(200 if ok else 500)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/hook"

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@dataclass
class Fault:
    at: float
    kind: str
    detail: str
    in_flight: dict = field(default_factory=dict)


class Stack:
    """Every process the soak starts, and how to stop each; nothing else is ever signalled."""

    def __init__(self, cfg: Config) -> None:
        self.cfg = cfg
        self.procs: list[subprocess.Popen] = []
        self.env = devstack.base_env()
        self.redis: subprocess.Popen | None = None
        self.redis_port = devstack.free_port()
        self.worker: subprocess.Popen | None = None
        self.workers_started = 0
        self.web: subprocess.Popen | None = None
        self.web_port = devstack.free_port()
        self.fake: subprocess.Popen | None = None
        self.pg_dir: Path | None = None
        self.logs: list = []

    def log(self, name: str):
        handle = (self.cfg.workdir / f"{name}.log").open("ab")
        self.logs.append(handle)
        return handle

    def spawn(self, name: str, argv: list[str], **kwargs) -> subprocess.Popen:
        # Its own session: a Ctrl-C reaches the soak alone, which then stops everything in order.
        proc = subprocess.Popen(
            argv,
            cwd=ROOT,
            env=self.env,
            stdout=self.log(name),
            stderr=subprocess.STDOUT,
            start_new_session=True,
            **kwargs,
        )
        self.procs.append(proc)
        return proc

    # --- Redis ----------------------------------------------------------------------------------------
    def start_redis(self) -> None:
        workdir = self.cfg.workdir / "redis"
        workdir.mkdir(exist_ok=True)
        self.redis = self.spawn(
            "redis",
            [devstack.redis_binary(), "--port", str(self.redis_port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(workdir), "--daemonize", "no", "--loglevel", "warning"],
        )  # fmt: skip
        devstack.wait_for(lambda: devstack.redis_ping(self.redis_port), "Redis")

    def kill_redis(self) -> None:
        assert self.redis is not None
        self.redis.kill()
        self.redis.wait()

    # --- The fake model server --------------------------------------------------------------------------
    def start_fake(self) -> str:
        self.fake = subprocess.Popen(
            [devstack.PY, "-m", "tests.support.fake_llm_cli", "--seed", str(self.cfg.seed), "--fault-share",
             str(self.cfg.model_fault_share), "--hang", str(PROVIDER_TIMEOUT_S + 3), "--stats",
             str(self.cfg.workdir / "fake-llm.json")],
            cwd=ROOT, env=self.env, stdout=subprocess.PIPE, stderr=self.log("fake-llm"), text=True,
            start_new_session=True,
        )  # fmt: skip
        self.procs.append(self.fake)
        assert self.fake.stdout is not None
        url = self.fake.stdout.readline().strip()
        if not url.startswith("http"):
            raise SystemExit(f"[soak] the fake model server did not start; see {self.cfg.workdir / 'fake-llm.log'}")
        return url

    def model_down(self, down: bool) -> None:
        if self.fake is not None and self.fake.poll() is None:
            os.kill(self.fake.pid, signal.SIGUSR1 if down else signal.SIGUSR2)

    # --- Worker and web, as `make run` starts them ------------------------------------------------------
    def start_worker(self) -> None:
        self.workers_started += 1
        self.worker = self.spawn(f"worker-{self.workers_started}", worker_command(self.env, self.workers_started))

    def kill_worker(self) -> int:
        assert self.worker is not None
        pid = self.worker.pid
        self.worker.kill()
        self.worker.wait()
        return pid

    def start_web(self) -> None:
        self.web = self.spawn(
            "web", [devstack.PY, "manage.py", "runserver", f"127.0.0.1:{self.web_port}", "--noreload"]
        )
        devstack.wait_for(lambda: devstack.port_open(self.web_port), "the web server", timeout=60)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.web_port}"

    # --- PostgreSQL (only one the soak started) ------------------------------------------------------------
    def restart_postgres(self) -> None:
        assert self.pg_dir is not None
        pg_ctl = devstack.postgres_bindir() / "pg_ctl"
        subprocess.run(
            devstack._pg_user_prefix() + [str(pg_ctl), "-D", str(self.pg_dir), "-w", "-m", "fast", "restart"],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def stop_all(self) -> None:
        for proc in reversed(self.procs):
            if proc.poll() is None:
                proc.terminate()
        for proc in self.procs:
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        if self.pg_dir is not None:
            devstack.stop_postgres(self.pg_dir)
            self.pg_dir = None
        for handle in self.logs:
            handle.close()


def worker_command(env: dict[str, str], number: int) -> list[str]:
    """The worker `make run` starts (scripts/devstack.py cmd_run), named so each one's log can be told apart."""
    return [
        devstack.PY, "-m", "celery", "-A", "workbench", "worker", "--loglevel", "INFO", "--pool", "threads",
        "--without-mingle", "--without-gossip",
        "--concurrency", env.get("WORKER_CONCURRENCY", "8"), "-Q", devstack.worker_queues(env),
        "-n", f"soak{number}@%h",
    ]  # fmt: skip


def providers_json(url: str) -> str:
    common = {"base_url": url, "api_key_env": "SOAK_MODEL_KEY", "timeout_s": PROVIDER_TIMEOUT_S, "max_concurrency": 4}
    return json.dumps(
        {
            "providers": [
                {"name": "soak-a", "model": "soak-model-1", **common},
                {"name": "soak-b", "model": "soak-model-2", **common},
            ],
            # soak-b is soak-a's fallback along the route.
            "routes": [
                {"kind": "any", "language": "", "provider": "soak-a", "priority": 10},
                {"kind": "any", "language": "", "provider": "soak-b", "priority": 20},
            ],
        }
    )


# --- Setup in this process (Django), after migrate -----------------------------------------------------
def django_start(env: dict[str, str]) -> None:
    os.environ.update(env)
    import django

    django.setup()


def people_and_tokens(receiver_url: str) -> dict:
    """Two more reviewers per language and stage, an API token for everyone the clients act as, the webhook."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.db import connections

    from review.models import WebhookEndpoint
    from review.roles import stage_group_name
    from review.webhooks import webhook_endpoint_save
    from workbench.api_tokens import api_token_create
    from workbench.models import Language

    User = get_user_model()
    tokens: dict = {"users": {}, "reviewers": {}}
    for language in Language.objects.filter(code__in=LANGUAGES):
        for stage in STAGES:
            group = Group.objects.get(name=stage_group_name(language, stage))
            names = [f"{language.code}_{'native' if stage == 'native' else 'clinician'}"]
            for n in range(2, REVIEWERS_PER_STAGE + 1):
                user, _ = User.objects.get_or_create(username=f"soak_{language.code}_{stage}_{n}")
                user.groups.add(group)
                names.append(user.username)
            tokens["reviewers"][f"{language.code}/{stage}"] = names
    admin = User.objects.get(username="admin")
    everyone = {name for names in tokens["reviewers"].values() for name in names} | {"author", "publisher", "admin"}
    for user in User.objects.filter(username__in=everyone):
        tokens["users"][user.username] = api_token_create(user=user, name="soak", days=2).key
    for role in ("author", "publisher", "admin"):
        tokens[role] = tokens["users"][role]
    webhook_endpoint_save(
        endpoint=WebhookEndpoint(url=receiver_url, events=["leaflet.published", "publication.withdrawn"]), user=admin
    )
    connections.close_all()
    return tokens


def in_flight() -> dict:
    """Work under way right now (for the fault table): jobs and batches running or queued, deliveries pending."""
    from django.db import connections

    from review.models import WebhookDelivery
    from translations.models import Job, JobBatch

    try:
        return {
            "jobs": Job.objects.filter(state__in=("queued", "running")).count(),
            "batches_running": JobBatch.objects.filter(state="running").count(),
            "batches_queued": JobBatch.objects.filter(state="queued").count(),
            "webhooks_pending": WebhookDelivery.objects.filter(state="pending").count(),
        }
    except Exception as exc:  # the database may be the thing that is down
        return {"unreadable": type(exc).__name__}
    finally:
        connections.close_all()


def redis_messages(port: int) -> int:
    """Messages waiting in Redis queues right now (what a Redis restart without persistence drops)."""
    import redis

    try:
        client = redis.Redis(port=port, socket_timeout=1)
        return sum(client.llen(key) for key in client.scan_iter(count=1000) if client.type(key) == b"list")
    except redis.RedisError:
        return -1


# --- The faults ------------------------------------------------------------------------------------------
class Injector:
    def __init__(self, stack: Stack, cfg: Config, started: float) -> None:
        self.stack = stack
        self.rng = random.Random(cfg.seed + 1)
        self.started = started
        self.faults: list[Fault] = []
        self.kinds = ["worker_killed", "redis_restarted", "model_outage"]
        if stack.pg_dir is not None:
            self.kinds.append("database_restarted")
        self.burst_until = 0.0
        self.exits: list[Fault] = []  # workers that exited without being killed

    def next_wait(self) -> float:
        return self.rng.expovariate(1.0 / self.stack.cfg.fault_every_s)

    def inject(self) -> None:
        kind = self.rng.choice(self.kinds)
        flight = in_flight()
        at = time.monotonic() - self.started
        if kind == "worker_killed":
            flight["redis_messages"] = redis_messages(self.stack.redis_port)
            pid = self.stack.kill_worker()
            self.stack.start_worker()
            detail = f"SIGKILL worker pid {pid}; started worker pid {self.stack.worker.pid}"
        elif kind == "redis_restarted":
            flight["redis_messages"] = redis_messages(self.stack.redis_port)
            down = self.rng.uniform(1.0, 6.0)
            self.stack.kill_redis()
            time.sleep(down)
            self.stack.start_redis()
            detail = f"SIGKILL Redis, down {down:.1f} s, started again (pid {self.stack.redis.pid})"
        elif kind == "model_outage":
            length = self.rng.uniform(3.0, 20.0)
            self.stack.model_down(True)
            self.burst_until = time.monotonic() + length
            detail = f"model endpoint down for {length:.1f} s"
        else:
            self.stack.restart_postgres()
            detail = "PostgreSQL restarted (pg_ctl restart -m fast)"
        self.faults.append(Fault(at=at, kind=kind, detail=detail, in_flight=flight))
        say(f"+{at:6.1f} s  fault {len(self.faults)}: {kind}: {detail}; in flight: {flight}")

    def tick(self) -> None:
        worker = self.stack.worker
        if worker is not None and worker.poll() is not None:
            # What a supervisor (systemd, Kubernetes) does for a worker that exited by itself; counted.
            at = time.monotonic() - self.started
            self.stack.start_worker()
            detail = (
                f"worker pid {worker.pid} exited by itself (status {worker.returncode}); "
                f"started pid {self.stack.worker.pid}"
            )
            self.exits.append(Fault(at=at, kind="worker_exited", detail=detail))
            say(f"+{at:6.1f} s  {detail}")
        if self.burst_until and time.monotonic() >= self.burst_until:
            self.stack.model_down(False)
            self.burst_until = 0.0

    def end(self) -> None:
        self.burst_until = 0.0
        self.stack.model_down(False)
        if self.stack.redis is None or self.stack.redis.poll() is not None:
            self.stack.start_redis()


# --- The end ----------------------------------------------------------------------------------------------
def settle(cfg: Config) -> tuple[bool, float]:
    """Wait until no job, batch, evaluation or webhook delivery is left to do; (settled, seconds waited)."""
    from django.db import connections

    from review.models import WebhookDelivery
    from translations.models import EvaluationRun, Job, JobBatch

    started = time.monotonic()
    last = 0.0
    while True:
        try:
            left = {
                "jobs": Job.objects.filter(state__in=("queued", "running")).count(),
                "batches": JobBatch.objects.filter(state__in=("queued", "running")).count(),
                "evaluations": EvaluationRun.objects.filter(state__in=("queued", "running")).count(),
                "webhooks": WebhookDelivery.objects.filter(state="pending").count(),
            }
        except Exception as exc:
            left = {"unreadable": str(exc)}
        finally:
            connections.close_all()
        waited = time.monotonic() - started
        if not any(left.values()):
            return True, waited
        if waited >= cfg.settle_s:
            say(f"not settled after {waited:.0f} s: {left}")
            return False, waited
        if waited - last >= 15:
            last = waited
            say(f"settling ({waited:.0f} s): left {left}")
        time.sleep(2)


def by_state(rows) -> Counter:
    from django.db.models import Count

    return Counter(dict(rows.order_by().values_list("state").annotate(n=Count("id")).values_list("state", "n")))


def reason_group(reason: str) -> str:
    """A failure reason without its numbers and ids, so that reasons of one kind count together."""
    text = re.sub(r"\d+(\.\d+)?", "N", reason.strip().splitlines()[0] if reason.strip() else "(no reason)")
    return text[:140]


def summary(cfg: Config, stack: Stack, injector: Injector, receiver: Receiver, clients: list[dict], settled) -> int:
    from django.db.models import Count

    from review.audit import audit_verify
    from review.invariants import invariant_report
    from review.models import AuditEvent, Publication, WebhookDelivery
    from translations.models import Job, JobBatch

    ok_settled, waited = settled
    report = invariant_report(settled=True)
    violations = [v for found in report.values() for v in found]

    outcomes: dict[str, Counter] = defaultdict(Counter)
    errors: list[dict] = []
    queued_jobs: set[int] = set()
    for result in clients:
        for kind, counts in result["outcomes"].items():
            outcomes[kind].update(counts)
        errors += result["errors"]
        queued_jobs.update(result["jobs"])
    totals: Counter = Counter()
    for counts in outcomes.values():
        totals.update(counts)

    jobs = Counter(
        {(r["kind"], r["state"]): r["n"] for r in Job.objects.values("kind", "state").annotate(n=Count("id"))}
    )
    reasons = Counter(reason_group(r) for r in Job.objects.filter(state="failed").values_list("error", flat=True))
    batches = by_state(JobBatch.objects.all())
    known = set(Job.objects.filter(pk__in=queued_jobs).values_list("pk", flat=True))
    lost_jobs = sorted(queued_jobs - known)
    stuck = Job.objects.filter(state__in=("queued", "running")).count()
    deliveries = by_state(WebhookDelivery.objects.all())
    succeeded = WebhookDelivery.objects.filter(state="succeeded")
    succeeded_ids = {str(d) for d in succeeded.values_list("delivery_id", flat=True)}
    all_ids = {str(d) for d in WebhookDelivery.objects.values_list("delivery_id", flat=True)}
    never_received = sorted(succeeded_ids - receiver.accepted)
    unknown_received = sorted(set(receiver.requests) - all_ids)
    chain = audit_verify()
    publications = by_state(Publication.objects.all())
    duplicated = sum(
        len(report[name])
        for name in ("no duplicate decisions", "no duplicate audit events", "no duplicate publications")
    ) + sum(1 for v in report["webhook deliveries unique, ids kept"] if "deliveries of" in v or "ended" in v)
    unapproved = len(report["every publication approved for exactly its content"])
    stats = cfg.workdir / "fake-llm.json"
    model = json.loads(stats.read_text()).get("served", {}) if stats.exists() else {}

    line = "=" * 78
    print(f"\n{line}\nSOAK SUMMARY  seed {cfg.seed}  {cfg.seconds:.0f} s of work, {cfg.clients} clients, "
          f"database {stack.env['DATABASE_URL'].split('@')[-1]}\n{line}")  # fmt: skip
    print(f"reproduce: SOAK_S={cfg.seconds:.0f} SOAK_SEED={cfg.seed} SOAK_CLIENTS={cfg.clients} make soak")
    print(f"logs: {cfg.workdir}")
    print("\noperations (ok / refused by the rules / 503 / throttled / server error / no answer / client bug):")
    columns = ("ok", "refused", "unavailable", "throttled", "server_error", "no_answer", "client_bug")
    for kind in sorted(outcomes):
        counts = outcomes[kind]
        extra = {k: v for k, v in counts.items() if k not in columns}
        print(f"  {kind:24} " + " / ".join(f"{counts.get(c, 0):5d}" for c in columns) + (f"  {extra}" if extra else ""))
    print(f"  {'total':24} " + " / ".join(f"{totals.get(c, 0):5d}" for c in columns))
    print("\njobs by kind and state:")
    for (kind, state), n in sorted(jobs.items()):
        print(f"  {kind:10} {state:10} {n:6d}")
    print(f"  batches: {dict(batches)}")
    if reasons:
        print("failure reasons (grouped):")
        for reason, n in reasons.most_common(12):
            print(f"  {n:5d}  {reason}")
    print("\nfaults injected:")
    for kind, n in sorted(Counter(f.kind for f in injector.faults).items()):
        print(f"  {kind:20} {n:4d}")
    if model:
        print(f"  model replies served: {dict(sorted(model.items()))}")
    print(f"\nwebhooks: deliveries {dict(deliveries)}; receiver got {sum(receiver.requests.values())} requests for "
          f"{len(receiver.requests)} delivery ids, accepted {len(receiver.accepted)}")  # fmt: skip
    print(f"publications: {dict(publications)}")
    print(f"audit trail: {AuditEvent.objects.count()} events")
    print(f"settled: {'yes' if ok_settled else 'NO'} after {waited:.0f} s")
    print(f"\n{'check':72} result")
    checks = [
        ("jobs the clients were told were queued, missing (lost)", len(lost_jobs)),
        ("webhook deliveries succeeded but never received (lost)", len(never_received)),
        ("webhook requests with an unknown delivery id", len(unknown_received)),
        ("duplicated (decisions, audit events, publications, webhooks)", duplicated),
        ("stuck jobs (queued or running after settling)", stuck),
        ("publications without their approvals", unapproved),
        ("HTTP server errors (5xx other than 503)", totals.get("server_error", 0)),
        ("requests without an answer", totals.get("no_answer", 0)),
        ("workers that exited by themselves (restarted, as a supervisor would)", len(injector.exits)),
        ("audit chain verified", 0 if chain.ok else 1),
    ]
    for label, bad in checks:
        shown = ("yes" if not bad else f"NO: {chain.reason}") if label.startswith("audit") else str(bad)
        print(f"  {label:70} {shown}")
    print("\ninvariants (review.invariants, settled):")
    for name, found in report.items():
        print(f"  {'ok ' if not found else 'FAIL'} {name}")
        for violation in found[:10]:
            print(f"       - {violation}")
    if errors:
        print(f"\nfirst server errors / client bugs ({len(errors)}):")
        for error in errors[:10]:
            print(f"  {json.dumps(error, ensure_ascii=False)[:400]}")
    print("\nfault log:")
    for fault in sorted(injector.faults + injector.exits, key=lambda f: f.at):
        print(f"  +{fault.at:7.1f} s  {fault.kind:18} {fault.detail}; in flight {fault.in_flight}")
    passed = not violations and ok_settled and not any(bad for _label, bad in checks)
    print(f"\n{line}\nSOAK {'PASSED' if passed else 'FAILED'}\n{line}", flush=True)
    return 0 if passed else 1


def prepare_database(cfg: Config, stack: Stack) -> None:
    if cfg.database in ("", "sqlite"):
        stack.env["DATABASE_URL"] = f"sqlite:///{cfg.workdir / 'db.sqlite3'}"
    elif cfg.database in ("postgres", "postgresql"):
        url, stack.pg_dir = devstack.start_postgres(devstack.free_port())
        stack.env["DATABASE_URL"] = url
    else:
        stack.env["DATABASE_URL"] = cfg.database


def soak_main() -> int:
    cfg = Config.from_env()
    cfg.workdir.mkdir(parents=True, exist_ok=True)
    say(f"seed {cfg.seed}; {cfg.seconds:.0f} s of work, {cfg.clients} clients, a fault every "
        f"~{cfg.fault_every_s:.0f} s; logs in {cfg.workdir}")  # fmt: skip
    stack = Stack(cfg)
    receiver = Receiver(cfg.seed)
    clients: list[tuple[subprocess.Popen, Path]] = []
    interrupted = False

    def interrupt(*_):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupt)
    try:
        env = stack.env
        env["DJANGO_DEBUG"] = "1"  # as `make run`: the demo users, keys in var/
        env["REDIS_URL"] = f"redis://127.0.0.1:{stack.redis_port}/0"
        env["SOAK_MODEL_KEY"] = "soak-key"
        env["WORKBENCH_INTERNAL_HOSTS"] = "127.0.0.1"  # the webhook receiver
        env["WORKBENCH_API_RATE"] = "1000000/hour"  # several clients share a few tokens
        env["WORKBENCH_WEBHOOK_BACKOFF_S"] = "1,2,5"
        env["WORKBENCH_WEBHOOK_TIMEOUT_S"] = "5"
        env.setdefault("MODEL_MAX_ATTEMPTS", "3")
        env.setdefault("MODEL_BACKOFF_BASE_S", "0.2")
        env.setdefault("MODEL_BACKOFF_MAX_S", "2")
        for name, value in SOAK_RECOVERY_ENV.items():
            env.setdefault(name, value)
        prepare_database(cfg, stack)
        receiver.start()
        stack.start_redis()
        env["MODEL_PROVIDERS_JSON"] = providers_json(stack.start_fake())
        devstack.compile_messages(env)
        devstack.manage("migrate", "--no-input", "-v0", env=env)
        seeded = subprocess.run(
            [devstack.PY, "manage.py", "seed_demo"], cwd=ROOT, env=env, capture_output=True, text=True
        )
        if seeded.returncode != 0:
            raise SystemExit(f"[soak] seed_demo failed:\n{seeded.stdout}\n{seeded.stderr}")
        django_start(env)
        tokens = people_and_tokens(receiver.url)
        tokens_file = cfg.workdir / "tokens.json"
        tokens_file.write_text(json.dumps(tokens))
        stack.start_worker()
        stack.start_web()
        devstack.wait_for(lambda: Http(stack.base).call("GET", "/healthz")[0] == 200, "a healthy stack", timeout=90)

        started = time.monotonic()
        until = time.time() + cfg.seconds
        for index in range(cfg.clients):
            out = cfg.workdir / f"client-{index}.json"
            proc = stack.spawn(
                f"client-{index}",
                [devstack.PY, str(Path(__file__).resolve()), "client", "--index", str(index), "--seed", str(cfg.seed),
                 "--base", stack.base, "--tokens", str(tokens_file), "--until", str(until), "--out", str(out)],
            )  # fmt: skip
            clients.append((proc, out))
        say(f"stack up (web {stack.base}, Redis :{stack.redis_port}); {cfg.clients} clients working")

        injector = Injector(stack, cfg, started)
        next_fault = started + injector.next_wait()
        while time.monotonic() - started < cfg.seconds:
            injector.tick()
            if time.monotonic() >= next_fault:
                injector.inject()
                next_fault = time.monotonic() + injector.next_wait()
            time.sleep(0.2)
        say("time is up: clients finish their last operation; the endpoint, Redis and a worker are left up")
        injector.end()
        for proc, _out in clients:
            try:
                proc.wait(timeout=90)
            except subprocess.TimeoutExpired:
                proc.terminate()
                proc.wait(timeout=15)
        settled = settle(cfg)
        results = [json.loads(out.read_text()) for _proc, out in clients if out.exists()]
        return summary(cfg, stack, injector, receiver, results, settled)
    except KeyboardInterrupt:
        interrupted = True
        say("interrupted: stopping everything the soak started")
        return 130
    finally:
        for proc, _out in clients:
            if proc.poll() is None:
                proc.terminate()
        stack.stop_all()
        if receiver.thread.is_alive():
            receiver.stop()
        if not interrupted:
            say("everything the soak started is stopped")


# The recovery sweeper's schedule and a short batch lease, so that work a killed worker held comes back
# within the soak's settle time instead of the production lease.
SOAK_RECOVERY_ENV = {
    # The lease must exceed twice (slot wait + the providers' timeout): translations.recovery.claim_hold_s.
    "MODEL_SLOT_WAIT_S": str(PROVIDER_TIMEOUT_S),
    "MODEL_BATCH_LEASE_S": str(4 * PROVIDER_TIMEOUT_S + 1),
    "RECOVERY_INTERVAL_S": "5",
    "RECOVERY_GRACE_S": "15",
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command")
    client = sub.add_parser("client", help="(internal) one client process")
    client.add_argument("--index", type=int, required=True)
    client.add_argument("--seed", type=int, required=True)
    client.add_argument("--base", required=True)
    client.add_argument("--tokens", required=True)
    client.add_argument("--until", type=float, required=True)
    client.add_argument("--out", required=True)
    args = parser.parse_args(argv)
    if args.command == "client":
        return client_main(args)
    return soak_main()


if __name__ == "__main__":
    sys.exit(main())
