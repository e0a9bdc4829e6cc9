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
or truncated content, wrong segment sets (missing, extra, renamed, swapped), hangs,
connections dropped before the reply and connections dropped half-way through it.

Dialects
--------

``dialect`` (a constructor keyword, an attribute that can change at any time,
and ``--dialect`` on the command line) makes the server answer like one of the
endpoints hospitals actually run. ``reset()`` restores the constructor's value.
Unless ``model`` is given, each dialect reports its own typical model name.
Scripted steps work in every dialect; ``Step.reply``/``Step.malformed`` content
is always sent verbatim (a dialect only adds what lives outside ``content``).

``plain`` (default)
    Exactly the behaviour described above: no parameter is checked.
``openai``
    A current non-reasoning OpenAI model (gpt-4.1). Accepts ``max_tokens``,
    ``max_completion_tokens`` and ``temperature`` (0..2), refuses
    ``reasoning_effort``, and validates ``response_format`` as the hosted API
    does: ``json_object`` needs the word "json" in the messages; a
    ``json_schema`` needs a valid name and, with ``strict: true``, an object
    root whose every object has ``additionalProperties: false`` and lists every
    property in ``required``. Usage has ``*_tokens_details``.
``openai-reasoning``
    GPT-5 / o-series on api.openai.com: ``max_tokens`` and a ``temperature``
    (or ``top_p``) other than 1 get the hosted API's 400s; accepts
    ``max_completion_tokens`` and ``reasoning_effort`` (minimal, low, medium,
    high, none); ``response_format`` as ``openai``. Content never contains
    thinking, but ``usage.completion_tokens`` includes
    ``completion_tokens_details.reasoning_tokens`` =
    ``REASONING_MULTIPLIERS[effort]`` x the answer's tokens (4x at the default
    "medium"). When ``max_completion_tokens`` cannot hold reasoning plus
    answer, the reply is cut (``finish_reason`` "length"), and is empty when the
    reasoning alone used the budget.
``deepseek-chat``
    api.deepseek.com: ``response_format`` ``text`` or ``json_object`` (the
    prompt must contain "json"); ``json_schema`` is refused. Usage has
    ``prompt_cache_hit_tokens``/``prompt_cache_miss_tokens``. Also serves
    ``/chat/completions`` without the ``/v1``.
``deepseek-reasoner``
    As ``deepseek-chat``, plus ``message.reasoning_content``: a few sentences
    of thinking quoting a decoy JSON object (``fake_llm_data.DECOY_JSON``).
    ``temperature``/``top_p`` are accepted and ignored; ``logprobs`` and
    ``top_logprobs`` get a 400. Reasoning tokens are included in
    ``completion_tokens``.
``vllm-think`` / ``ollama-think``
    An R1-style model served without a reasoning parser: content is a
    ``<think>`` ... ``</think>`` block (thinking with the decoy), a blank line,
    then the JSON answer, whatever ``response_format`` says. No API key needed.
    ``/v1/models`` looks like vLLM's (owned_by "vllm", ``max_model_len``) or
    Ollama's (owned_by "library"); vLLM's errors have vLLM's shape.
``llamacpp``
    llama.cpp's server: reports the loaded file name as the model whatever was
    asked for, adds ``timings``; errors have llama.cpp's shape.
