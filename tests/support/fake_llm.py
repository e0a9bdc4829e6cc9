"""A scripted OpenAI-compatible chat-completions server for tests and benchmarks.

It is a real HTTP server on 127.0.0.1, so application code talks to it through
the real ``openai`` client (and from other processes, such as a Celery worker)
exactly as it would talk to the hosted model::

    with FakeLLMServer() as server:
        client = OpenAI(base_url=server.base_url, api_key="test", max_retries=0)
        server.script(Step.status(429, retry_after=1), Step.ok(), task="translate")
        ...
        assert server.requests[0].task == "translate"

Endpoints: ``POST /v1/chat/completions`` (non-streaming) and ``GET /v1/models``.
Any bearer token is accepted, but a request without one gets the 401 the real
service would give.

By default every chat completion is answered "correctly" for the application's
protocol (see ``fake_llm_data``): translations come from the TICO-19 dev set,
unknown texts come back as ``"[<target_language>] <text>"``, drafts are built
from the brief. A translation request's ``segments`` may be an object of
id -> text (what the application sends) or a list of ``{"id", "text"}``; the
reply has the same form. Scripted steps (``script``) and persistent defaults
(``set_default``) replace that answer with failures: error statuses, malformed
or truncated content, wrong segment sets, hangs and dropped connections.

Run ``python -m tests.support.fake_llm --port 8765 --latency 0.3`` to serve it
in the foreground for benchmarks or manual use; it prints its base URL first.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import signal
import socket
import socketserver
import sys
import threading
import time
import uuid
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .fake_llm_data import TranslationMemory, draft_leaflet

__all__ = ["FakeLLMServer", "RecordedRequest", "Step", "main"]

DEFAULT_MODEL = "scripted-model-1"
UNPARSEABLE_REPLY: dict[str, str] = {"error": "could not parse request"}
UNSUPPORTED_TASK_REPLY: dict[str, str] = {"error": "unsupported task"}
TRANSLATION_TASKS = frozenset({"translate", "back_translate"})
_PROMPT_VERSION = re.compile(r"^\s*PROMPT_VERSION:\s*(\S+)", re.MULTILINE)
# Fixed so that /v1/models answers identically on every run.
_MODEL_CREATED = 1_700_000_000

# (type, code, default message) as the hosted API reports them.
_ERRORS: dict[int, tuple[str, str | None, str]] = {
    400: ("invalid_request_error", None, "Invalid request."),
    401: ("invalid_request_error", "invalid_api_key", "Incorrect API key provided."),
    403: ("invalid_request_error", "unsupported_country_region_territory", "Access to this model is not allowed."),
    404: ("invalid_request_error", "model_not_found", "The model does not exist or you do not have access to it."),
    408: ("invalid_request_error", "timeout", "Request timed out."),
    409: ("invalid_request_error", "conflict", "The request conflicts with another request."),
    422: ("invalid_request_error", None, "The request could not be processed."),
    429: ("requests", "rate_limit_exceeded", "Rate limit reached for requests. Please try again later."),
    500: ("server_error", None, "The server had an error while processing your request. Sorry about that!"),
    502: ("server_error", "bad_gateway", "Bad gateway."),
    503: ("server_error", "service_unavailable", "The server is overloaded or not ready yet."),
    504: ("server_error", "gateway_timeout", "Gateway timeout."),
}


def _error_details(status: int) -> tuple[str, str | None, str]:
    if status in _ERRORS:
        return _ERRORS[status]
    if status >= 500:
        return ("server_error", None, "The server had an error while processing your request.")
    return ("invalid_request_error", None, "Invalid request.")


_STEP_KINDS = frozenset(
    {
        "ok",
        "delay",
        "status",
        "malformed",
        "truncated",
        "drop_segment",
        "extra_segment",
        "duplicate_segment",
        "reply",
        "hang",
        "disconnect",
    }
)
_NORMAL_KINDS = frozenset({"ok", "delay", "hang"})


@dataclass(frozen=True)
class Step:
    """One behaviour for one chat-completion request; build it with the constructors."""

    kind: str
    seconds: float = 0.0
    status_code: int | None = None
    retry_after: float | None = None
    message: str | None = None
    content: str | None = None

    def __post_init__(self) -> None:
        if self.kind not in _STEP_KINDS:
            raise ValueError(f"unknown step kind {self.kind!r}")
        if self.seconds < 0:
            raise ValueError("a step cannot last a negative time")

    @classmethod
    def ok(cls) -> Step:
        """The normal answer."""
        return cls("ok")

    @classmethod
    def delay(cls, seconds: float) -> Step:
        """The normal answer, ``seconds`` later than usual."""
        return cls("delay", seconds=seconds)

    @classmethod
    def status(cls, code: int, retry_after: float | None = None, message: str | None = None) -> Step:
        """An OpenAI-style error body with HTTP status ``code`` and an optional ``Retry-After`` (seconds)."""
        if not 400 <= code <= 599:
            raise ValueError("an error step needs a 4xx or 5xx status")
        return cls("status", status_code=code, retry_after=retry_after, message=message or _error_details(code)[2])

    @classmethod
    def malformed(cls, content: str = "this is not json") -> Step:
        """A successful completion whose content is ``content`` rather than the protocol's JSON."""
        return cls("malformed", content=content)

    @classmethod
    def truncated(cls) -> Step:
        """The normal content cut in half, with ``finish_reason`` "length"."""
        return cls("truncated")

    @classmethod
    def drop_segment(cls) -> Step:
        """The normal reply without its last segment."""
        return cls("drop_segment")

    @classmethod
    def extra_segment(cls) -> Step:
        """The normal reply plus one segment whose id was never sent."""
        return cls("extra_segment")

    @classmethod
    def duplicate_segment(cls) -> Step:
        """The normal reply with its first segment given twice in a row."""
        return cls("duplicate_segment")

    @classmethod
    def reply(cls, content: str) -> Step:
        """A successful completion with exactly ``content``."""
        return cls("reply", content=content)

    @classmethod
    def hang(cls, seconds: float) -> Step:
        """Say nothing for ``seconds`` (long enough to trip a client timeout), then answer normally."""
        return cls("hang", seconds=seconds)

    @classmethod
    def disconnect(cls) -> Step:
        """Close the connection without answering."""
        return cls("disconnect")


