"""The fake model server as an unreliable endpoint in its own process, for the soak (scripts/soak.py).

``python -m tests.support.fake_llm_cli`` serves tests.support.fake_llm's
``FakeLLMServer`` (correct answers from TICO-19) and spoils a seeded random
share of the replies the way real endpoints fail: error statuses (429 with
Retry-After, 500, 503), slow replies and replies slower than the provider's
timeout, dropped connections, malformed, truncated or wrong-id replies.

Between ``SIGUSR1`` and ``SIGUSR2`` the endpoint is down: every request is
answered with an error or a dropped connection (the soak's "model endpoint
fails in bursts"). ``--stats PATH`` keeps a JSON count of every behaviour
served there, rewritten as they happen, for the soak's summary.

tests/support/fake_llm.py has its own command line for a well-behaved server;
this one is separate so that the scripted server stays the tests' (helper D's)
and the randomness stays here.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import sys
import threading
from collections import Counter
from pathlib import Path

from tests.support.fake_llm import FakeLLMServer, Step


def _faults(hang_s: float) -> list[tuple[str, Step]]:
    """The ways a reply goes wrong, each equally likely once a reply is to go wrong."""
    faults = [
        ("429", Step.status(429, retry_after=1)),
        ("500", Step.status(500)),
        ("503", Step.status(503)),
        ("slow", Step.delay(1.5)),
        ("past_timeout", Step.hang(hang_s)),
        ("disconnect", Step.disconnect()),
        ("malformed", Step.malformed()),
        ("truncated", Step.truncated()),
        ("drop_segment", Step.drop_segment()),
    ]
    # Newer behaviours of the scripted server, where it has them.
    for name in ("cut_off", "rename_segments"):
        make = getattr(Step, name, None)
        if make is not None:
            faults.append((name, make()))
    return faults


class UnreliableServer(FakeLLMServer):
    """A FakeLLMServer whose unscripted answers go wrong at random, or all at once during an outage."""

    def __init__(self, *, seed: int, fault_share: float, hang_s: float, stats: Path | None, **kwargs) -> None:
        super().__init__(**kwargs)
        self._random = random.Random(seed)
        self._choice_lock = threading.Lock()
        self._fault_share = fault_share
        self._faults = _faults(hang_s)
        self._outage = [("outage_503", Step.status(503)), ("outage_disconnect", Step.disconnect())]
        self.down = threading.Event()
        self.served: Counter[str] = Counter()
        self._stats = stats

    def _next_step(self, task: str | None) -> Step:
        scripted = super()._next_step(task)
        with self._choice_lock:
            if self.down.is_set():
                name, step = self._random.choice(self._outage)
            elif scripted.kind == "ok" and self._random.random() < self._fault_share:
                name, step = self._random.choice(self._faults)
            else:
                name, step = "ok", scripted
            self.served[name] += 1
            self._write_stats()
            forget = sum(self.served.values()) % 2000 == 0
        if forget:
            # A long soak would otherwise keep every request it ever received in memory; nothing reads them.
            self.reset()
        return step

    def _write_stats(self) -> None:
        if self._stats is None:
            return
        tmp = self._stats.with_suffix(".tmp")
        tmp.write_text(json.dumps({"served": dict(self.served), "down": self.down.is_set()}))
        os.replace(tmp, self._stats)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.support.fake_llm_cli", description=__doc__.split("\n")[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port (default)")
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--fault-share", type=float, default=0.1, help="share of replies that go wrong (0..1)")
    parser.add_argument("--hang", type=float, default=8.0, help="seconds a reply 'past the timeout' takes")
    parser.add_argument("--latency", type=float, default=0.05, help="seconds before every answer")
    parser.add_argument("--model", default="soak-model-1")
    parser.add_argument("--stats", type=Path, default=None, help="JSON file counting what was served")
    args = parser.parse_args(argv)
    if not 0 <= args.fault_share <= 1:
        parser.error("--fault-share must be between 0 and 1")

    server = UnreliableServer(
        seed=args.seed,
        fault_share=args.fault_share,
        hang_s=args.hang,
        stats=args.stats,
        model=args.model,
        latency=args.latency,
        host=args.host,
        port=args.port,
    )
    stop = threading.Event()
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGUSR1, lambda *_: server.down.set())
    signal.signal(signal.SIGUSR2, lambda *_: server.down.clear())
    with server:
        print(server.base_url, flush=True)
        while not stop.wait(0.5):
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