``ignores-response-format``
    Accepts anything and answers ``"Here is the translation:"`` followed by
    the JSON in a Markdown ```json fence.
``azure``
    Azure OpenAI: ``POST /openai/deployments/{deployment}/chat/completions``
    (needs ``?api-version=YYYY-MM-DD[-preview]``) and the newer
    ``/openai/v1/chat/completions``; either needs an ``api-key`` header or a
    bearer token. Use ``server.azure_endpoint`` with ``openai.AzureOpenAI``
    (or ``server.azure_v1_base_url`` with ``openai.OpenAI``). Behaves as
    ``openai``, or as ``openai-reasoning`` when the model is a reasoning model
    (its name starts with "gpt-5" or o<digit>, e.g. ``model="gpt-5-mini"``);
    replies report the model, not the deployment, and carry Azure's content
    filter results.

Quality variants
----------------

One server can answer as several distinct "models" of different quality,
chosen by the request's ``model``, so two providers pointing at the same
server with different ``model`` values are two providers of different
quality (a bake-off can rank them)::

    server.qualities = {"good-model": "exact", "dropper-model": "drops_words"}

``qualities`` maps a requested model name to one of ``QUALITIES``
(``fake_llm_data.degrade`` says exactly what each does to the correct,
TICO-19 answer, deterministically, seeded by the text):

``exact``
    The correct translation.
``drops_words``
    About a third of each translation's words left out (characters, in
    Chinese), never all of them.
``wrong_numbers``
    Every number in the translation changed (7 -> 8); texts without digits
    come back correct.
``neighbour``
    Each segment gets the next segment's translation in the batch (a model
    that lost its place); a batch of one gets its source text back.
``paraphraser``
    Neighbouring words swapped here and there: close, but not the wording.
``untranslated``
    The source text itself.

Only translation and back-translation replies are degraded (drafts are as
usual), in every dialect, before any scripted step mutates them. A reply to a
quality variant reports the requested name as its model, or
``server.reported_models[name]`` when a test sets one (an endpoint quietly
swapping its model: the revalidation tests); a request for any other model
reports ``server.model`` as before. ``GET /v1/models`` lists the variants'
reported names after the dialect's own. ``reset()`` restores the
constructor's ``qualities`` and clears ``reported_models``.
``--quality NAME=QUALITY`` (repeatable) sets them on the command line.

Run ``python -m tests.support.fake_llm --port 8765 --latency 0.3`` to serve it
in the foreground for benchmarks or manual use; it prints its base URL first
(``--dialect azure``: the Azure endpoint).
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
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from .fake_llm_data import QUALITIES, TranslationMemory, degrade, draft_leaflet, preamble_for, thinking_about

__all__ = ["DIALECTS", "QUALITIES", "FakeLLMServer", "RecordedRequest", "Step", "main"]

DEFAULT_MODEL = "scripted-model-1"
DIALECTS: tuple[str, ...] = (
    "plain",
    "openai",
    "openai-reasoning",
    "deepseek-chat",
    "deepseek-reasoner",
    "vllm-think",
    "ollama-think",
    "llamacpp",
    "ignores-response-format",
    "azure",
)
# The model each dialect reports when the server was not given one.
DIALECT_MODELS: dict[str, str] = {
    "plain": DEFAULT_MODEL,
    "openai": "gpt-4.1",
    "openai-reasoning": "gpt-5-mini",
    "deepseek-chat": "deepseek-chat",
    "deepseek-reasoner": "deepseek-reasoner",
    "vllm-think": "deepseek-ai/DeepSeek-R1-Distill-Qwen-7B",
    "ollama-think": "deepseek-r1:7b",
    "llamacpp": "qwen2.5-7b-instruct-q4_k_m.gguf",
    "ignores-response-format": DEFAULT_MODEL,
    "azure": "gpt-4.1",
}
REASONING_EFFORTS: tuple[str, ...] = ("minimal", "low", "medium", "high", "none")
DEFAULT_REASONING_EFFORT = "medium"
# openai-reasoning: reasoning tokens = this multiple of the answer's tokens.
REASONING_MULTIPLIERS: dict[str, int] = {"none": 0, "minimal": 1, "low": 2, "medium": 4, "high": 8}
VLLM_MAX_MODEL_LEN = 32768
UNPARSEABLE_REPLY: dict[str, str] = {"error": "could not parse request"}
UNSUPPORTED_TASK_REPLY: dict[str, str] = {"error": "unsupported task"}
TRANSLATION_TASKS = frozenset({"translate", "back_translate"})
# Step.cite_unsent's citation: database ids start at 1, so no request carries it.
UNSENT_PASSAGE_ID = "P0"
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


class _Default:
    """Marks "use the status's usual error code", as opposed to an explicit code of None."""

    def __repr__(self) -> str:
        return "<default>"


_DEFAULT_CODE: Any = _Default()


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
        "rename_segments",
        "swap_segments",
        "cite_unsent",
        "reply",
        "hang",
        "disconnect",
        "cut_off",
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
    # Overrides of the error body's "code", "param" and "type" (status steps only).
    error_code: Any = _DEFAULT_CODE
    error_param: str | None = None
    error_type: str | None = None

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
    def status(
        cls,
        code: int,
        retry_after: float | None = None,
        message: str | None = None,
        *,
        code_name: Any = _DEFAULT_CODE,
        param: str | None = None,
        error_type: str | None = None,
    ) -> Step:
        """An error body with HTTP status ``code`` and an optional ``Retry-After`` (seconds).

        The body has the dialect's error shape (OpenAI's unless the dialect is
        vllm-think or llamacpp). ``code_name``, ``param`` and ``error_type``
        set the body's "code" (None for null; default: the status's usual
        code), "param" and "type".
        """
        if not 400 <= code <= 599:
            raise ValueError("an error step needs a 4xx or 5xx status")
        return cls(
            "status",
            status_code=code,
            retry_after=retry_after,
            message=message or _error_details(code)[2],
            error_code=code_name,
            error_param=param,
            error_type=error_type,
        )

    @classmethod
    def unsupported_parameter(cls, param: str, message: str | None = None) -> Step:
        """The hosted API's 400 for a parameter this model does not take (code "unsupported_parameter")."""
        return cls.status(
            400,
            message=message or f"Unsupported parameter: '{param}' is not supported with this model.",
            code_name="unsupported_parameter",
            param=param,
        )

    @classmethod
    def unsupported_value(cls, param: str, value: Any, message: str | None = None) -> Step:
        """The hosted API's 400 for a value this model does not take (code "unsupported_value")."""
        return cls.status(
            400,
            message=message or f"Unsupported value: '{param}' does not support {_json_value(value)} with this model.",
            code_name="unsupported_value",
            param=param,
        )

    @classmethod
    def malformed(cls, content: str = "this is not json") -> Step:
        """A successful completion whose content is ``content`` rather than the protocol's JSON."""
        return cls("malformed", content=content)

    @classmethod
    def truncated(cls, after: float = 0.0) -> Step:
        """The normal content cut in half, with ``finish_reason`` "length", ``after`` seconds later than usual."""
        return cls("truncated", seconds=after)

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
    def rename_segments(cls) -> Step:
        """The normal reply with every segment under an id that was never sent ("1", "2", ... for "s1", "s2")."""
        return cls("rename_segments")

    @classmethod
    def swap_segments(cls) -> Step:
        """The normal reply with the first two segments' texts exchanged: every id right, two texts wrong."""
        return cls("swap_segments")

    @classmethod
    def cite_unsent(cls) -> Step:
        """The normal draft, its first segment citing "P0", a passage id no request ever carries."""
        return cls("cite_unsent")

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

    @classmethod
    def cut_off(cls) -> Step:
        """Start the normal answer (status 200, headers with the full Content-Length, half the body), then close.

        The connection dropping mid-reply, as a proxy restart or an endpoint's
        crash does: the client has a status and part of a body, never the whole.
        """
        return cls("cut_off")


_OK = Step.ok()


@dataclass(frozen=True)
class RecordedRequest:
    """A request as the server received it.

    ``headers`` has lower-cased names. ``body`` is the parsed JSON body (None if
    absent or invalid); ``payload`` is the parsed JSON of the last user message
    and ``task`` its "task" field, or else the name of the prompt version
    (``back-translate-v2`` is "back_translate"); ``prompt_version`` comes from
    the system prompt's ``PROMPT_VERSION:`` line. ``params`` is every
    top-level body field except "messages" as sent (so ``"max_tokens" in
    request.params`` tells whether it was sent); ``query`` is the parsed query
    string (Azure's ``api-version``); ``dialect`` is the server's dialect when
    the request arrived.
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
    params: dict[str, Any] = field(default_factory=dict)
    query: dict[str, str] = field(default_factory=dict)
    dialect: str = "plain"


def _text_of(content: Any) -> str:
    """Message content as text; the API also allows a list of typed parts."""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "".join(
            part.get("text", "") for part in content if isinstance(part, Mapping) and isinstance(part.get("text"), str)
        )
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
    handler threads can use the server concurrently; ``latency``,
    ``truncate_above_segments``, ``dialect`` and ``model`` are attributes read
    on each request.
    """

    def __init__(
        self,
        *,
        model: str | None = None,
        latency: float = 0.0,
        tico_path: Path | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        dialect: str = "plain",
        qualities: Mapping[str, str] | None = None,
    ) -> None:
        self._model = model
        # Requested model name -> quality (fake_llm_data.QUALITIES); see "Quality variants".
        self.qualities: dict[str, str] = dict(qualities or {})
        unknown = sorted(set(self.qualities.values()) - set(QUALITIES))
        if unknown:
            raise ValueError(f"unknown qualities {unknown}; expected some of {', '.join(QUALITIES)}")
        self._initial_qualities = dict(self.qualities)
        # Requested model name -> the model its replies report (default: the name itself).
        self.reported_models: dict[str, str] = {}
        self.dialect = dialect
        self._initial_dialect = self.dialect
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

    @property
    def azure_endpoint(self) -> str:
        """scheme://host:port, for ``openai.AzureOpenAI(azure_endpoint=...)`` (dialect "azure")."""
        return f"http://{self._address[0]}:{self.port}"

    @property
    def azure_v1_base_url(self) -> str:
        """Azure's newer route, for ``openai.OpenAI(base_url=...)`` (dialect "azure")."""
        return f"{self.azure_endpoint}/openai/v1"

    @property
    def dialect(self) -> str:
        return self._dialect

    @dialect.setter
    def dialect(self, value: str) -> None:
        if value not in DIALECTS:
            raise ValueError(f"unknown dialect {value!r}; expected one of {', '.join(DIALECTS)}")
        self._dialect = value

    @property
    def model(self) -> str:
        """The model replies report: the one given, else the dialect's typical model (``DIALECT_MODELS``)."""
        return self._model if self._model is not None else DIALECT_MODELS[self._dialect]

    @model.setter
    def model(self, value: str | None) -> None:
        self._model = value

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
            self.dialect = self._initial_dialect
            self.qualities = dict(self._initial_qualities)
            self.reported_models = {}
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
        query = dict(parse_qsl(urlsplit(path).query, keep_blank_values=True))
        messages = _messages(body)
        user_texts = [_text_of(message.get("content")) for message in messages if message.get("role") == "user"]
        payload = _parse_json(user_texts[-1]) if user_texts else None
        task = payload.get("task") if isinstance(payload, dict) else None
        system_text = "\n".join(
            _text_of(message.get("content")) for message in messages if message.get("role") == "system"
        )
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
            params={name: value for name, value in body.items() if name != "messages"}
            if isinstance(body, dict)
            else {},
            query=query,
            dialect=self._dialect,
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
        passages = payload.get("passages")
        return draft_leaflet(brief, language, self._memory, passages if isinstance(passages, dict) else None)

    def _too_many_segments(self, payload: Any, task: str | None) -> bool:
        limit = self.truncate_above_segments
        return (
            limit is not None
            and isinstance(payload, dict)
            and task in TRANSLATION_TASKS
            and isinstance(payload.get("segments"), (list, dict))
            and len(payload["segments"]) > limit
        )

    def _compose(self, step: Step, recorded: RecordedRequest) -> _Answer:
        """The completion's content, finish_reason and reasoning for a step that answers with 200."""
        dialect = recorded.dialect
        if step.kind in ("reply", "malformed"):
            content, finish_reason = step.content or "", "stop"
        else:
            reply = self._answer(recorded.payload, recorded.task)
            reply = self._degraded(reply, recorded)
            if step.kind in ("drop_segment", "extra_segment", "duplicate_segment", "rename_segments", "swap_segments"):
                reply = _mutate_segments(reply, step.kind)
            if step.kind == "cite_unsent" and isinstance(reply.get("segments"), list) and reply["segments"]:
                first = {**reply["segments"][0], "citations": [UNSENT_PASSAGE_ID]}
                reply = {**reply, "segments": [first, *reply["segments"][1:]]}
            if step.kind == "duplicate_segment" and isinstance(reply.get("segments"), dict) and reply["segments"]:
                # An object cannot hold a key twice, so the repeat is written out as JSON text.
                items = list(reply["segments"].items())
                body = ", ".join(
                    json.dumps(key, ensure_ascii=False) + ": " + json.dumps(value, ensure_ascii=False)
                    for key, value in [items[0], *items]
                )
                content = '{"segments": {' + body + "}}"
            else:
                content = json.dumps(reply, ensure_ascii=False)
            content = _dress(dialect, content, recorded.payload, recorded.task)
            finish_reason = "stop"
            if step.kind == "truncated" or (
                step.kind in _NORMAL_KINDS and self._too_many_segments(recorded.payload, recorded.task)
            ):
                content, finish_reason = content[: len(content) // 2], "length"
        answer = _Answer(content, finish_reason)
        if dialect == "deepseek-reasoner":
            answer.reasoning = thinking_about(recorded.payload, recorded.task)
            answer.reasoning_tokens = _count_tokens(answer.reasoning)
        elif _reasons_silently(dialect, self.model):
            _spend_reasoning_budget(answer, recorded.body)
        return answer

    def _completion(self, dialect: str, body: Any, answer: _Answer) -> dict[str, Any]:
        prompt_tokens = _count_tokens("".join(_text_of(message.get("content")) for message in _messages(body)))
        completion_tokens = _count_tokens(answer.content) + answer.reasoning_tokens
        message: dict[str, Any] = {"role": "assistant", "content": answer.content, "refusal": None}
        choice: dict[str, Any] = {
            "index": 0,
            "message": message,
            "logprobs": None,
            "finish_reason": answer.finish_reason,
        }
        usage: dict[str, Any] = {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": completion_tokens,
            "total_tokens": prompt_tokens + completion_tokens,
        }
        completion: dict[str, Any] = {
            "id": f"chatcmpl-{uuid.uuid4().hex[:24]}",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": self.reported_model_for(body),
            "choices": [choice],
            "usage": usage,
        }
        if dialect in ("plain", "ignores-response-format"):
            return completion
        if dialect in ("openai", "openai-reasoning", "azure"):
            message["annotations"] = []
            usage["prompt_tokens_details"] = {"cached_tokens": 0, "audio_tokens": 0}
            usage["completion_tokens_details"] = {
                "reasoning_tokens": answer.reasoning_tokens,
                "audio_tokens": 0,
                "accepted_prediction_tokens": 0,
                "rejected_prediction_tokens": 0,
            }
            completion["system_fingerprint"] = None
            if dialect == "azure":
                choice["content_filter_results"] = _azure_filter_results()
                completion["prompt_filter_results"] = [
                    {"prompt_index": 0, "content_filter_results": _azure_filter_results()}
                ]
            else:
                completion["service_tier"] = "default"
        elif dialect in ("deepseek-chat", "deepseek-reasoner"):
            del message["refusal"]
            if answer.reasoning is not None:
                message["reasoning_content"] = answer.reasoning
                usage["completion_tokens_details"] = {"reasoning_tokens": answer.reasoning_tokens}
            # DeepSeek's disk cache is not modelled: every prompt token is a miss.
            usage["prompt_tokens_details"] = {"cached_tokens": 0}
            usage["prompt_cache_hit_tokens"] = 0
            usage["prompt_cache_miss_tokens"] = prompt_tokens
            completion["system_fingerprint"] = "fp_fake_deepseek"
        elif dialect == "vllm-think":
            # Served without a reasoning parser: the thinking stays in content.
            message.update(annotations=None, audio=None, function_call=None, tool_calls=[], reasoning_content=None)
            choice["stop_reason"] = None
            usage["prompt_tokens_details"] = None
            completion.update(service_tier=None, system_fingerprint=None, prompt_logprobs=None, kv_transfer_params=None)
        elif dialect == "ollama-think":
            del message["refusal"]
            completion["id"] = f"chatcmpl-{uuid.uuid4().int % 1000}"
            completion["system_fingerprint"] = "fp_ollama"
        elif dialect == "llamacpp":
            del message["refusal"]
            completion["system_fingerprint"] = "b5000-fake"
            completion["timings"] = {
                "prompt_n": prompt_tokens,
                "prompt_ms": float(prompt_tokens),
                "predicted_n": completion_tokens,
                "predicted_ms": float(completion_tokens * 20),
            }
        return completion

    def reported_model_for(self, body: Any) -> str:
        """The model a reply to this request body reports: a quality variant's own name, else ``model``."""
        requested = body.get("model") if isinstance(body, Mapping) else None
        qualities, reported = self.qualities, self.reported_models
        if isinstance(requested, str) and requested in qualities:
            return reported.get(requested, requested)
        return self.model

    def _quality_of(self, body: Any) -> str:
        requested = body.get("model") if isinstance(body, Mapping) else None
        return self.qualities.get(requested, "exact") if isinstance(requested, str) else "exact"

    def _degraded(self, reply: dict[str, Any], recorded: RecordedRequest) -> dict[str, Any]:
        """The correct reply as the requested model's quality variant would give it."""
        quality = self._quality_of(recorded.body)
        segments = reply.get("segments")
        if quality == "exact" or recorded.task not in TRANSLATION_TASKS or not isinstance(recorded.payload, dict):
            return reply
        sent = recorded.payload.get("segments")
        if isinstance(segments, dict) and isinstance(sent, dict):
            return {**reply, "segments": degrade(segments, sent, quality)}
        if isinstance(segments, list) and isinstance(sent, list):
            ids = [segment["id"] for segment in segments]
            answered = degrade(
                {str(i): segment["text"] for i, segment in enumerate(segments)},
                {str(i): segment.get("text", "") for i, segment in enumerate(sent) if isinstance(segment, dict)},
                quality,
            )
            return {**reply, "segments": [{"id": ids[int(i)], "text": text} for i, text in answered.items()]}
        return reply

    def _models(self, dialect: str) -> list[dict[str, Any]]:
        """What GET /v1/models lists in ``dialect``: its models, then the quality variants' reported names."""
        listed = self._dialect_models(dialect)
        names = {entry["id"] for entry in listed}
        for requested in list(self.qualities):
            name = self.reported_models.get(requested, requested)
            if name not in names:
                names.add(name)
                listed.append({"id": name, "object": "model", "created": _MODEL_CREATED, "owned_by": "fake-llm"})
        return listed

    def _dialect_models(self, dialect: str) -> list[dict[str, Any]]:
        model = self.model
        if dialect in ("deepseek-chat", "deepseek-reasoner"):
            ids = [model] + [name for name in ("deepseek-chat", "deepseek-reasoner") if name != model]
            return [{"id": name, "object": "model", "owned_by": "deepseek"} for name in ids]
        entry: dict[str, Any] = {"id": model, "object": "model", "created": _MODEL_CREATED, "owned_by": "fake-llm"}
        if dialect in ("openai", "openai-reasoning", "azure"):
            entry["owned_by"] = "system"
        elif dialect == "ollama-think":
            entry["owned_by"] = "library"
        elif dialect == "vllm-think":
            entry.update(
                owned_by="vllm",
                root=model,
                parent=None,
                max_model_len=VLLM_MAX_MODEL_LEN,
                permission=[
                    {
                        "id": "modelperm-fake",
                        "object": "model_permission",
                        "created": _MODEL_CREATED,
                        "allow_create_engine": False,
                        "allow_sampling": True,
                        "allow_logprobs": True,
                        "allow_search_indices": False,
                        "allow_view": True,
                        "allow_fine_tuning": False,
                        "organization": "*",
                        "group": None,
                        "is_blocking": False,
                    }
                ],
            )
        elif dialect == "llamacpp":
            entry.update(
                owned_by="llamacpp",
                meta={
                    "vocab_type": 2,
                    "n_vocab": 152064,
                    "n_ctx_train": 32768,
                    "n_embd": 3584,
                    "n_params": 7615616512,
                    "size": 4677120000,
                },
            )
        return [entry]

    def _dialect_problem(self, dialect: str, body: dict[str, Any]) -> _Problem | None:
        """Why this dialect's endpoint would refuse the request with 400 (None: it would not)."""
        if dialect in ("plain", "ignores-response-format"):
            return None
        if _reasons_silently(dialect, self.model):
            return _reasoning_parameter_problem(body) or _openai_response_format_problem(body)
        if dialect in ("openai", "azure"):
            return _openai_parameter_problem(body) or _openai_response_format_problem(body)
        if dialect in ("deepseek-chat", "deepseek-reasoner"):
            return _deepseek_problem(dialect, body)
        return _local_response_format_problem(body)


def _task_of_version(version: str) -> str | None:
    """ "back-translate-v2" -> "back_translate": the task a prompt version names, when it names one."""
    task = re.sub(r"-v\d+$", "", version).replace("-", "_")
    return task if task in TRANSLATION_TASKS or task == "draft" else None


def _mutate_segments(reply: dict[str, Any], kind: str) -> dict[str, Any]:
    segments = reply.get("segments")
    if kind in ("rename_segments", "swap_segments"):
        return {**reply, "segments": _renamed_or_swapped(segments, kind)}
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


def _renamed_or_swapped(segments: Any, kind: str) -> Any:
    """Every id renamed to its number ("s2" -> "2"; "2" -> "#2"), or the first two texts exchanged."""
    if isinstance(segments, dict):
        items = list(segments.items())
        if kind == "rename_segments":
            return {_renamed(key): text for key, text in items}
        if len(items) >= 2:
            (first, one), (second, two), *rest = items
            return {first: two, second: one, **dict(rest)}
        return segments
    if not isinstance(segments, list) or not all(isinstance(item, dict) and "id" in item for item in segments):
        return segments
    if kind == "rename_segments":
        return [{**item, "id": _renamed(str(item["id"]))} for item in segments]
    if len(segments) >= 2:
        first, second, *rest = segments
        return [{**first, "text": second.get("text")}, {**second, "text": first.get("text")}, *rest]
    return segments


def _renamed(key: str) -> str:
    digits = re.sub(r"\D", "", key)
    return digits if digits and digits != key else f"#{key}"


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


# Dialects: what each endpoint refuses, and how it dresses its answer.


@dataclass
class _Answer:
    """A 200 reply before it is wrapped in the dialect's completion object."""

    content: str
    finish_reason: str
    reasoning: str | None = None  # DeepSeek's message.reasoning_content
    reasoning_tokens: int = 0  # included in usage.completion_tokens


@dataclass(frozen=True)
class _Problem:
    """A request the endpoint refuses: the error body's fields (``code``: the status's usual one by default)."""

    status: int
    message: str
    param: str | None = None
    code: Any = _DEFAULT_CODE
    kind: str | None = None


def _json_value(value: Any) -> str:
    """A sent value as the hosted API quotes it in messages: numbers as Python prints them, strings quoted."""
    if isinstance(value, str):
        return repr(value)
    return json.dumps(value) if isinstance(value, bool) or value is None else str(value)


def _mentions_json(body: Any) -> bool:
    return any("json" in _text_of(message.get("content")).lower() for message in _messages(body))


def _reasons_silently(dialect: str, model: str) -> bool:
    """OpenAI's reasoning models: openai-reasoning, or azure serving a gpt-5 / o-series model."""
    return dialect == "openai-reasoning" or (dialect == "azure" and re.match(r"(gpt-5|o\d)", model) is not None)


def _dress(dialect: str, content: str, payload: Any, task: str | None) -> str:
    """The protocol JSON as the dialect's model writes it."""
    if dialect in ("vllm-think", "ollama-think"):
        return f"<think>\n{thinking_about(payload, task)}\n</think>\n\n{content}"
    if dialect == "ignores-response-format":
        return f"{preamble_for(task)}\n\n```json\n{content}\n```"
    return content


def _spend_reasoning_budget(answer: _Answer, body: Any) -> None:
    """Hidden reasoning: a fixed multiple of the answer's tokens, all of it counted against max_completion_tokens."""
    effort = body.get("reasoning_effort") if isinstance(body, dict) else None
    multiplier = REASONING_MULTIPLIERS.get(effort if isinstance(effort, str) else DEFAULT_REASONING_EFFORT, 4)
    answer.reasoning_tokens = multiplier * _count_tokens(answer.content)
    limit = body.get("max_completion_tokens") if isinstance(body, dict) else None
    if not isinstance(limit, int) or isinstance(limit, bool) or limit < 0:
        return
    if answer.reasoning_tokens >= limit:
        # The reasoning used the whole budget: nothing is left for the answer.
        answer.reasoning_tokens, answer.content, answer.finish_reason = limit, "", "length"
    elif answer.reasoning_tokens + _count_tokens(answer.content) > limit:
        room = (limit - answer.reasoning_tokens) * 4
        answer.content = answer.content.encode("utf-8")[:room].decode("utf-8", errors="ignore")
        answer.finish_reason = "length"


def _azure_filter_results() -> dict[str, Any]:
    return {name: {"filtered": False, "severity": "safe"} for name in ("hate", "self_harm", "sexual", "violence")}


def _reasoning_parameter_problem(body: dict[str, Any]) -> _Problem | None:
    """The hosted API's 400s for sampling parameters a reasoning model does not take (checked in this order)."""
    if body.get("max_tokens") is not None:
        return _Problem(
            400,
            "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' "
            "instead.",
            "max_tokens",
            "unsupported_parameter",
        )
    for name in ("temperature", "top_p"):
        value = body.get(name)
        if value is not None and value != 1:
            return _Problem(
                400,
                f"Unsupported value: '{name}' does not support {_json_value(value)} with this model. "
                "Only the default (1) value is supported.",
                name,
                "unsupported_value",
            )
    # Assumed by analogy with the two above: penalties and logprobs are refused as parameters.
    for name in ("presence_penalty", "frequency_penalty", "logprobs", "top_logprobs"):
        if body.get(name) not in (None, 0, False):
            return _Problem(
                400, f"Unsupported parameter: '{name}' is not supported with this model.", name, "unsupported_parameter"
            )
    effort = body.get("reasoning_effort")
    if effort is not None and effort not in REASONING_EFFORTS:
        supported = ", ".join(f"'{value}'" for value in REASONING_EFFORTS[:-1]) + f", and '{REASONING_EFFORTS[-1]}'"
        return _Problem(
            400,
            f"Unsupported value: 'reasoning_effort' does not support {_json_value(effort)} with this model. "
            f"Supported values are: {supported}.",
            "reasoning_effort",
            "unsupported_value",
        )
    return None


def _openai_parameter_problem(body: dict[str, Any]) -> _Problem | None:
    """A non-reasoning OpenAI model: temperature in 0..2, and no reasoning_effort."""
    temperature = body.get("temperature")
    if isinstance(temperature, (int, float)) and not isinstance(temperature, bool):
        if temperature > 2:
            return _Problem(
                400,
                "Invalid 'temperature': decimal above maximum value. Expected a value <= 2, but got "
                f"{_json_value(temperature)} instead.",
                "temperature",
                "decimal_above_max_value",
            )
        if temperature < 0:
            return _Problem(
                400,
                "Invalid 'temperature': decimal below minimum value. Expected a value >= 0, but got "
                f"{_json_value(temperature)} instead.",
                "temperature",
                "decimal_below_min_value",
            )
    if body.get("reasoning_effort") is not None:
        # Assumed wording, by analogy with max_tokens on reasoning models.
        return _Problem(
            400,
            "Unsupported parameter: 'reasoning_effort' is not supported with this model.",
            "reasoning_effort",
            "unsupported_parameter",
        )
    return None


_SCHEMA_NAME = re.compile(r"[a-zA-Z0-9_-]+")


def _openai_response_format_problem(body: dict[str, Any]) -> _Problem | None:
    """response_format as the hosted API checks it: JSON mode's "json" rule, Structured Outputs' strict rules."""
    response_format = body.get("response_format")
    if response_format is None:
        return None
    kind = response_format.get("type") if isinstance(response_format, dict) else None
    if kind not in ("text", "json_object", "json_schema"):
        return _Problem(
            400,
            f"Invalid value: {_json_value(kind)}. Supported values are: 'text', 'json_object', and 'json_schema'.",
            "response_format.type",
            "invalid_value",
        )
    if kind == "json_object" and not _mentions_json(body):
        return _Problem(
            400,
            "'messages' must contain the word 'json' in some form, to use 'response_format' of type 'json_object'.",
            "messages",
            None,
        )
    if kind != "json_schema":
        return None
    spec = response_format.get("json_schema")
    if not isinstance(spec, dict):
        return _Problem(
            400,
            "Missing required parameter: 'response_format.json_schema'.",
            "response_format.json_schema",
            "missing_required_parameter",
        )
    name = spec.get("name")
    if not isinstance(name, str):
        return _Problem(
            400,
            "Missing required parameter: 'response_format.json_schema.name'.",
            "response_format.json_schema.name",
            "missing_required_parameter",
        )
    if len(name) > 64:
        return _Problem(
            400,
            "Invalid 'response_format.json_schema.name': string too long. Expected a string with "
            f"maximum length 64, but got a string with length {len(name)} instead.",
            "response_format.json_schema.name",
            "string_above_max_length",
        )
    if not _SCHEMA_NAME.fullmatch(name):
        return _Problem(
            400,
            "Invalid 'response_format.json_schema.name': string does not match pattern. Expected a "
            "string that matches the pattern '^[a-zA-Z0-9_-]+$'.",
            "response_format.json_schema.name",
            "invalid_value",
        )
    if spec.get("strict") is not True:
        return None  # without strict the schema is only a hint, and any schema is accepted
    problem = _strict_schema_problem(spec.get("schema"))
    if problem is None:
        return None
    return _Problem(400, f"Invalid schema for response_format '{name}': {problem}", "response_format", None)


def _strict_schema_problem(schema: Any) -> str | None:
    """The first rule of Structured Outputs' strict mode that ``schema`` breaks, worded as the API words it."""
    root_type = schema.get("type") if isinstance(schema, dict) else None
    if root_type != "object":
        return f"schema must be a JSON Schema of 'type: \"object\"', got 'type: \"{root_type}\"'."
    return _strict_node_problem(schema, ())


def _strict_node_problem(node: Any, context: tuple[Any, ...]) -> str | None:
    if not isinstance(node, dict):
        return None
    types = node.get("type")
    types = types if isinstance(types, list) else [types]
    if "object" in types or "properties" in node:
        if node.get("additionalProperties") is not False:
            return f"In context={context!r}, 'additionalProperties' is required to be supplied and to be false."
        properties = node.get("properties") if isinstance(node.get("properties"), dict) else {}
        required = node.get("required") if isinstance(node.get("required"), list) else []
        rule = "'required' is required to be supplied and to be an array including every key in properties."
        for key in properties:
            if key not in required:
                return f"In context={context!r}, {rule} Missing '{key}'."
        for key in required:
            if key not in properties:
                return f"In context={context!r}, {rule} Extra required key '{key}' supplied."
        for key, child in properties.items():
            problem = _strict_node_problem(child, (*context, "properties", key))
            if problem:
                return problem
    if "array" in types:
        if "items" not in node:
            return f"In context={context!r}, array schema missing items."
        problem = _strict_node_problem(node["items"], (*context, "items"))
        if problem:
            return problem
    for keyword in ("anyOf",):
        for index, child in enumerate(node.get(keyword) or []):
            problem = _strict_node_problem(child, (*context, keyword, str(index)))
            if problem:
                return problem
    for keyword in ("$defs", "definitions"):
        definitions = node.get(keyword)
        for key, child in definitions.items() if isinstance(definitions, dict) else []:
            problem = _strict_node_problem(child, (*context, keyword, key))
            if problem:
                return problem
    return None


def _deepseek_problem(dialect: str, body: dict[str, Any]) -> _Problem | None:
    """api.deepseek.com's 400s; its errors carry code "invalid_request_error" and no param."""
    if dialect == "deepseek-reasoner":
        for name in ("logprobs", "top_logprobs"):
            if body.get(name) is not None:
                # Documented to fail; the wording is assumed (DeepSeek does not publish it).
                return _Problem(
                    400, f"deepseek-reasoner does not support the parameter '{name}'.", None, "invalid_request_error"
                )
    response_format = body.get("response_format")
    if response_format is None:
        return None
    kind = response_format.get("type") if isinstance(response_format, dict) else None
    if kind not in ("text", "json_object"):
        return _Problem(400, "This response_format type is unavailable now", None, "invalid_request_error")
    if kind == "json_object" and not _mentions_json(body):
        return _Problem(
            400,
            "Prompt must contain the word 'json' in some form to use 'response_format' of type 'json_object'.",
            None,
            "invalid_request_error",
        )
    return None


def _local_response_format_problem(body: dict[str, Any]) -> _Problem | None:
    """vLLM, Ollama and llama.cpp take text, json_object and json_schema (of any shape); nothing else."""
    response_format = body.get("response_format")
    if response_format is None:
        return None
    kind = response_format.get("type") if isinstance(response_format, dict) else None
    if kind not in ("text", "json_object", "json_schema"):
        # Assumed wording: each server words its validation error differently.
        return _Problem(
            400,
            f"response_format.type must be 'text', 'json_object' or 'json_schema', not {_json_value(kind)}.",
            "response_format",
        )
    return None


def _error_shape(dialect: str) -> str:
    """How the dialect's server lays out an error body."""
    return {"vllm-think": "vllm", "llamacpp": "llamacpp"}.get(dialect, "openai")


def _error_body(
    shape: str,
    status: int,
    message: str,
    *,
    param: str | None = None,
    code: Any = _DEFAULT_CODE,
    kind: str | None = None,
) -> dict[str, Any]:
    default_kind, default_code, _ = _error_details(status)
    code = default_code if code is _DEFAULT_CODE else code
    if shape == "vllm":
        # vLLM: no "error" wrapper, the exception class as the type, the status as the code.
        try:
            phrase = HTTPStatus(status).phrase.replace(" ", "").replace("-", "")
        except ValueError:
            phrase = "Error"
        vllm_kind = {400: "BadRequestError", 404: "NotFoundError", 500: "InternalServerError"}.get(status, phrase)
        return {"object": "error", "message": message, "type": kind or vllm_kind, "param": param, "code": status}
    if shape == "llamacpp":
        llama_kind = {
            401: "authentication_error",
            404: "not_found_error",
            501: "not_supported_error",
            503: "unavailable_error",
        }.get(status, "server_error" if status >= 500 else "invalid_request_error")
        return {"error": {"code": status, "message": message, "type": kind or llama_kind}}
    if shape == "azure":
        # Azure's own gateway errors (auth, api-version, unknown routes): only a code and a message.
        return {"error": {"code": str(status) if code is None else code, "message": message}}
    return {"error": {"message": message, "type": kind or default_kind, "param": param, "code": code}}


_AZURE_DEPLOYMENT_CHAT = re.compile(r"/openai/deployments/[^/]+/chat/completions")
_AZURE_API_VERSION = re.compile(r"\d{4}-\d{2}-\d{2}(-preview)?")


def _route_of(dialect: str, path: str) -> tuple[str, str | None] | None:
    """("chat", None), ("models", None) or ("model", id) for a path the dialect serves; None for any other path."""
    if dialect == "azure":
        chat_paths: tuple[str, ...] = ("/openai/v1/chat/completions",)
        model_prefixes: tuple[str, ...] = ("/openai/v1/models", "/openai/models")
        if _AZURE_DEPLOYMENT_CHAT.fullmatch(path):
            return ("chat", None)
    elif dialect in ("deepseek-chat", "deepseek-reasoner", "llamacpp"):
        # These also answer without the /v1 prefix.
        chat_paths, model_prefixes = ("/v1/chat/completions", "/chat/completions"), ("/v1/models", "/models")
    else:
        chat_paths, model_prefixes = ("/v1/chat/completions",), ("/v1/models",)
    if path in chat_paths:
        return ("chat", None)
    for prefix in model_prefixes:
        if path == prefix:
            return ("models", None)
        if path.startswith(prefix + "/"):
            return ("model", path[len(prefix) + 1 :])
    return None


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
        dialect = recorded.dialect
        shape = _error_shape(dialect)
        path = urlsplit(self.path).path.rstrip("/")
        route = _route_of(dialect, path)
        if route is None:
            fake._pause(fake.latency)
            if dialect == "azure":
                self._send_error(404, "Resource not found", shape="azure", code="404")
            else:
                self._send_error(404, f"Invalid URL ({recorded.method} {self.path})", code=None, shape=shape)
            return
        kind, model_id = route
        allowed = "POST" if kind == "chat" else "GET"

        if not self._authorised(dialect):
            fake._pause(fake.latency)
            if dialect == "azure":
                self._send_error(
                    401,
                    "Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a "
                    "valid key for an active subscription and use a correct regional API endpoint for your resource.",
                    shape="azure",
                    code="401",
                )
            else:
                self._send_error(
                    401,
                    "You didn't provide an API key. Provide it in the Authorization header (Bearer auth).",
                    code=None,
                    shape=shape,
                )
            return
        if recorded.method != allowed:
            fake._pause(fake.latency)
            self._send_error(
                405, f"Method {recorded.method} is not allowed on {path}.", headers=[("Allow", allowed)], shape=shape
            )
            return
        if dialect == "azure" and not path.startswith("/openai/v1/"):
            # The dated routes need ?api-version=; the /openai/v1/ routes do not.
            version = recorded.query.get("api-version")
            if not version:
                fake._pause(fake.latency)
                self._send_error(400, "Missing required query parameter: api-version", shape="azure", code="BadRequest")
                return
            if not _AZURE_API_VERSION.fullmatch(version):
                fake._pause(fake.latency)
                # Assumed wording for a malformed version.
                self._send_error(400, "API version not supported", shape="azure", code="BadRequest")
                return

        if kind == "chat":
            self._chat(fake, recorded)
            return
        fake._pause(fake.latency)
        models = fake._models(dialect)
        if kind == "models":
            self._send_json(200, {"object": "list", "data": models})
            return
        found = [model for model in models if model["id"] == model_id]
        if found:
            self._send_json(200, found[0])
        else:
            self._send_error(404, f"The model '{model_id}' does not exist.", param="model", shape=shape)

    def _authorised(self, dialect: str) -> bool:
        if dialect in ("vllm-think", "ollama-think", "llamacpp"):
            return True  # local servers started without --api-key take any request
        authorization = self.headers.get("Authorization", "")
        if authorization.startswith("Bearer ") and authorization[len("Bearer ") :].strip():
            return True
        return dialect == "azure" and bool(self.headers.get("api-key", "").strip())

    def _chat(self, fake: FakeLLMServer, recorded: RecordedRequest) -> None:
        dialect = recorded.dialect
        shape = _error_shape(dialect)
        problem = _chat_request_problem(recorded.body)
        if problem is not None:
            fake._pause(fake.latency)
            message, param = problem
            self._send_error(
                400, message, param=param, code="unsupported_value" if param == "stream" else None, shape=shape
            )
            return
        refusal = fake._dialect_problem(dialect, recorded.body)
        if refusal is not None:
            fake._pause(fake.latency)
            self._send_error(
                refusal.status, refusal.message, param=refusal.param, code=refusal.code, kind=refusal.kind, shape=shape
            )
            return

        # Chosen on arrival, before any sleeping, so concurrent requests
        # consume scripts in the order they reached the server.
        step = fake._next_step(recorded.task)
        # Only delay, hang and a late truncated step have seconds.
        fake._pause(fake.latency + step.seconds)

        if step.kind == "disconnect":
            self.close_connection = True
            return
        if step.kind == "cut_off":
            answer = fake._compose(Step.ok(), recorded)
            self._send_part(fake._completion(dialect, recorded.body, answer))
            return
        if step.kind == "status":
            assert step.status_code is not None
            extra = [("Retry-After", _format_seconds(step.retry_after))] if step.retry_after is not None else []
            self._send_error(
                step.status_code,
                step.message or _error_details(step.status_code)[2],
                param=step.error_param,
                code=step.error_code,
                kind=step.error_type,
                headers=extra,
                shape=shape,
            )
            return
        answer = fake._compose(step, recorded)
        self._send_json(200, fake._completion(dialect, recorded.body, answer))

    def _send_error(
        self,
        status: int,
        message: str,
        *,
        param: str | None = None,
        code: Any = _DEFAULT_CODE,
        kind: str | None = None,
        headers: list[tuple[str, str]] | None = None,
        shape: str = "openai",
    ) -> None:
        body = _error_body(shape, status, message, param=param, code=code, kind=kind)
        self._send_json(status, body, headers=headers)

    def _send_part(self, payload: Any) -> None:
        """A 200 that promises the whole body, sends half of it and closes the connection (Step.cut_off)."""
        data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        self.close_connection = True
        try:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data[: len(data) // 2])
            self.wfile.flush()
            # Not a clean close: the client must see the body end short of its Content-Length.
            self.connection.shutdown(socket.SHUT_RDWR)
        except (ConnectionError, TimeoutError, OSError):
            pass

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
    parser.add_argument("--model", default=None, help="model name reported in replies (default: the dialect's)")
    parser.add_argument("--dialect", default="plain", choices=DIALECTS, help="endpoint to mimic (default: %(default)s)")
    parser.add_argument("--tico-path", type=Path, default=None, help="TICO-19 dev TSV to translate from")
    parser.add_argument(
        "--truncate-above-segments",
        type=int,
        default=None,
        help="answer translation batches larger than this with finish_reason=length",
    )
    parser.add_argument(
        "--quality",
        action="append",
        default=[],
        metavar="MODEL=QUALITY",
        help=f"answer requests for MODEL as a model of QUALITY ({', '.join(QUALITIES)}); repeatable",
    )
    args = parser.parse_args(argv)
    qualities = {}
    for item in args.quality:
        name, _, quality = item.partition("=")
        if not name or quality not in QUALITIES:
            parser.error(f"--quality {item!r}: expected MODEL=QUALITY with QUALITY one of {', '.join(QUALITIES)}")
        qualities[name] = quality

    server = FakeLLMServer(
        model=args.model,
        latency=args.latency,
        tico_path=args.tico_path,
        host=args.host,
        port=args.port,
        dialect=args.dialect,
        qualities=qualities,
    )
    server.truncate_above_segments = args.truncate_above_segments
    stop = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stop.set())
    with server:
        # The bare URL alone on the first line, so scripts can `read` it.
        print(server.azure_endpoint if server.dialect == "azure" else server.base_url, flush=True)
        print(
            f"fake LLM serving model {server.model!r} in dialect {server.dialect!r}; Ctrl-C to stop",
            file=sys.stderr,
            flush=True,
        )
        while not stop.wait(0.5):
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