_OK = Step.ok()


@dataclass(frozen=True)
class RecordedRequest:
    """A request as the server received it.

    ``headers`` has lower-cased names. ``body`` is the parsed JSON body (None if
    absent or invalid); ``payload`` is the parsed JSON of the last user message
    and ``task`` its "task" field, or else the name of the prompt version
    (``back-translate-v2`` is "back_translate"); ``prompt_version`` comes from
    the system prompt's ``PROMPT_VERSION:`` line.
    """

    method: str
    path: str
    headers: dict[str, str]
    raw: bytes
    body: Any
    payload: Any
    task: str | None
    prompt_version: str | None
    received_at: float


def _text_of(content: Any) -> str:
    """Message content as text; the API also allows a list of typed parts."""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "".join(part.get("text", "") for part in content if isinstance(part, Mapping) and isinstance(part.get("text"), str))
    return ""


def _messages(body: Any) -> list[Mapping[str, Any]]:
    if not isinstance(body, Mapping) or not isinstance(body.get("messages"), list):
        return []
    return [message for message in body["messages"] if isinstance(message, Mapping)]


def _parse_json(data: bytes | str) -> Any:
    if not data:
        return None
    try:
        return json.loads(data)
    except ValueError:
        return None


def _count_tokens(text: str) -> int:
    return math.ceil(len(text.encode("utf-8")) / 4)


def _format_seconds(seconds: float) -> str:
    return str(int(seconds)) if float(seconds).is_integer() else repr(float(seconds))


class _BadPayload(Exception):
    """The user message is JSON but not a request the protocol defines."""


