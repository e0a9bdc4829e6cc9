"""Measure passage retrieval: recall@5 and MRR per language, on SQLite FTS5 or PostgreSQL.

    cd /work/main && .venv/bin/python bench/retrieval_bench.py
    BENCH_DATABASE_URL=postgres://user@host:port/db .venv/bin/python bench/retrieval_bench.py

Loads the sources of bench/retrieval_corpus.py into a scratch database through
workbench.sources.source_add (the same splitting and indexing as in use), then
runs every query through workbench.retrieval.search and scores the passages
that answer it. SQLite: a temporary database file, deleted afterwards.
PostgreSQL: BENCH_DATABASE_URL names a server and a database to connect to
first; the bench creates a scratch database beside it and drops it at the end,
so nothing in the named database is touched.

recall@5: the share of queries with an answering passage among the first
five. MRR: the mean of 1/rank of the first answering passage (0 when none is
in the first 20). Queries run with the query's language as the filter (how the
editor and drafting ask) and, second, across all languages.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

K = 5
DEPTH = 20


def load_corpus(*, user, languages=None, topics=None) -> dict[tuple[str, str], int]:
    """Add the corpus's sources; (language, "topic#position") -> passage id."""
    from bench.retrieval_corpus import PUBLISHER, SOURCES
    from workbench.sources import source_add

    passages: dict[tuple[str, str], int] = {}
    for language, by_topic in SOURCES.items():
        if languages and language not in languages:
            continue
        for topic, (title, texts) in by_topic.items():
            if topics and topic not in topics:
                continue
            source = source_add(user=user, title=title, publisher=PUBLISHER, language=language, text="\n\n".join(texts))
            rows = list(source.passages.order_by("position").values_list("position", "id", "text"))
            if [text for _, _, text in rows] != texts:
                raise AssertionError(f"{language} {topic}: passages were split differently from the corpus")
            passages.update({(language, f"{topic}#{position}"): pk for position, pk, _ in rows})
    return passages


def evaluate(passages: dict[tuple[str, str], int], *, languages=None, topics=None, filtered: bool = True) -> dict:
    """Per language: queries, recall@5, MRR, and the queries whose answer was not in the first five."""
    from bench.retrieval_corpus import QUERIES
    from workbench.retrieval import search

    results = {}
    for language, queries in QUERIES.items():
        if languages and language not in languages:
            continue
        found = reciprocal = 0.0
        asked = 0
        missed = []
        for query, answers in queries:
            if topics and not all(answer.split("#")[0] in topics for answer in answers):
                continue
            asked += 1
            wanted = {passages[(language, answer)] for answer in answers}
            ranked = [hit.passage_id for hit in search(query, language=language if filtered else None, limit=DEPTH)]
            rank = next((i for i, pk in enumerate(ranked, start=1) if pk in wanted), None)
            if rank is not None and rank <= K:
                found += 1
            else:
                missed.append(query)
            reciprocal += 1 / rank if rank else 0
        results[language] = {
            "queries": asked,
            "recall@5": round(found / asked, 3) if asked else 0.0,
            "mrr": round(reciprocal / asked, 3) if asked else 0.0,
            "missed": missed,
        }
    return results


def _scratch_postgres(url: str) -> tuple[str, str]:
    """A new database on the server of `url`: (its URL, its name)."""
    import psycopg

    name = f"bench_retrieval_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}")), name


def _drop_postgres(url: str, name: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--show-missed", action="store_true", help="list the queries whose answer was not in the top 5")
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "workbench.settings")
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-secret-key-" + "x" * 32)
    os.environ.setdefault("AUDIT_KEY", "bench-only-audit-key-" + "y" * 32)
    server_url = os.environ.get("BENCH_DATABASE_URL", "")
    scratch_dir = None
    scratch_pg = None
    if server_url:
        database_url, scratch_pg = _scratch_postgres(server_url)
    else:
        scratch_dir = tempfile.TemporaryDirectory(prefix="retrieval-bench-")
        database_url = f"sqlite:///{Path(scratch_dir.name) / 'bench.sqlite3'}"
    os.environ["DATABASE_URL"] = database_url
    try:
        import django

        django.setup()
        from django.contrib.auth import get_user_model
        from django.core.management import call_command
        from django.db import connection

        call_command("migrate", verbosity=0)
        user = get_user_model().objects.create_superuser("bench", "bench@example.invalid", None)
        passages = load_corpus(user=user)
        backend = connection.vendor
        report = {
            "backend": backend,
            "passages": len(passages),
            "filtered": evaluate(passages, filtered=True),
            "all_languages": evaluate(passages, filtered=False),
        }
        connection.close()
    finally:
        if scratch_pg:
            _drop_postgres(server_url, scratch_pg)
        if scratch_dir:
            scratch_dir.cleanup()

    print(f"Retrieval benchmark on {report['backend']}: {report['passages']} passages")
    for mode, label in (("filtered", "language filter = query language"), ("all_languages", "no language filter")):
        print(f"\n{label}")
        print(f"{'lang':<6}{'queries':>8}{'recall@5':>10}{'MRR':>8}")
        for language, row in report[mode].items():
            print(f"{language:<6}{row['queries']:>8}{row['recall@5']:>10.3f}{row['mrr']:>8.3f}")
            if args.show_missed:
                for query in row["missed"]:
                    print(f"      missed: {query}")
    summary = {
        mode: {lang: {k: row[k] for k in ("queries", "recall@5", "mrr")} for lang, row in report[mode].items()}
        for mode in ("filtered", "all_languages")
    }
    print(json.dumps({"backend": report["backend"], **summary}, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
