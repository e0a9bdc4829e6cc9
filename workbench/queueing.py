"""Sending Celery messages from the web, and telling whether the job queue can take one.

The database is the truth about work to do (a queued batch, a pending webhook
delivery, a queued evaluation run); a Celery message only says "look at row N
now". Hence, one home each:

- `send_on_commit`: every message is sent after the commit that wrote its row.
  If the broker (Redis) cannot be reached then, the committed request still
  succeeds: the failure is logged and the row waits for the recovery sweeper
  (translations/recovery.py), which re-sends the queued work it finds in the
  database. An unreachable broker never turns a saved edit or a publication
  into an error page, and costs the request at most one short timeout.
- `require_queue`: a person asking for new work (translate, draft, retry, an
  evaluation) is refused at once, before anything is created, with a message
  saying why, rather than given a job that sits queued until Redis is back.
- `RedisTransport`: the broker's transport, kombu's own but for one fix that
  keeps a worker alive (reconnecting) when Redis goes away while it holds
  unacknowledged messages, which it always does mid-task (acks_late).

Low in the layers on purpose: review (webhooks) and translations (jobs,
evaluations, edits) both send through here, so this module imports neither.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext_lazy
from kombu.transport import redis as kombu_redis
from kombu.transport import virtual as kombu_virtual

log = logging.getLogger(__name__)

QUEUE_DOWN_MESSAGE = gettext_lazy(
    "The job queue cannot be reached just now, so nothing was queued. Try again in a minute or two; "
    "everything else in the workbench keeps working."
)

# After a send failed slowly (a frozen Redis, or one cut off without closing the connection, holds
# each publish for the broker's socket timeout), the sends within the next few seconds are not
# tried: each would wait out the same timeout, and the sweeper re-sends their work either way. A
# refused connection fails in moments and pauses nothing. Short, so a broker that is back is used
# again almost at once.
SLOW_FAILURE_S = 1.0
PAUSE_AFTER_SLOW_FAILURE_S = 2.0

_paused_until = 0.0  # time.monotonic(); a float assignment, atomic under the GIL


class QueueUnavailable(Exception):
    """The job queue (Celery's broker) cannot be reached; the work was refused before anything was created."""

    # What the API tells a client in Retry-After: a Redis restart takes seconds, a failover a little longer.
    retry_after_s = 30

    def __init__(self) -> None:
        super().__init__(str(QUEUE_DOWN_MESSAGE))


def broker_errors() -> tuple[type[BaseException], ...]:
    """What a publish raises when the broker cannot be reached (and nothing else: a bug still surfaces)."""
    import redis
    from kombu.exceptions import OperationalError

    return (OperationalError, redis.exceptions.ConnectionError, redis.exceptions.TimeoutError, ConnectionError)


def queue_reachable() -> bool:
    """Whether the broker answers within settings.QUEUE_CHECK_TIMEOUT_S: one connection and one round trip.

    A fresh connection, not one from the publish pool: a pooled connection can
    be a dead one from before a restart, and its first use would answer for
    that connection rather than for the broker.
    """
    from celery import current_app

    timeout = settings.QUEUE_CHECK_TIMEOUT_S
    options = {"socket_connect_timeout": timeout, "socket_timeout": timeout, "max_connections": 1}
    try:
        with current_app.connection_for_write(transport_options=options) as connection:
            connection.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=timeout)
            connection.default_channel  # noqa: B018 - opening the channel is the round trip (Redis: a PING)
    except broker_errors() as exc:
        log.warning("job queue unreachable: %s: %s", type(exc).__name__, exc)
        return False
    return True


def require_queue() -> None:
    """Refuse new work while the job queue cannot be reached (call before creating anything)."""
    if not queue_reachable():
        raise QueueUnavailable


def send_now(send: Callable[[], object], *, what: str) -> bool:
    """Send one message; False (logged, not raised) when the broker cannot be reached.

    `what` names the row whose work waits for the recovery sweeper, for whoever reads the log.
    """
    global _paused_until
    if time.monotonic() < _paused_until:
        log.warning("not sent (the job queue timed out moments ago): %s; the recovery sweeper re-sends it", what)
        return False
    started = time.monotonic()
    try:
        send()
    except broker_errors() as exc:
        if time.monotonic() - started > SLOW_FAILURE_S:
            _paused_until = time.monotonic() + PAUSE_AFTER_SLOW_FAILURE_S
        log.warning(
            "not sent (job queue unreachable: %s: %s): %s; the recovery sweeper re-sends it",
            type(exc).__name__,
            exc,
            what,
        )
        return False
    return True


def send_on_commit(send: Callable[[], object], *, what: str) -> None:
    """Send a message once the current transaction commits (at once outside one); see the module docstring.

    robust: anything else the send raises is logged by Django rather than
    raised into a request whose transaction already committed.
    """

    # A function, not a functools.partial: Django names a robust callback that raised by its
    # __qualname__, which a partial lacks (the log line itself would then raise).
    def send_after_commit() -> None:
        send_now(send, what=what)

    transaction.on_commit(send_after_commit, robust=True)


# --- The broker's transport: kombu's Redis transport, kept alive when Redis goes away ------------------
class _RedisQoS(kombu_redis.QoS):
    def restore_unacked(self, client=None):
        # kombu 5.7 / Celery 5.7: when the connection to Redis breaks, the worker's consumer drops
        # the connection's parameters (Connection.collect) before it closes the channel, and the
        # channel's close then puts its unacknowledged messages back through a new client built
        # from those parameters: an AttributeError that stops the worker ("Unrecoverable error")
        # instead of reconnecting. Nothing can be put back through a connection that is gone
        # anyway: the messages stay in Redis's unacked index, which redelivers them after the
        # visibility timeout, or they died with Redis, and the recovery sweep re-sends their work.
        if client is None and self.channel.connection.client is None:
            log.warning(
                "%d unacknowledged message(s) left to the broker's redelivery and the recovery sweep: "
                "the connection to Redis is gone",
                len(self._delivered),
            )
            self._delivered.clear()
            return None
        return super().restore_unacked(client)

    # The same connection gone, seen from the other side: a task that finishes (or is rejected) after
    # its worker reconnected acknowledges its message through the channel it came on, which is
    # detached from the dead connection; kombu then builds a client from parameters that are gone and
    # the AttributeError stops the worker (the soak saw it twice in 30 minutes). A message of a dead
    # connection cannot be acknowledged: it stays in Redis's unacked index, and its redelivery after
    # the visibility timeout finds its row already claimed and finished (every task claims its row).
    def _detached(self) -> bool:
        connection = getattr(self.channel, "connection", None)
        return connection is None or connection.client is None

    def ack(self, delivery_tag):
        if self._detached():
            log.warning("message %s came on a connection to Redis that is gone: left to its redelivery", delivery_tag)
            return kombu_virtual.QoS.ack(self, delivery_tag)
        return super().ack(delivery_tag)

    def reject(self, delivery_tag, requeue=False):
        if self._detached():
            log.warning("message %s came on a connection to Redis that is gone: left to its redelivery", delivery_tag)
            return kombu_virtual.QoS.ack(self, delivery_tag)
        return super().reject(delivery_tag, requeue=requeue)


class _RedisChannel(kombu_redis.Channel):
    QoS = _RedisQoS


class RedisTransport(kombu_redis.Transport):
    """kombu's Redis transport (settings.CELERY_BROKER_TRANSPORT for redis:// brokers); see _RedisQoS."""

    Channel = _RedisChannel