class FakeLLMServer:
    """A scripted chat-completions endpoint; see the module docstring.

    Recordings, scripts, defaults and counters share one lock, so tests and
    handler threads can use the server concurrently; ``latency`` and
    ``truncate_above_segments`` are plain attributes read on each request.
    """

    def __init__(
        self,
        *,
        model: str = DEFAULT_MODEL,
        latency: float = 0.0,
        tico_path: Path | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
    ) -> None:
        self.model = model
        self.latency = latency
        self.truncate_above_segments: int | None = None
        self._initial_latency = latency
        self._address = (host, port)
        self._memory = TranslationMemory(tico_path)
        self._lock = threading.Lock()
        self._arrived = threading.Condition(self._lock)
        self._requests: list[RecordedRequest] = []
        self._scripts: deque[tuple[str | None, Step]] = deque()
        self._defaults: dict[str | None, Step] = {}
        self._in_flight = 0
        self._max_in_flight = 0
        # Wakes sleeping handlers on stop(), so a scripted hang never delays teardown.
        self._stopping = threading.Event()
        self._httpd: _HTTPServer | None = None
        self._thread: threading.Thread | None = None

    # Lifecycle

    def start(self) -> FakeLLMServer:
        if self._httpd is not None:
            return self
        self._stopping.clear()
        httpd = _HTTPServer(self._address, self)
        thread = threading.Thread(
            target=httpd.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"fake-llm:{httpd.server_address[1]}",
            daemon=True,
        )
        thread.start()
        self._httpd, self._thread = httpd, thread
        return self

    def stop(self) -> None:
        httpd, thread = self._httpd, self._thread
        if httpd is None:
            return
        self._stopping.set()
        httpd.shutdown()
        # Idle keep-alive connections would otherwise keep being served by
        # their handler threads after the server is "stopped".
        httpd.close_connections()
        httpd.server_close()
        if thread is not None:
            thread.join(timeout=5)
        self._httpd = self._thread = None

    def __enter__(self) -> FakeLLMServer:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        if self._httpd is None:
            raise RuntimeError("the fake LLM server is not running; call start() first")
        return self._httpd.server_address[1]

    @property
    def base_url(self) -> str:
        return f"http://{self._address[0]}:{self.port}/v1"

    # Scripting

    def script(self, *steps: Step, task: str | None = None) -> None:
        """Queue one-shot steps, consumed in order by the next chat completions for ``task`` (None: any)."""
        with self._lock:
            self._scripts.extend((task, step) for step in steps)

    def set_default(self, step: Step | None, task: str | None = None) -> None:
        """Use ``step`` whenever no script applies (None removes it); a task's default beats the catch-all."""
        with self._lock:
            if step is None:
                self._defaults.pop(task, None)
            else:
                self._defaults[task] = step

    def add_translation(self, source_text: str, target_lang: str, target_text: str) -> None:
        """Make ``source_text`` translate to ``target_text`` into ``target_lang``, ahead of TICO-19."""
        self._memory.add(source_text, target_lang, target_text)

    def reset(self) -> None:
        """Back to the freshly constructed behaviour, so one server can be shared between tests."""
        with self._lock:
            self._scripts.clear()
            self._defaults.clear()
            self._requests.clear()
            self._max_in_flight = self._in_flight
            self.truncate_above_segments = None
            self.latency = self._initial_latency
        self._memory.clear_added()

    @property
    def pending_scripts(self) -> int:
        with self._lock:
            return len(self._scripts)

    # Observation

    @property
    def requests(self) -> list[RecordedRequest]:
        """A snapshot of every request received so far, in arrival order."""
        with self._lock:
            return list(self._requests)

    def raw_bytes_received(self) -> bytes:
        """Every request body concatenated, for "this never reached the model" assertions."""
        with self._lock:
            return b"".join(request.raw for request in self._requests)

    def text_received(self) -> str:
        """Every path and body as text, also with JSON escapes undone at both levels.

        The user message is JSON inside JSON, so a client that escapes
        non-ASCII (``json.dumps`` does by default) sends "张三" as a
        ``\\u`` sequence; asserting absence on the raw bytes alone would then
        pass even if the name leaked.
        """
        with self._lock:
            requests = list(self._requests)
        parts: list[str] = []
        for request in requests:
            parts += [request.path, request.raw.decode("utf-8", errors="replace")]
            for parsed in (request.body, request.payload):
                if parsed is not None:
                    parts.append(json.dumps(parsed, ensure_ascii=False))
        return "\n".join(parts)

    def wait_for_requests(self, count: int, timeout: float = 5.0) -> list[RecordedRequest]:
        """Block until ``count`` requests have arrived, e.g. from a worker in another process."""
        with self._arrived:
            if not self._arrived.wait_for(lambda: len(self._requests) >= count, timeout=timeout):
                raise TimeoutError(f"expected {count} requests, got {len(self._requests)} within {timeout}s")
            return list(self._requests)

    @property
    def in_flight(self) -> int:
        with self._lock:
            return self._in_flight

    @property
    def max_in_flight(self) -> int:
        with self._lock:
            return self._max_in_flight

    # Used by the request handler

    def _enter(self) -> None:
        with self._lock:
            self._in_flight += 1
            self._max_in_flight = max(self._max_in_flight, self._in_flight)

    def _leave(self) -> None:
        with self._lock:
            self._in_flight -= 1

    def _pause(self, seconds: float) -> None:
        if seconds > 0:
            self._stopping.wait(seconds)

    def _record(self, method: str, path: str, headers: Mapping[str, str], raw: bytes) -> RecordedRequest:
        body = _parse_json(raw)
        messages = _messages(body)
        user_texts = [_text_of(message.get("content")) for message in messages if message.get("role") == "user"]
        payload = _parse_json(user_texts[-1]) if user_texts else None
        task = payload.get("task") if isinstance(payload, dict) else None
        system_text = "\n".join(_text_of(message.get("content")) for message in messages if message.get("role") == "system")
        version = _PROMPT_VERSION.search(system_text)
        if not isinstance(task, str) and version is not None:
            task = _task_of_version(version.group(1))
        recorded = RecordedRequest(
            method=method,
            path=path,
            headers={name.lower(): value for name, value in headers.items()},
            raw=raw,
            body=body,
            payload=payload,
            task=task if isinstance(task, str) else None,
            prompt_version=version.group(1) if version else None,
            received_at=time.monotonic(),
        )
        with self._arrived:
            self._requests.append(recorded)
            self._arrived.notify_all()
        return recorded

    def _next_step(self, task: str | None) -> Step:
        with self._lock:
            for index, (wanted, step) in enumerate(self._scripts):
                if wanted is None or wanted == task:
                    del self._scripts[index]
                    return step
            if task in self._defaults:
                return self._defaults[task]
            return self._defaults.get(None, _OK)

    def _answer(self, payload: Any, task: str | None) -> dict[str, Any]:
        """What a model that follows the protocol perfectly would reply."""
        if not isinstance(payload, dict):
            return UNPARSEABLE_REPLY
        try:
            if task in TRANSLATION_TASKS:
                return self._translate(payload, task)
            if task == "draft":
                return self._draft(payload)
        except _BadPayload:
            return UNPARSEABLE_REPLY
        return UNSUPPORTED_TASK_REPLY

    def _translate(self, payload: dict[str, Any], task: str) -> dict[str, Any]:
        """Segments as a list of {"id", "text"} come back as such; as an object of id -> text, as an object.

        The language codes are "source_language"/"target_language" or, in the
        application's compact form, "from"/"to".
        """
        segments = payload.get("segments")
        target = payload.get("target_language") or payload.get("to") or ("en" if task == "back_translate" else None)
        source = payload.get("source_language") or payload.get("from")
        if not isinstance(target, str) or not isinstance(segments, (list, dict)):
            raise _BadPayload
        source = source if isinstance(source, str) else None
        if isinstance(segments, dict):
            if not all(isinstance(text, str) for text in segments.values()):
                raise _BadPayload
            return {"segments": {sid: self._memory.translate(text, target, source) for sid, text in segments.items()}}
        translated = []
        for segment in segments:
            if not isinstance(segment, dict) or "id" not in segment or not isinstance(segment.get("text"), str):
                raise _BadPayload
            text = self._memory.translate(segment["text"], target, source)
            translated.append({"id": segment["id"], "text": text})
        return {"segments": translated}

    def _draft(self, payload: dict[str, Any]) -> dict[str, Any]:
        brief = payload.get("brief")
        language = payload.get("language") or "en"
        if not isinstance(brief, dict) or not isinstance(language, str):
            raise _BadPayload
        return draft_leaflet(brief, language, self._memory)

    def _too_many_segments(self, payload: Any, task: str | None) -> bool:
        limit = self.truncate_above_segments
        return (
            limit is not None
            and isinstance(payload, dict)
            and task in TRANSLATION_TASKS
            and isinstance(payload.get("segments"), (list, dict))
            and len(payload["segments"]) > limit
        )

    def _compose(self, step: Step, recorded: RecordedRequest) -> tuple[str, str]:
        """The completion's content and finish_reason for a step that answers with 200."""
        if step.kind in ("reply", "malformed"):
            return step.content or "", "stop"
        reply = self._answer(recorded.payload, recorded.task)
        if step.kind in ("drop_segment", "extra_segment", "duplicate_segment"):
            reply = _mutate_segments(reply, step.kind)
        if step.kind == "duplicate_segment" and isinstance(reply.get("segments"), dict) and reply["segments"]:
            # An object cannot hold a key twice, so the repeat is written out as JSON text.
            items = list(reply["segments"].items())
            body = ", ".join(json.dumps(key, ensure_ascii=False) + ": " + json.dumps(value, ensure_ascii=False)
                             for key, value in [items[0], *items])
            content = '{"segments": {' + body + "}}"
        else:
            content = json.dumps(reply, ensure_ascii=False)
        if step.kind == "truncated" or (step.kind in _NORMAL_KINDS and self._too_many_segments(recorded.payload, recorded.task)):
            return content[: len(content) // 2], "length"
        return content, "stop"

    def _completion(self, body: Any, content: str, finish_reason: str) -> dict[str, Any]:
        prompt_tokens = _count_tokens("".join(_text_of(message.get("content")) for message in _messages(body)))
        completion_tokens = _count_tokens(content)
        return {
            "id": f"chatcmpl-{uuid.uuid4().hex[:24]}",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": self.model,
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": content, "refusal": None},
                    "logprobs": None,
                    "finish_reason": finish_reason,
                }
            ],
            "usage": {
                "prompt_tokens": prompt_tokens,
                "completion_tokens": completion_tokens,
                "total_tokens": prompt_tokens + completion_tokens,
            },
        }

    def _model_object(self) -> dict[str, Any]:
        return {"id": self.model, "object": "model", "created": _MODEL_CREATED, "owned_by": "fake-llm"}


