"""Full-text retrieval over the passages of trusted sources, one interface for both databases.

SQLite (the embedded default) searches an FTS5 table ranked by bm25();
PostgreSQL a GIN-indexed tsvector ranked by ts_rank_cd (workbench migration
0012 makes both). Both read Passage.indexed_text, which index_terms makes the
same way for every language: NFKC, lower case, Chinese segmented into words by
jieba (neither database can find word boundaries in Chinese), every other
script split into words of letters, digits and combining marks (Tamil vowel
signs are marks: splitting at them would cut every Tamil word to pieces).

A query is the same terms OR-ed together, each one quoted: a patient's brief
is many words, so no word is required and passages are ranked by how well
they match. Nothing a person types is ever read as search syntax.

What is searched: passages of the current version of ACTIVE sources whose
review-by date has not passed; a source made from a publication only while
that publication is live (a withdrawn or superseded one is never retrieved).
"""

from __future__ import annotations

import logging
import re
import threading
import unicodedata
from dataclasses import dataclass

from django.db import connection
from django.utils import timezone

MAX_LIMIT = 50
# The words of a query that are searched, in order. PostgreSQL's ts_rank_cd costs (time and memory)
# grow with the square of the query's terms: 2,000 distinct words (2,000 Chinese characters from the
# editor's suggestions) took 40 seconds over 200 passages, and 18,000 (a long brief field) fail with
# "invalid memory alloc". A brief's field or a sentence being written says what it is about in far fewer.
MAX_QUERY_TERMS = 64

# Han ideographs (CJK unified, extension A, compatibility): the runs jieba segments.
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_HAN_RUN = re.compile(f"[{_HAN}]+")
# A word elsewhere: letters and digits ([^\W_]) and the combining marks Python's \w leaves out
# (Latin diacritics, the vowel signs and viramas of the Indic scripts, Tamil included).
_PIECE = re.compile(f"[{_HAN}]+|(?:[^\\W_{_HAN}]|[\u0300-\u036f\u0900-\u0dff])+")

# Words too common to say anything about a passage. They stay in the index (a
# passage is indexed whole) but are left out of queries: PostgreSQL's ranking
# has no inverse document frequency, so "the" or "的" would rank as much as
# "dengue". Kept short on purpose: only function words, never a health term.
_QUERY_STOPWORDS = frozenset(
    """
    a an the and or of to in on at for with by is are was be been it its this that these those i my me we our
    you your he she they them his her do does did can could should would will what when where which who how
    why if not no so as from about any some there have has had am
    yang dan di ke dari untuk dengan ini itu atau ada adalah pada saya kami kita anda dia mereka apa bila
    bagaimana kenapa mengapa boleh perlu akan juga tidak sudah masih lagi jika kalau
    的 了 是 我 你 他 她 它 我们 你们 他们 吗 呢 吧 啊 和 与 或 在 有 也 都 就 要 会 能 可以 怎么 怎么办
    怎样 什么 为什么 如何 这 那 这个 那个 一个 些 一些 及 以及 还 又 而 吧
    ஒரு மற்றும் இது அது என்ன எப்படி ஏன் நான் நீங்கள் என் எனது
    """.split()
)

_jieba_lock = threading.Lock()
_jieba_ready = False


def _jieba():
    """jieba, its dictionary loaded once per process (loading takes about a second)."""
    global _jieba_ready
    import jieba

    if not _jieba_ready:
        with _jieba_lock:
            if not _jieba_ready:
                # jieba announces every dictionary load at DEBUG on its own logger; keep logs quiet.
                jieba.setLogLevel(logging.WARNING)
                jieba.initialize()
                _jieba_ready = True
    return jieba


def _terms(text: str) -> list[str]:
    normalised = unicodedata.normalize("NFKC", text or "").lower()
    terms: list[str] = []
    for piece in _PIECE.findall(normalised):
        if _HAN_RUN.fullmatch(piece):
            terms.extend(word for word in _jieba().lcut_for_search(piece) if word.strip())
        else:
            terms.append(piece)
    return terms


def index_terms(text: str, language: str) -> str:
    """What the full-text index reads for `text`: its words, lower-cased, separated by single spaces.

    `language` does not change the rules (a Malay leaflet may quote an English
    drug name, a Tamil one a Chinese word); it is part of the interface so a
    language-specific rule can be added without changing every caller.
    """
    del language
    return " ".join(_terms(text))


def query_terms(query: str) -> list[str]:
    """The distinct words of a query that are worth searching for, in order."""
    seen: dict[str, None] = {}
    for term in _terms(query):
        if term not in _QUERY_STOPWORDS:
            seen.setdefault(term, None)
    return list(seen)


# Tamil joins case endings and particles to the word ("பள்ளி", school: "பள்ளிக்கு", "பள்ளிக்கோ"), and
# neither database stems Tamil. A Tamil query word is therefore searched whole and, as well, by its
# leading part as a prefix: a whole-word match counts twice, a match of the stem once.
_TAMIL = re.compile("[\u0b80-\u0bff]")
_STEM_SHARE = 0.6
_STEM_MIN = 4


