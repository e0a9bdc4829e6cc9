"""Search the passages of trusted sources, best first."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from workbench import retrieval
from workbench.languages import CONTENT_LANGUAGES


class Command(BaseCommand):
    help = (
        "Print the passages that best match QUERY, best first (a higher score is better on both databases). "
        'With --json, one object per line: {"passage_id", "source_id", "title", "score", "text"}.'
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("query")
        parser.add_argument("--language", help="only passages in this language: en, zh, ms or ta")
        parser.add_argument("--limit", type=int, default=5, help=f"how many (1 to {retrieval.MAX_LIMIT}, default 5)")
        parser.add_argument("--json", action="store_true", help="one JSON object per line")

    def handle(self, *args, **options) -> None:
        language = options["language"]
        if language and language not in CONTENT_LANGUAGES:
            raise CommandError(f"Unknown language {language!r}; use one of {', '.join(CONTENT_LANGUAGES)}.")
        if not 1 <= options["limit"] <= retrieval.MAX_LIMIT:
            raise CommandError(f"--limit must be between 1 and {retrieval.MAX_LIMIT}.")
        hits = retrieval.search(options["query"], language=language, limit=options["limit"])
        for hit in hits:
            if options["json"]:
                record = {
                    "passage_id": hit.passage_id,
                    "source_id": hit.source_id,
                    "title": hit.title,
                    "score": hit.score,
                    "text": hit.text,
                }
                self.stdout.write(json.dumps(record, ensure_ascii=False))
            else:
                self.stdout.write(f"P{hit.passage_id}\t{hit.score:.4f}\t{hit.title}\n  {hit.text}")