def _task_of_version(version: str) -> str | None:
    """"back-translate-v2" -> "back_translate": the task a prompt version names, when it names one."""
    task = re.sub(r"-v\d+$", "", version).replace("-", "_")
    return task if task in TRANSLATION_TASKS or task == "draft" else None


def _mutate_segments(reply: dict[str, Any], kind: str) -> dict[str, Any]:
    segments = reply.get("segments")
    if isinstance(segments, dict) and segments:
        # The object form: a duplicate is written out by _compose (a dict cannot hold it).
        segments = dict(segments)
        if kind == "drop_segment":
            segments.pop(list(segments)[-1])
        elif kind == "extra_segment":
            number = 1
            while f"extra-{number}" in segments:
                number += 1
            segments[f"extra-{number}"] = "[extra] A sentence nobody asked for."
        return {**reply, "segments": segments}
    if not isinstance(segments, list) or not segments:
        return reply
    segments = [dict(segment) for segment in segments]
    if kind == "drop_segment":
        segments.pop()
    elif kind == "duplicate_segment":
        segments.insert(1, dict(segments[0]))
    elif "id" in segments[0]:
        known = {str(segment.get("id")) for segment in segments}
        number = 1
        while f"extra-{number}" in known:
            number += 1
        segments.append({"id": f"extra-{number}", "text": "[extra] A sentence nobody asked for."})
    else:
        segments.append({"kind": "paragraph", "text": "A paragraph nobody asked for."})
    return {**reply, "segments": segments}