def stem_prefixes(terms: list[str]) -> list[str]:
    """The prefixes a query searches besides its whole words (Tamil words only, see above)."""
    prefixes: dict[str, None] = {}
    for term in terms:
        if _TAMIL.match(term):
            length = max(_STEM_MIN, -(-len(term) * 6 // 10))
            if length < len(term):
                prefixes.setdefault(term[:length], None)
    return list(prefixes)


@dataclass(frozen=True)
class Hit:
    passage_id: int
    source_id: int
    source_version: int
    title: str
    score: float
    text: str
    language: str


def _fts5_query(terms: list[str], prefixes: list[str]) -> str:
    # Every term a quoted string ("" escapes a quote inside): FTS5 reads nothing in it as syntax;
    # the only operators are the ORs and prefix stars written here.
    quoted = ['"' + term.replace('"', '""') + '"' for term in terms]
    quoted += ['"' + prefix.replace('"', '""') + '"*' for prefix in prefixes]
    return " OR ".join(quoted)


def _tsquery(terms: list[str], prefixes: list[str]) -> str:
    # Every term a quoted lexeme ('' and \\ escaped): to_tsquery reads no operator inside quotes.
    def lexeme(term: str) -> str:
        return "'" + term.replace("\\", "\\\\").replace("'", "''") + "'"

    return " | ".join([lexeme(term) for term in terms] + [lexeme(prefix) + ":*" for prefix in prefixes])


_FILTERS = """
    s.state = 'active'
    AND (s.review_by IS NULL OR s.review_by >= %s)
    AND p.source_version = s.version
    AND (s.publication_id IS NULL OR EXISTS (
        SELECT 1 FROM review_publication pub WHERE pub.id = s.publication_id AND pub.state = 'live'
    ))
"""


def citable(passage_ids: set[int]) -> set[int]:
    """Those of `passage_ids` that may be shown as evidence for new words: the same rules as a search.

    One home for "a passage may be cited": the search uses _FILTERS, and an
    author attaching a citation by hand is held to it through this (a retired,
    unconfirmed, replaced or out-of-date source, or a leaflet whose publication
    is no longer live, is not evidence, whether a model or a person picks it).
    """
    if not passage_ids:
        return set()
    ids = sorted(passage_ids)
    placeholders = ", ".join(["%s"] * len(ids))
    sql = f"""
        SELECT p.id FROM workbench_passage p JOIN workbench_source s ON s.id = p.source_id
        WHERE p.id IN ({placeholders}) AND {_FILTERS}
    """
    today = timezone.localdate()
    with connection.cursor() as cursor:
        # SQLite keeps dates as ISO text, as the search passes them.
        cursor.execute(sql, [*ids, today.isoformat() if connection.vendor == "sqlite" else today])
        return {row[0] for row in cursor.fetchall()}


def _sqlite_sql(with_language: bool) -> str:
    return f"""
        SELECT p.id, p.source_id, p.source_version, s.title, -bm25(passage_fts) AS score, p.text, s.language_id
        FROM passage_fts
        JOIN workbench_passage p ON p.id = passage_fts.rowid
        JOIN workbench_source s ON s.id = p.source_id
        WHERE passage_fts MATCH %s AND {_FILTERS} {"AND s.language_id = %s" if with_language else ""}
        ORDER BY bm25(passage_fts), p.id
        LIMIT %s
    """


def _postgres_sql(with_language: bool) -> str:
    # The expression is the GIN index's (migration 0012), so the planner can use the index.
    return f"""
        SELECT p.id, p.source_id, p.source_version, s.title,
               ts_rank_cd(to_tsvector('simple'::regconfig, p.indexed_text), q.query, 1) AS score,
               p.text, s.language_id
        FROM workbench_passage p
        JOIN workbench_source s ON s.id = p.source_id
        CROSS JOIN (SELECT to_tsquery('simple'::regconfig, %s) AS query) q
        WHERE to_tsvector('simple'::regconfig, p.indexed_text) @@ q.query
          AND {_FILTERS} {"AND s.language_id = %s" if with_language else ""}
        ORDER BY score DESC, p.id
        LIMIT %s
    """


def search(query: str, *, language: str | None = None, limit: int = 5) -> list[Hit]:
    """The passages that best match `query`, best first; a higher score is better on both backends.

    One database query whatever is asked, for at most MAX_QUERY_TERMS of its words
    (the first ones); an empty or punctuation-only query asks none and finds nothing.
    """
    terms = query_terms(query)[:MAX_QUERY_TERMS]
    limit = max(0, min(int(limit), MAX_LIMIT))
    if not terms or limit == 0:
        return []
    prefixes = stem_prefixes(terms)
    today = timezone.localdate()
    if connection.vendor == "postgresql":
        sql = _postgres_sql(bool(language))
        params: list = [_tsquery(terms, prefixes), today]
    elif connection.vendor == "sqlite":
        sql = _sqlite_sql(bool(language))
        params = [_fts5_query(terms, prefixes), today.isoformat()]
    else:  # pragma: no cover - the workbench runs on these two only
        raise NotImplementedError(f"No passage search for {connection.vendor}")
    if language:
        params.append(language)
    params.append(limit)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return [
        Hit(
            passage_id=row[0],
            source_id=row[1],
            source_version=row[2],
            title=row[3],
            score=float(row[4]),
            text=row[5],
            language=row[6],
        )
        for row in rows
    ]
