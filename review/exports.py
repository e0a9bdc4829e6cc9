"""CSV export of a leaflet's audit trail.

Streams, so a leaflet with a long history does not sit in memory. Cells that a
spreadsheet would run as a formula (=, +, -, @, tab, CR at the start) are
prefixed with an apostrophe: audit data contains reviewers' free text.
"""

from __future__ import annotations

import csv
import json

from django.http import StreamingHttpResponse
from django.utils import timezone

from review.models import AuditEvent

COLUMNS = ["seq", "created_at", "actor", "verb", "object_type", "object_id", "data", "prev_hash", "hash"]
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class _Echo:
    def write(self, value):
        return value


def _safe(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def audit_rows(leaflet):
    yield COLUMNS
    events = AuditEvent.objects.filter(leaflet=leaflet).order_by("seq")
    for event in events.iterator(chunk_size=1000):
        yield [
            event.seq,
            timezone.localtime(event.created_at).isoformat(timespec="seconds"),
            _safe(event.actor_name),
            _safe(event.verb),
            _safe(event.object_type),
            _safe(event.object_id),
            _safe(json.dumps(event.data, ensure_ascii=False, sort_keys=True)),
            event.prev_hash,
            event.hash,
        ]


def audit_csv_response(leaflet) -> StreamingHttpResponse:
    writer = csv.writer(_Echo())
    # A byte-order mark so that spreadsheet programs read the Chinese and Tamil in the data as UTF-8.
    stream = (writer.writerow(row) for row in audit_rows(leaflet))
    response = StreamingHttpResponse(_with_bom(stream), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="leaflet-{leaflet.pk}-audit.csv"'
    response["Cache-Control"] = "no-store"
    return response


def _with_bom(stream):
    yield "\ufeff"
    yield from stream