def _chat_request_problem(body: Any) -> tuple[str, str | None] | None:
    """Why the hosted API would reject this body with 400, as (message, param)."""
    if not isinstance(body, dict):
        return (
            "We could not parse the JSON body of your request. The OpenAI API expects a JSON payload.",
            None,
        )
    messages = body.get("messages")
    if not isinstance(messages, list) or not messages or not all(isinstance(m, dict) for m in messages):
        return ("'messages' must be a non-empty array of message objects.", "messages")
    if not isinstance(body.get("model"), str) or not body["model"]:
        return ("You must provide a model parameter.", "model")
    if body.get("stream"):
        return ("Streaming is not supported by this server; send stream=false.", "stream")
    return None


# Distinguishes "use the status's usual code" from an explicit code of None.
_DEFAULT_CODE: Any = object()


class _ClientGone(Exception):
    """The client closed the connection before sending its whole request."""


class _Handler(BaseHTTPRequestHandler):
    # HTTP/1.1 so the client keeps connections alive, as it does with the real service.
    protocol_version = "HTTP/1.1"
    server_version = "fake-llm/1.0"
    sys_version = ""
    server: _HTTPServer

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        self._handle("GET")

    def do_POST(self) -> None:
        self._handle("POST")

    def do_PUT(self) -> None:
        self._handle("PUT")

    def do_PATCH(self) -> None:
        self._handle("PATCH")

    def do_DELETE(self) -> None:
        self._handle("DELETE")

    def _handle(self, method: str) -> None:
        fake = self.server.fake
        fake._enter()
        try:
            try:
                raw = self._read_body()
            except ValueError:
                self.close_connection = True
                fake._record(method, self.path, self.headers, b"")
                self._send_error(400, "The request body is not valid HTTP (bad Content-Length or chunk size).")
                return
            recorded = fake._record(method, self.path, self.headers, raw)
            self._route(fake, recorded)
        except (_ClientGone, ConnectionError, TimeoutError):
            self.close_connection = True
        finally:
            fake._leave()

    def _read_body(self) -> bytes:
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            return self._read_chunked()
        length = int(self.headers.get("Content-Length") or 0)
        if length < 0:
            raise ValueError("negative Content-Length")
        data = self.rfile.read(length) if length else b""
        if len(data) < length:
            raise _ClientGone
        return data

    def _read_chunked(self) -> bytes:
        chunks = []
        while True:
            size = int(self.rfile.readline(1024).split(b";")[0].strip(), 16)
            if size == 0:
                while self.rfile.readline(1024) not in (b"\r\n", b"\n", b""):
                    pass
                return b"".join(chunks)
            chunk = self.rfile.read(size)
            if len(chunk) < size:
                raise _ClientGone
            chunks.append(chunk)
            self.rfile.readline(1024)

    def _route(self, fake: FakeLLMServer, recorded: RecordedRequest) -> None:
        path = urlsplit(self.path).path.rstrip("/")
        if path == "/v1/chat/completions":
            allowed = "POST"
        elif path == "/v1/models" or path.startswith("/v1/models/"):
            allowed = "GET"
        else:
            fake._pause(fake.latency)
            self._send_error(404, f"Invalid URL ({recorded.method} {self.path})", code=None)
            return

        authorization = self.headers.get("Authorization", "")
        if not authorization.startswith("Bearer ") or not authorization[len("Bearer ") :].strip():
            fake._pause(fake.latency)
            self._send_error(
                401,
                "You didn't provide an API key. Provide it in the Authorization header (Bearer auth).",
                code=None,
            )
            return
        if recorded.method != allowed:
            fake._pause(fake.latency)
            self._send_error(405, f"Method {recorded.method} is not allowed on {path}.", headers=[("Allow", allowed)])
            return

        if path == "/v1/chat/completions":
            self._chat(fake, recorded)
            return
        fake._pause(fake.latency)
        if path == "/v1/models":
            self._send_json(200, {"object": "list", "data": [fake._model_object()]})
        elif path == f"/v1/models/{fake.model}":
            self._send_json(200, fake._model_object())
        else:
            self._send_error(404, f"The model '{path.rsplit('/', 1)[-1]}' does not exist.", param="model")

    def _chat(self, fake: FakeLLMServer, recorded: RecordedRequest) -> None:
        problem = _chat_request_problem(recorded.body)
        if problem is not None:
            fake._pause(fake.latency)
            message, param = problem
            self._send_error(400, message, param=param, code="unsupported_value" if param == "stream" else None)
            return

        # Chosen on arrival, before any sleeping, so concurrent requests
        # consume scripts in the order they reached the server.
        step = fake._next_step(recorded.task)
        fake._pause(fake.latency + (step.seconds if step.kind in ("delay", "hang") else 0.0))

        if step.kind == "disconnect":
            self.close_connection = True
            return
        if step.kind == "status":
            assert step.status_code is not None
            extra = [("Retry-After", _format_seconds(step.retry_after))] if step.retry_after is not None else []
            self._send_error(step.status_code, step.message or _error_details(step.status_code)[2], headers=extra)
            return
        content, finish_reason = fake._compose(step, recorded)
        self._send_json(200, fake._completion(recorded.body, content, finish_reason))

    def _send_error(
        self,
        status: int,
        message: str,
        *,
        param: str | None = None,
        code: Any = _DEFAULT_CODE,
        headers: list[tuple[str, str]] | None = None,
    ) -> None:
        kind, default_code, _ = _error_details(status)
        error = {"message": message, "type": kind, "param": param, "code": default_code if code is _DEFAULT_CODE else code}
        self._send_json(status, {"error": error}, headers=headers)

    def _send_json(self, status: int, payload: Any, *, headers: list[tuple[str, str]] | None = None) -> None:
        data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.send_header("x-request-id", f"req_{uuid.uuid4().hex}")
            for name, value in headers or []:
                self.send_header(name, value)
            if self.close_connection:
                self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(data)
        except (ConnectionError, TimeoutError):
            # The client gave up (typically its timeout fired during a hang).
            self.close_connection = True


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    # stop() must not wait for handlers still inside a scripted hang.
    block_on_close = False
    # Bursts of concurrent requests must queue rather than be refused.
    request_queue_size = 128

    def __init__(self, address: tuple[str, int], fake: FakeLLMServer) -> None:
        self.fake = fake
        self._connections: set[socket.socket] = set()
        self._connections_lock = threading.Lock()
        super().__init__(address, _Handler)

    def server_bind(self) -> None:
        # HTTPServer.server_bind resolves the host's FQDN, a DNS round trip
        # that can stall for seconds on machines without a resolver.
        socketserver.TCPServer.server_bind(self)
        host, port = self.server_address[:2]
        self.server_name, self.server_port = str(host), int(port)

    def process_request(self, request: Any, client_address: Any) -> None:
        with self._connections_lock:
            self._connections.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        with self._connections_lock:
            self._connections.discard(request)
        super().shutdown_request(request)

    def close_connections(self) -> None:
        with self._connections_lock:
            connections = list(self._connections)
        for connection in connections:
            try:
                connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def handle_error(self, request: Any, client_address: Any) -> None:
        error = sys.exc_info()[1]
        if isinstance(error, (ConnectionError, TimeoutError)) or self.fake._stopping.is_set():
            return
        super().handle_error(request, client_address)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tests.support.fake_llm",
        description="Serve the scripted OpenAI-compatible fake LLM until SIGINT/SIGTERM.",
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765, help="0 picks a free port (default: %(default)s)")
    parser.add_argument("--latency", type=float, default=0.0, help="seconds before each answer")
    parser.add_argument("--model", default=DEFAULT_MODEL, help="model name reported in replies")
    parser.add_argument("--tico-path", type=Path, default=None, help="TICO-19 dev TSV to translate from")
    parser.add_argument(
        "--truncate-above-segments",
        type=int,
        default=None,
        help="answer translation batches larger than this with finish_reason=length",
    )
    args = parser.parse_args(argv)

    server = FakeLLMServer(model=args.model, latency=args.latency, tico_path=args.tico_path, host=args.host, port=args.port)
    server.truncate_above_segments = args.truncate_above_segments
    stop = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stop.set())
    with server:
        # The bare URL alone on the first line, so scripts can `read` it.
        print(server.base_url, flush=True)
        print(f"fake LLM serving model {server.model!r}; Ctrl-C to stop", file=sys.stderr, flush=True)
        while not stop.wait(0.5):
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
