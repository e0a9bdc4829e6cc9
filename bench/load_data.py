"""Bulk loader for bench/load.py: N leaflets x 4 languages of realistic review data on PostgreSQL.

Everything is written with COPY, in an order the database rules
(review/db_rules.py) accept, with those triggers on: they bump each text's
edit generation as its segments go in, record who wrote what, and check every
approval as it is inserted (current hash and generation, current revision, a
real reviewer of the language, no contribution by the reviewer, no open change
request, nothing untranslated, no job running). Nothing is switched off.

What the services would compute is computed here the same way:
- content hashes with `translations.text_versions.compute_content_hash`'s
  formula, checked against the function itself on a sample;
- edit generations read back from the database after the segments went in;
- audit events chained and sealed with `review.audit.event_hash` under the
  audit key, holding what the services record (an approval's event names its
  stage, hash, generation and text, so it counts in the gate), checked at the
  end by walking the whole chain with `review.audit.audit_verify`.
Publications go through `review.services.leaflet_publish` itself, so the
patient page's seal check and the gate are the real ones.

The mix (per leaflet, for its current revision): 30% published, 5% approved
and waiting, 33% in review (some stages approved), 12% with an open change
request, 15% with untranslated segments, 5% with a translation job running.
30% of leaflets have a second revision (one body segment changed); half of
those had their first revision published, which the second publication
supersedes or which stays live while revision 2 is reviewed. Texts carry QA
findings (errors on approved texts are overridden with a reason), comments,
human edits with their edit history, and translation jobs.
"""

from __future__ import annotations

import hashlib
import json
import random
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

LANGS = ["en", "zh", "ms", "ta"]
TARGETS = ["zh", "ms", "ta"]
STAGES = ["native", "clinical"]
BODY_KINDS = ["heading", "paragraph", "paragraph", "list_item", "list_item", "red_flag"]
MODEL = "gpt-4o-mini-2024-07-18"
PROMPT_VERSION = "translate-v3"
PROVIDER = "openai"
PASSWORD = "bench-load-password-2026"
STATE_WEIGHTS = [
    ("published", 0.30),
    ("ready", 0.05),
    ("in_review", 0.33),
    ("changes", 0.12),
    ("untranslated", 0.15),
    ("job", 0.05),
]
HISTORY_SHARE = 0.30  # leaflets with a second revision
OLD_PUBLISHED_SHARE = 0.5  # of those, the ones whose first revision was published
N_AUTHORS, N_PUBLISHERS = 5, 4
TICO = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "tico19" / "tico19-dev.tsv"

FINDING_TEMPLATES = {
    # check_id: (severity, message)
    "reading_level": ("info", "Reading level is above the plain-language target (grade 9 against 6)."),
    "length": ("warning", "The translation is 62% longer than the source; check nothing was added."),
    "punctuation": ("warning", "The sentence-final punctuation differs from the source."),
    "back_translation": ("warning", "The back-translation differs noticeably from the source (chrF 41)."),
    "numbers": ("error", "The number 14 in the source is missing from the translation."),
    "glossary": ("error", "The glossary term 'fever' should be translated with the approved term."),
    "placeholders": ("error", "A placeholder in the source is missing from the translation."),
    "source_safety": ("warning", "Medication dose given without 'as prescribed by your doctor'."),
}
HUMAN_EDIT_SUFFIX = {"zh": "（请遵医嘱）", "ms": " (ikut nasihat doktor)", "ta": " (மருத்துவர் ஆலோசனைப்படி)"}
TARGET_CHECKS = ["reading_level", "length", "punctuation", "back_translation"]
ERROR_CHECKS = ["numbers", "glossary", "placeholders"]
COMMENTS = [
    "Please use the everyday word for this symptom; patients will not know the clinical term.",
    "The dose sentence reads ambiguously; say 'every 6 hours' explicitly.",
    "Good, but the heading is too long for the mobile layout.",
    "Check the emergency number is written the way patients dial it.",
]


def say(message: str) -> None:
    print(f"[load] {message}", flush=True)


# --- Source text ----------------------------------------------------------------------------------
def text_rows() -> list[dict]:
    """TICO-19 sentences in the four languages (real health text); synthetic text if the file is absent."""
    rows = []
    if TICO.exists():
        with open(TICO, encoding="utf-8") as handle:
            header = handle.readline().rstrip("\n").split("\t")
            for line in handle:
                row = dict(zip(header, line.rstrip("\n").split("\t"), strict=False))
                if all(row.get(k, "").strip() for k in LANGS):
                    rows.append({k: row[k].strip() for k in LANGS})
    if len(rows) < 100:
        rows = [
            {
                "en": f"Drink water often and rest when you have a fever, advice {i}.",
                "zh": f"发烧时要多喝水并休息，建议 {i}。",
                "ms": f"Minum air dengan kerap dan berehat apabila demam, nasihat {i}.",
                "ta": f"காய்ச்சல் இருக்கும்போது அடிக்கடி தண்ணீர் குடித்து ஓய்வெடுக்கவும், ஆலோசனை {i}.",
            }
            for i in range(500)
        ]
    return rows


# --- COPY -------------------------------------------------------------------------------------------
class Ids:
    """Primary keys handed out here, so rows can reference each other before they are written."""

    def __init__(self):
        self.next: dict = {}

    def start(self, model) -> None:
        from django.db.models import Max

        self.next[model] = (model.objects.aggregate(m=Max("pk"))["m"] or 0) + 1

    def take(self, model) -> int:
        value = self.next[model]
        self.next[model] = value + 1
        return value


def copy_objects(model, objs) -> int:
    """COPY model instances (every concrete column, defaults included) into their table; triggers fire."""
    from django.db import connection

    if not objs:
        return 0
    fields = list(model._meta.concrete_fields)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    preps = [(f.attname, f.get_db_prep_save) for f in fields]
    with connection.cursor() as cursor:
        with cursor.cursor.copy(f"COPY {connection.ops.quote_name(model._meta.db_table)} ({columns}) FROM STDIN") as cp:
            for obj in objs:
                cp.write_row([prep(getattr(obj, attname), connection) for attname, prep in preps])
    return len(objs)


def reset_sequences(models) -> None:
    from django.core.management.color import no_style
    from django.db import connection

    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)


# --- Plan -------------------------------------------------------------------------------------------
@dataclass
class Seg:  # a source segment
    id: int
    key: uuid.UUID
    position: int
    kind: str
    row: int  # index into the text rows
    text: str
    hash: str


@dataclass
class Tgt:  # a target segment
    id: int
    key: uuid.UUID
    position: int
    source: Seg
    text: str
    origin: str
    updated_by: int | None
    model_draft: str = ""
    edited_from: str = ""  # the model's text before a human edit


@dataclass
class Text:
    id: int
    lang: str
    is_source: bool
    created_at: datetime
    segments: list[Tgt] = field(default_factory=list)
    content_hash: str = ""
    generation: int = 0
    state: str = ""
    updated_at: datetime | None = None
    job_ids: list[int] = field(default_factory=list)
    errors: list[int] = field(default_factory=list)  # finding ids of errors
    findings: list[tuple[int, str, str]] = field(default_factory=list)  # (id, check, segment key)
    editor: int | None = None  # reviewer who edited a segment

    @property
    def untranslated(self) -> bool:
        return any(not s.text for s in self.segments)


@dataclass
class Rev:
    id: int
    number: int
    created_by: int
    created_at: datetime
    segments: list[Seg]
    texts: dict[str, Text] = field(default_factory=dict)


@dataclass
class Plan:
    index: int
    id: int
    author: int
    state: str  # of the current revision
    history: bool  # has revision 2
    old_published: bool  # revision 1 was published
    created_at: datetime
    title: str = ""
    revisions: list[Rev] = field(default_factory=list)
    # language -> everyone who ever wrote a segment of it (the contributions the triggers record)
    contributors: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))


def content_hash(lang: str, segments: list[Tgt]) -> str:
    """translations.text_versions.compute_content_hash, over rows we already hold."""
    payload = [lang] + [[str(s.key), s.source.hash, s.text] for s in sorted(segments, key=lambda s: s.position)]
    return hashlib.sha256(json.dumps(payload, ensure_ascii=False).encode("utf-8")).hexdigest()


def revision_hash(segments: list[Seg]) -> str:
    """workbench.services._revision_hash."""
    digest = hashlib.sha256()
    for s in segments:
        digest.update(f"{s.key}\x1f{s.hash}\x1e".encode())
    return digest.hexdigest()


# --- The loader -------------------------------------------------------------------------------------
class Loader:
    def __init__(self, leaflets: int, *, seed: int = 11, chunk: int = 1000):
        from django.conf import settings

        from review.audit import audit_key_id

        self.n = leaflets
        self.rng = random.Random(seed)
        self.chunk = chunk
        self.rows = text_rows()
        self.title_rows = [i for i, r in enumerate(self.rows) if 12 <= len(r["en"]) <= 90] or list(
            range(len(self.rows))
        )
        self.ids = Ids()
        self.events: list[dict] = []  # audit events waiting to be chained and sealed
        self.key = settings.AUDIT_KEY.encode("utf-8")
        self.key_id = audit_key_id(self.key)
        self.counts: dict[str, int] = defaultdict(int)
        self.timings: list[tuple[str, float]] = []
        self.plans: list[Plan] = []
        self.users: dict[str, int] = {}
        self.usernames: dict[int, str] = {}

    # -- helpers
    def uuid(self) -> uuid.UUID:
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    def event(
        self,
        *,
        at: datetime,
        actor: int | None,
        verb: str,
        leaflet: int | None,
        object_type: str,
        object_id,
        data: dict,
    ) -> None:
        self.events.append(
            {
                "at": at,
                "actor": actor,
                "verb": verb,
                "leaflet": leaflet,
                "object_type": object_type,
                "object_id": str(object_id),
                "data": data,
            }
        )

    def timed(self, name: str, started: float) -> None:
        elapsed = time.monotonic() - started
        self.timings.append((name, elapsed))
        say(f"{name}: {elapsed:.1f} s")

    # -- users and roles
    def create_users(self) -> None:
        from django.contrib.auth import get_user_model
        from django.contrib.auth.hashers import make_password

        from review.role_services import ensure_roles
        from review.roles import AUTHORS, PUBLISHERS, stage_group_name
        from translations.models import Provider
        from workbench.models import Language

        User = get_user_model()
        groups = ensure_roles()
        # One PBKDF2 hash (production strength), shared by every bench account.
        password = make_password(PASSWORD)
        wanted: list[tuple[str, str, str]] = []  # (username, full name, group)
        for i in range(1, N_AUTHORS + 1):
            wanted.append((f"author{i}", f"Author {i}", AUTHORS))
        for i in range(1, N_PUBLISHERS + 1):
            wanted.append((f"publisher{i}", f"Publisher {i}", PUBLISHERS))
        languages = {lang.code: lang for lang in Language.objects.all()}
        for code in LANGS:
            for stage in STAGES:
                for i in (1, 2):
                    wanted.append(
                        (
                            f"{code}_{stage}_{i}",
                            f"{code.upper()} {stage} reviewer {i}",
                            stage_group_name(languages[code], stage),
                        )
                    )
        users = User.objects.bulk_create(
            [
                User(
                    username=name,
                    first_name=full.split(" ", 1)[0],
                    last_name=full.split(" ", 1)[1],
                    email=f"{name}@bench.invalid",
                    password=password,
                )
                for name, full, _g in wanted
            ]
        )
        users = {u.username: u for u in User.objects.filter(username__in=[w[0] for w in wanted])}
        through = User.groups.through
        through.objects.bulk_create(
            [through(user_id=users[name].pk, group_id=groups[group].pk) for name, _f, group in wanted]
        )
        self.users = {name: u.pk for name, u in users.items()}
        self.usernames = {pk: name for name, pk in self.users.items()}
        self.authors = [self.users[f"author{i}"] for i in range(1, N_AUTHORS + 1)]
        self.publishers = [self.users[f"publisher{i}"] for i in range(1, N_PUBLISHERS + 1)]
        Provider.objects.get_or_create(
            name=PROVIDER,
            defaults={
                "base_url": "https://api.openai.com/v1",
                "model": "gpt-4o-mini",
                "api_key_env": "OPENAI_API_KEY",
                "price_in_per_1k": "0.000150",
                "price_out_per_1k": "0.000600",
            },
        )
        self.provider_id = Provider.objects.get(name=PROVIDER).pk

    def reviewer(self, lang: str, stage: str, i: int) -> int:
        return self.users[f"{lang}_{stage}_{i}"]

    # -- plans
    def make_plans(self, first_leaflet_id: int) -> None:
        now = datetime.now(UTC)
        names, weights = zip(*STATE_WEIGHTS, strict=True)
        for i in range(self.n):
            history = self.rng.random() < HISTORY_SHARE
            self.plans.append(
                Plan(
                    index=i,
                    id=first_leaflet_id + i,
                    author=self.authors[i % len(self.authors)],
                    state=self.rng.choices(names, weights)[0],
                    history=history,
                    old_published=history and self.rng.random() < OLD_PUBLISHED_SHARE,
                    created_at=now - timedelta(days=self.rng.uniform(30, 400), seconds=self.rng.uniform(0, 86400)),
                )
            )

    # -- building rows
    def new_segments(self, plan: Plan, revision_id: int) -> list[Seg]:
        from workbench.models import segment_hash

        segments = []
        title_row = self.rng.choice(self.title_rows)
        title = f"{self.rows[title_row]['en'][:150]} ({plan.index + 1})"
        plan.title = title
        kinds = ["title", *BODY_KINDS]
        for position, kind in enumerate(kinds):
            if kind == "title":
                row, text = title_row, title
            else:
                row = self.rng.randrange(len(self.rows))
                text = self.rows[row]["en"]
            segments.append(
                Seg(
                    id=0,
                    key=self.uuid(),
                    position=position,
                    kind=kind,
                    row=row,
                    text=text,
                    hash=segment_hash(kind, text),
                )
            )
        return segments

    def translation(self, seg: Seg, lang: str, plan: Plan) -> str:
        text = self.rows[seg.row][lang]
        return f"{text[:150]} ({plan.index + 1})" if seg.kind == "title" else text

    def build_texts(self, plan: Plan, rev: Rev, previous: Rev | None, at: datetime, *, blanks: set[str]) -> None:
        """Text versions of a revision: the source, and each target filled by the model (carried where unchanged)."""
        from translations.models import TargetSegment, TextVersion

        for lang in LANGS:
            text = Text(id=self.ids.take(TextVersion), lang=lang, is_source=lang == "en", created_at=at)
            before = {s.key: s for s in previous.texts[lang].segments} if previous else {}
            for seg in rev.segments:
                old = before.get(seg.key)
                if text.is_source:
                    writer = old.updated_by if old is not None and old.source.hash == seg.hash else rev.created_by
                    tgt = Tgt(
                        id=0,
                        key=seg.key,
                        position=seg.position,
                        source=seg,
                        text=seg.text,
                        origin="source",
                        updated_by=writer,
                    )
                elif old is not None and old.source.hash == seg.hash and old.text:
                    tgt = Tgt(
                        id=0,
                        key=seg.key,
                        position=seg.position,
                        source=seg,
                        text=old.text,
                        origin=old.origin if old.origin in ("human", "memory") else "carried",
                        updated_by=old.updated_by,
                        model_draft=old.model_draft,
                    )
                else:
                    value = self.translation(seg, lang, plan)
                    tgt = Tgt(
                        id=0,
                        key=seg.key,
                        position=seg.position,
                        source=seg,
                        text=value,
                        origin="model",
                        updated_by=None,
                        model_draft=value,
                    )
                tgt.id = self.ids.take(TargetSegment)
                text.segments.append(tgt)
            if lang in blanks:
                # Some segments the model could not translate (PHI blocked, malformed reply): a person must.
                fresh = [s for s in text.segments if s.origin == "model" and s.source.kind != "title"]
                for s in self.rng.sample(fresh, min(len(fresh), self.rng.randint(1, 3))):
                    s.text, s.origin, s.model_draft = "", "none", ""
            elif not text.is_source and self.rng.random() < 0.15:
                # A reviewer (the second native speaker or clinician) corrected one segment.
                candidates = [s for s in text.segments if s.origin == "model"]
                if candidates:
                    s = self.rng.choice(candidates)
                    editor = self.reviewer(lang, self.rng.choice(STAGES), 2)
                    s.edited_from = s.text
                    s.text = s.text + HUMAN_EDIT_SUFFIX[lang]
                    s.origin, s.updated_by = "human", editor
                    text.editor = editor
            plan.contributors[lang].update(s.updated_by for s in text.segments if s.updated_by)
            text.content_hash = content_hash(lang, text.segments)
            if text.is_source or not text.untranslated:
                text.state = "in_review"
            else:
                text.state = "needs_human"
            rev.texts[lang] = text

    def revision_rows(self, plan: Plan, rev: Rev, parent_id: int | None, note: str):
        from workbench.models import Revision, Segment

        revision = Revision(
            id=rev.id,
            leaflet_id=plan.id,
            number=rev.number,
            parent_id=parent_id,
            created_by_id=rev.created_by,
            created_at=rev.created_at,
            note=note,
            is_conflict=False,
            content_hash=revision_hash(rev.segments),
        )
        segments = [
            Segment(
                id=s.id,
                revision_id=rev.id,
                key=s.key,
                position=s.position,
                kind=s.kind,
                text=s.text,
                content_hash=s.hash,
            )
            for s in rev.segments
        ]
        return revision, segments

    def text_rows_for(self, plan: Plan, rev: Rev):
        from translations.models import SegmentEdit, TargetSegment, TextVersion

        tvs, tgts, edits = [], [], []
        for text in rev.texts.values():
            tvs.append(
                TextVersion(
                    id=text.id,
                    revision_id=rev.id,
                    language_id=text.lang,
                    is_source=text.is_source,
                    state="awaiting_translation",
                    content_hash="",
                    edit_generation=0,
                    created_at=text.created_at,
                    updated_at=text.created_at,
                )
            )
            done = text.created_at + timedelta(minutes=self.rng.uniform(1, 8))
            text.updated_at = done
            for s in text.segments:
                chrf = None if text.is_source or not s.text else round(self.rng.uniform(45, 95), 1)
                tgts.append(
                    TargetSegment(
                        id=s.id,
                        text_version_id=text.id,
                        source_segment_id=s.source.id,
                        key=s.key,
                        position=s.position,
                        text=s.text,
                        origin=s.origin,
                        model_draft=s.model_draft if not text.is_source else "",
                        model_name=MODEL if s.model_draft else "",
                        back_translation=s.source.text if chrf is not None else "",
                        back_translation_chrf=chrf,
                        updated_by_id=s.updated_by,
                        updated_at=done,
                        edit_seq=1 if s.origin == "human" else 0,
                    )
                )
                if s.edited_from:
                    at = done + timedelta(hours=self.rng.uniform(2, 48))
                    text.updated_at = at
                    edits.append(
                        SegmentEdit(
                            id=self.ids.take(SegmentEdit),
                            target_segment_id=s.id,
                            editor_id=s.updated_by,
                            old_text=s.edited_from,
                            new_text=s.text,
                            applied=True,
                            created_at=at,
                        )
                    )
                    old_hash = content_hash(
                        text.lang,
                        [
                            Tgt(
                                id=0,
                                key=x.key,
                                position=x.position,
                                source=x.source,
                                text=x.edited_from if x is s else x.text,
                                origin="",
                                updated_by=None,
                            )
                            for x in text.segments
                        ],
                    )
                    self.event(
                        at=at,
                        actor=s.updated_by,
                        verb="text.edited",
                        leaflet=plan.id,
                        object_type="translations.textversion",
                        object_id=text.id,
                        data={
                            "language": text.lang,
                            "revision": rev.number,
                            "segment": str(s.key),
                            "old_hash": old_hash,
                            "new_hash": text.content_hash,
                        },
                    )
        return tvs, tgts, edits

    def job_rows(self, plan: Plan, rev: Rev, *, running: str | None):
        from translations.models import Job

        jobs = []
        targets = [t for t in rev.texts.values() if not t.is_source]
        queued_at = rev.created_at + timedelta(seconds=20)
        for text in targets:
            job_id = self.ids.take(Job)
            text.job_ids.append(job_id)
            total = sum(1 for s in text.segments if s.origin in ("model", "none"))
            tin, tout = 180 * total + 230, 95 * total
            jobs.append(
                Job(
                    id=job_id,
                    kind="translate",
                    state="succeeded",
                    leaflet_id=plan.id,
                    revision_id=rev.id,
                    text_version_id=text.id,
                    language=text.lang,
                    brief={},
                    provider_id=self.provider_id,
                    reported_model=MODEL,
                    prompt_version=PROMPT_VERSION,
                    attempts=1,
                    progress_done=total,
                    progress_total=total,
                    tokens_in=tin,
                    tokens_out=tout,
                    cost=round(tin * 0.00000015 + tout * 0.0000006, 6),
                    created_by_id=rev.created_by,
                    created_at=queued_at,
                    started_at=queued_at + timedelta(seconds=1),
                    finished_at=text.updated_at,
                )
            )
            self.event(
                at=text.updated_at,
                actor=None,
                verb="job.succeeded",
                leaflet=plan.id,
                object_type="translations.job",
                object_id=job_id,
                data={
                    "kind": "translate",
                    "language": text.lang,
                    "provider": PROVIDER,
                    "model": MODEL,
                    "prompt_version": PROMPT_VERSION,
                    "tokens_in": tin,
                    "tokens_out": tout,
                    "cost": f"{tin * 0.00000015 + tout * 0.0000006:.6f}",
                },
            )
        self.event(
            at=queued_at,
            actor=rev.created_by,
            verb="jobs.queued",
            leaflet=plan.id,
            object_type="workbench.leaflet",
            object_id=plan.id,
            data={"kind": "translate", "jobs": [j.id for j in jobs], "languages": [j.language for j in jobs]},
        )
        if running:
            text = rev.texts[running]
            job_id = self.ids.take(Job)
            text.job_ids.append(job_id)
            at = datetime.now(UTC) - timedelta(minutes=self.rng.uniform(1, 30))
            jobs.append(
                Job(
                    id=job_id,
                    kind="translate",
                    state=self.rng.choice(["queued", "running"]),
                    leaflet_id=plan.id,
                    revision_id=rev.id,
                    text_version_id=text.id,
                    language=running,
                    brief={},
                    provider_id=self.provider_id,
                    prompt_version=PROMPT_VERSION,
                    progress_total=len(text.segments),
                    created_by_id=rev.created_by,
                    created_at=at,
                )
            )
            self.event(
                at=at,
                actor=rev.created_by,
                verb="jobs.queued",
                leaflet=plan.id,
                object_type="workbench.leaflet",
                object_id=plan.id,
                data={"kind": "translate", "jobs": [job_id], "languages": [running]},
            )
        return jobs

    def finding_rows(self, plan: Plan, rev: Rev, *, with_errors: set[str]):
        from translations.models import Finding

        rows = []
        for text in rev.texts.values():
            filled = [s for s in text.segments if s.text]
            checks = ["reading_level", "source_safety"] if text.is_source else TARGET_CHECKS
            picks = self.rng.sample(checks, self.rng.randint(0, min(3, len(checks))))
            if text.lang in with_errors:
                picks.append(self.rng.choice(ERROR_CHECKS))
            for check in picks:
                severity, message = FINDING_TEMPLATES[check]
                seg = self.rng.choice(filled)
                finding_id = self.ids.take(Finding)
                rows.append(
                    Finding(
                        id=finding_id,
                        text_version_id=text.id,
                        content_hash=text.content_hash,
                        segment_key=seg.key,
                        check_id=check,
                        severity=severity,
                        message=message,
                        created_at=text.updated_at,
                    )
                )
                text.findings.append((finding_id, check, str(seg.key)))
                if severity == "error":
                    text.errors.append(finding_id)
        return rows

    def approver(self, plan: Plan, text: Text, stage: str) -> int:
        """A reviewer of the stage who never wrote any of this text (in any revision)."""
        choices = [self.reviewer(text.lang, stage, i) for i in (1, 2)]
        eligible = [u for u in choices if u not in plan.contributors[text.lang]]
        return self.rng.choice(eligible)

    def provenance(self, text: Text, overridden: list[dict]) -> dict:
        job = text.job_ids[0] if text.job_ids else None
        segments = []
        for s in sorted(text.segments, key=lambda s: s.position):
            model = MODEL if s.model_draft and s.origin != "source" else ""
            item = {
                "key": str(s.key),
                "origin": s.origin,
                "model": model,
                "edited_by": self.usernames.get(s.updated_by, "") if s.updated_by else "",
            }
            if model:
                item.update({"provider": PROVIDER, "prompt_version": PROMPT_VERSION, "job": job})
            segments.append(item)
        jobs = (
            [
                {"id": j, "provider": PROVIDER, "model": MODEL, "prompt_version": PROMPT_VERSION, "state": "succeeded"}
                for j in text.job_ids[:1]
            ]
            if not text.is_source
            else []
        )
        return {"segments": segments, "jobs": jobs, "overridden_findings": overridden}

    def decision_rows(self, plan: Plan, rev: Rev, wanted: dict[str, list[str]], requests: dict[str, str]):
        """Approvals (with overrides of the text's QA errors first), change requests and comments."""
        from review.models import Approval, Comment, FindingOverride

        approvals, overrides, comments = [], [], []
        for lang, stages in wanted.items():
            text = rev.texts[lang]
            at = (text.updated_at or text.created_at) + timedelta(hours=self.rng.uniform(3, 30))
            overridden = []
            if stages and text.errors:
                by = self.approver(plan, text, stages[0])
                for finding_id in text.errors:
                    override_id = self.ids.take(FindingOverride)
                    reason = "Checked with the clinician: the wording is correct for patients."
                    overrides.append(
                        FindingOverride(
                            id=override_id, finding_id=finding_id, reviewer_id=by, reason=reason, created_at=at
                        )
                    )
                    check, seg_key = next((c, k) for f, c, k in text.findings if f == finding_id)
                    self.event(
                        at=at,
                        actor=by,
                        verb="qa.overridden",
                        leaflet=plan.id,
                        object_type="review.findingoverride",
                        object_id=override_id,
                        data={
                            "language": lang,
                            "check": check,
                            "segment": seg_key,
                            "message": FINDING_TEMPLATES[check][1],
                            "reason": reason,
                            "content_hash": text.content_hash,
                        },
                    )
                    overridden.append({"check": check, "segment": seg_key, "reason": reason, "by": self.usernames[by]})
            used: set[int] = set()
            for stage in stages:
                at += timedelta(hours=self.rng.uniform(1, 72))
                reviewer = self.approver(plan, text, stage)
                approval_id = self.ids.take(Approval)
                approvals.append(
                    Approval(
                        id=approval_id,
                        text_version_id=text.id,
                        stage=stage,
                        reviewer_id=reviewer,
                        decision="approved",
                        content_hash=text.content_hash,
                        generation=text.generation,
                        comment="",
                        created_at=at,
                    )
                )
                used.add(reviewer)
                self.event(
                    at=at,
                    actor=reviewer,
                    verb="text.approved",
                    leaflet=plan.id,
                    object_type="review.approval",
                    object_id=approval_id,
                    data={
                        "language": lang,
                        "stage": stage,
                        "revision": rev.number,
                        "content_hash": text.content_hash,
                        "generation": text.generation,
                        "text_version": text.id,
                        **self.provenance(text, overridden),
                    },
                )
            if lang in requests:
                stage = requests[lang]
                at += timedelta(hours=self.rng.uniform(1, 48))
                reviewer = self.reviewer(lang, stage, 1 if self.rng.random() < 0.5 else 2)
                comment = self.rng.choice(COMMENTS)
                approval_id = self.ids.take(Approval)
                approvals.append(
                    Approval(
                        id=approval_id,
                        text_version_id=text.id,
                        stage=stage,
                        reviewer_id=reviewer,
                        decision="changes_requested",
                        content_hash=text.content_hash,
                        generation=text.generation,
                        comment=comment,
                        created_at=at,
                    )
                )
                comments.append(
                    Comment(
                        id=self.ids.take(Comment),
                        text_version_id=text.id,
                        author_id=reviewer,
                        body=comment,
                        created_at=at,
                    )
                )
                self.event(
                    at=at,
                    actor=reviewer,
                    verb="text.changes_requested",
                    leaflet=plan.id,
                    object_type="review.approval",
                    object_id=approval_id,
                    data={
                        "language": lang,
                        "stage": stage,
                        "revision": rev.number,
                        "content_hash": text.content_hash,
                        "generation": text.generation,
                    },
                )
        for text in rev.texts.values():
            if self.rng.random() < 0.10 and not text.is_source:
                at = (text.updated_at or text.created_at) + timedelta(hours=self.rng.uniform(1, 20))
                author = self.reviewer(text.lang, self.rng.choice(STAGES), self.rng.choice((1, 2)))
                seg = self.rng.choice(text.segments)
                comment_id = self.ids.take(Comment)
                comments.append(
                    Comment(
                        id=comment_id,
                        text_version_id=text.id,
                        segment_key=seg.key,
                        author_id=author,
                        body=self.rng.choice(COMMENTS),
                        created_at=at,
                    )
                )
                self.event(
                    at=at,
                    actor=author,
                    verb="comment.added",
                    leaflet=plan.id,
                    object_type="review.comment",
                    object_id=comment_id,
                    data={"language": text.lang, "segment": str(seg.key)},
                )
        return approvals, overrides, comments

    def wanted_decisions(self, plan: Plan, rev: Rev, state: str, running: str | None):
        """Which stages get approved per language, and which languages get a change request."""
        wanted: dict[str, list[str]] = {}
        requests: dict[str, str] = {}
        if state in ("published", "ready"):
            return {lang: list(STAGES) for lang in LANGS}, requests
        for lang in LANGS:
            text = rev.texts[lang]
            if text.untranslated or lang == running:
                wanted[lang] = []
                continue
            wanted[lang] = self.rng.choices(
                [[], ["native"], ["clinical"], ["native", "clinical"]], [0.35, 0.25, 0.2, 0.2]
            )[0]
        if all(len(v) == 2 for v in wanted.values()):
            wanted[self.rng.choice(LANGS)] = ["native"]
        if state == "changes":
            for lang in self.rng.sample(LANGS, self.rng.randint(1, 2)):
                stage = self.rng.choice(STAGES)
                wanted[lang] = [s for s in wanted[lang] if s != stage][: 1 if self.rng.random() < 0.5 else 0]
                requests[lang] = stage
        return wanted, requests

    # -- phases
    def write_revision_batch(
        self, batch: list[tuple[Plan, Rev, Rev | None, str, set[str], str | None, set[str], bool]]
    ) -> list:
        """Revisions, segments, texts, target segments, hashes, jobs, findings; approvals; current revision.

        Each item: (plan, revision, previous, state, blank languages, running-job language, error languages,
        make current). Returns the Approval/Override/Comment rows written.
        """
        from django.db import connection

        from review.models import Approval, Comment, FindingOverride
        from translations.models import Finding, Job, SegmentEdit, TargetSegment, TextVersion
        from workbench.models import Revision, Segment

        revisions, segments, tvs, tgts, edits, jobs, findings = [], [], [], [], [], [], []
        for plan, rev, previous, _state, _blanks, _running, _errors, _current in batch:
            revision, segs = self.revision_rows(
                plan, rev, previous.id if previous else None, "" if previous is None else "Updated advice"
            )
            revisions.append(revision)
            segments.extend(segs)
            a, b, c = self.text_rows_for(plan, rev)
            tvs += a
            tgts += b
            edits += c
        copy_objects(Revision, revisions)
        copy_objects(Segment, segments)
        copy_objects(TextVersion, tvs)
        copy_objects(TargetSegment, tgts)  # triggers: generation bump, hash blanked, contributions
        copy_objects(SegmentEdit, edits)
        for name, n in (
            ("revisions", len(revisions)),
            ("segments", len(segments)),
            ("text versions", len(tvs)),
            ("target segments", len(tgts)),
            ("segment edits", len(edits)),
        ):
            self.counts[name] += n
        with connection.cursor() as cursor:
            # The current revision (its trigger checks the revision is the leaflet's own, never older).
            current = [(plan.id, rev.id, plan.title) for plan, rev, *_rest, make_current in batch if make_current]
            cursor.execute(
                "UPDATE workbench_leaflet l SET current_revision_id = v.r, title = v.t, revision_counter = "
                "GREATEST(l.revision_counter, (SELECT number FROM workbench_revision WHERE id = v.r)) "
                "FROM unnest(%s::bigint[], %s::bigint[], %s::text[]) AS v(l, r, t) WHERE l.id = v.l",
                [[c[0] for c in current], [c[1] for c in current], [c[2] for c in current]],
            )
            texts = [t for _p, rev, *_r in batch for t in rev.texts.values()]
            # The hash and state text_version_rehash would store; the generation the triggers counted.
            cursor.execute(
                "UPDATE translations_textversion t SET content_hash = v.h, state = v.s, updated_at = v.u "
                "FROM unnest(%s::bigint[], %s::text[], %s::text[], %s::timestamptz[]) AS v(id, h, s, u) "
                "WHERE t.id = v.id",
                [
                    [t.id for t in texts],
                    [t.content_hash for t in texts],
                    [t.state for t in texts],
                    [t.updated_at for t in texts],
                ],
            )
            cursor.execute(
                "SELECT id, edit_generation FROM translations_textversion WHERE id = ANY(%s)", [[t.id for t in texts]]
            )
            generations = dict(cursor.fetchall())
        for t in texts:
            t.generation = generations[t.id]
        for plan, rev, _previous, _state, _blanks, running, errors, _current in batch:
            jobs += self.job_rows(plan, rev, running=running)
            findings += self.finding_rows(plan, rev, with_errors=errors)
        copy_objects(Job, jobs)
        copy_objects(Finding, findings)
        self.counts["jobs"] += len(jobs)
        self.counts["findings"] += len(findings)
        approvals, overrides, comments = [], [], []
        for plan, rev, _previous, state, _blanks, running, _errors, make_current in batch:
            if not make_current:
                continue
            wanted, requests = self.wanted_decisions(plan, rev, state, running)
            a, o, c = self.decision_rows(plan, rev, wanted, requests)
            approvals += a
            overrides += o
            comments += c
        copy_objects(FindingOverride, overrides)
        copy_objects(Approval, approvals)  # triggers check every approval against the gate's rules
        copy_objects(Comment, comments)
        self.counts["approvals and change requests"] += len(approvals)
        self.counts["overrides"] += len(overrides)
        self.counts["comments"] += len(comments)
        return approvals

    def seal_events(self) -> None:
        """Chain and seal the collected events after the current head, oldest first, as audit_record would."""
        from django.db import transaction

        from review.audit import KEYED, LEGACY, event_hash
        from review.models import AuditEvent, AuditHead

        events = sorted(self.events, key=lambda e: e["at"])
        self.events = []
        with transaction.atomic():
            AuditHead.objects.get_or_create(id=1)
            head = AuditHead.objects.select_for_update(no_key=True).get(id=1)
            if head.seq and AuditEvent.objects.filter(seq=head.seq).values_list("seal", flat=True).first() == LEGACY:
                raise SystemExit("the audit chain ends in a legacy event; anchor it first (verify_audit --anchor)")
            self.ids.start(AuditEvent)
            seq, prev = head.seq, head.hash
            rows = []
            for e in events:
                seq += 1
                event = AuditEvent(
                    id=self.ids.take(AuditEvent),
                    seq=seq,
                    created_at=e["at"],
                    actor_id=e["actor"],
                    actor_name=self.usernames.get(e["actor"], "") if e["actor"] else "system",
                    verb=e["verb"],
                    leaflet_id=e["leaflet"],
                    object_type=e["object_type"],
                    object_id=e["object_id"],
                    data=json.loads(json.dumps(e["data"], default=str, sort_keys=True)),
                    prev_hash=prev,
                    seal=KEYED,
                    key_id=self.key_id,
                )
                event.hash = event_hash(event, self.key)
                prev = event.hash
                rows.append(event)
            copy_objects(AuditEvent, rows)
            AuditHead.objects.filter(id=1).update(seq=seq, hash=prev)
            reset_sequences([AuditEvent])
        self.counts["audit events (bulk)"] += len(rows)

    def publish(self, plans: list[Plan], label: str) -> tuple[int, list[str]]:
        from django.contrib.auth import get_user_model

        from review.services import GateClosed, leaflet_publish
        from workbench.models import Leaflet

        publishers = {u.pk: u for u in get_user_model().objects.filter(pk__in=self.publishers)}
        leaflets = Leaflet.objects.in_bulk([p.id for p in plans])
        done, refused = 0, []
        started = time.monotonic()
        for n, plan in enumerate(plans, 1):
            try:
                leaflet_publish(leaflet=leaflets[plan.id], publisher=publishers[self.publishers[plan.index % 4]])
                done += 1
            except GateClosed as exc:
                refused.append(f"leaflet {plan.id}: {exc}")
            if n % 500 == 0:
                say(f"  {label}: {n}/{len(plans)} published ({n / (time.monotonic() - started):.0f}/s)")
        self.counts["publications (leaflet_publish)"] += done
        return done, refused

    # -- the whole load
    def run(self, *, publish_limit: int | None = None) -> dict:
        from django.db import connection, transaction

        from review.models import Approval, Comment, FindingOverride
        from translations.models import Finding, Job, SegmentEdit, TargetSegment, TextVersion
        from workbench.models import Leaflet, LeafletLanguage, Revision, Segment, segment_hash

        t = time.monotonic()
        self.create_users()
        for model in (
            Leaflet,
            LeafletLanguage,
            Revision,
            Segment,
            TextVersion,
            TargetSegment,
            SegmentEdit,
            Job,
            Finding,
            FindingOverride,
            Approval,
            Comment,
        ):
            self.ids.start(model)
        self.make_plans(self.ids.next[Leaflet])
        self.timed("users, roles, plans", t)

        # Phase 1: every leaflet with its first revision.
        t = time.monotonic()
        for start in range(0, self.n, self.chunk):
            plans = self.plans[start : start + self.chunk]
            with transaction.atomic():
                leaflets, languages, batch = [], [], []
                for plan in plans:
                    leaflets.append(
                        Leaflet(
                            id=plan.id,
                            title="(loading)",
                            topic=self.rng.choice(
                                [
                                    "Infection control",
                                    "Chronic disease",
                                    "After your operation",
                                    "Medicines",
                                    "Vaccination",
                                ]
                            ),
                            audience=self.rng.choice(["Adults", "Parents", "Older adults", "Carers"]),
                            source_language_id="en",
                            current_revision_id=None,
                            revision_counter=1,
                            created_by_id=plan.author,
                            created_at=plan.created_at,
                            updated_at=plan.created_at,
                        )
                    )
                    languages += [
                        LeafletLanguage(id=self.ids.take(LeafletLanguage), leaflet_id=plan.id, language_id=code)
                        for code in LANGS
                    ]
                    rev = Rev(
                        id=self.ids.take(Revision),
                        number=1,
                        created_by=plan.author,
                        created_at=plan.created_at,
                        segments=[],
                    )
                    rev.segments = self.new_segments(plan, rev.id)
                    for s in rev.segments:
                        s.id = self.ids.take(Segment)
                    plan.revisions.append(rev)
                    # The state of revision 1: the leaflet's state if it stays current; otherwise fully
                    # approved (it was published) or partly reviewed (approvals that go stale).
                    if plan.history:
                        state = "published" if plan.old_published else "in_review"
                    else:
                        state = plan.state
                    blanks = set(self.rng.sample(TARGETS, self.rng.randint(1, 2))) if state == "untranslated" else set()
                    running = self.rng.choice(TARGETS) if state == "job" else None
                    self.build_texts(plan, rev, None, plan.created_at + timedelta(minutes=2), blanks=blanks)
                    errors = {lang for lang in LANGS if not rev.texts[lang].is_source and self.rng.random() < 0.12}
                    batch.append((plan, rev, None, state, blanks, running, errors, True))
                    self.event(
                        at=plan.created_at,
                        actor=plan.author,
                        verb="leaflet.created",
                        leaflet=plan.id,
                        object_type="workbench.leaflet",
                        object_id=plan.id,
                        data={
                            "revision": 1,
                            "languages": LANGS,
                            "segments": len(rev.segments),
                            "title": plan.title,
                            "drafted_by_model": "",
                            "prompt_version": "",
                        },
                    )
                copy_objects(Leaflet, leaflets)
                copy_objects(LeafletLanguage, languages)
                self.counts["leaflets"] += len(leaflets)
                self.write_revision_batch(batch)
            say(f"  revision 1: {min(start + self.chunk, self.n)}/{self.n} leaflets")
        self.timed("phase 1: leaflets, revision 1, texts, findings, jobs, decisions (COPY, triggers on)", t)

        t = time.monotonic()
        n_events = len(self.events)
        self.seal_events()
        reset_sequences(
            [
                Leaflet,
                LeafletLanguage,
                Revision,
                Segment,
                TextVersion,
                TargetSegment,
                SegmentEdit,
                Job,
                Finding,
                FindingOverride,
                Approval,
                Comment,
            ]
        )
        self.timed(f"audit events for phase 1 ({n_events}, chained and sealed)", t)

        # Phase 2: publish, through the service, revision 1 of the leaflets where it is (or was) live.
        # Publishing goes through the service, one leaflet at a time (~10/s at 10,000 leaflets here), so a
        # limit samples every publication group evenly; the rest stay fully approved, waiting to be published.
        first = [p for p in self.plans if (p.state == "published" and not p.history) or p.old_published]
        second = [p for p in self.plans if p.history and p.state == "published"]
        total = len(first) + len(second)
        if publish_limit is not None and total > publish_limit:
            keep = set(p.index for p in self.rng.sample(first + second, publish_limit))
            first = [p for p in first if p.index in keep]
            second = [p for p in second if p.index in keep]
        self.publish_planned = (len(first) + len(second), total)
        t = time.monotonic()
        done1, refused1 = self.publish(first, "revision 1")
        self.timed(f"phase 2: leaflet_publish x {len(first)} (revision 1)", t)

        # Phase 3: a second revision for 30% of the leaflets (one body segment rewritten).
        t = time.monotonic()
        history = [p for p in self.plans if p.history]
        for start in range(0, len(history), self.chunk):
            plans = history[start : start + self.chunk]
            with transaction.atomic():
                for model in (
                    Revision,
                    Segment,
                    TextVersion,
                    TargetSegment,
                    SegmentEdit,
                    Job,
                    Finding,
                    FindingOverride,
                    Approval,
                    Comment,
                ):
                    self.ids.start(model)
                batch = []
                for plan in plans:
                    old = plan.revisions[0]
                    at = datetime.now(UTC)
                    editor = self.authors[(plan.index + 1) % len(self.authors)]
                    rev = Rev(id=self.ids.take(Revision), number=2, created_by=editor, created_at=at, segments=[])
                    changed = self.rng.randrange(1, len(old.segments))
                    for s in old.segments:
                        if s.position == changed:
                            row = self.rng.randrange(len(self.rows))
                            new = Seg(
                                id=self.ids.take(Segment),
                                key=s.key,
                                position=s.position,
                                kind=s.kind,
                                row=row,
                                text=self.rows[row]["en"],
                                hash=segment_hash(s.kind, self.rows[row]["en"]),
                            )
                        else:
                            new = Seg(
                                id=self.ids.take(Segment),
                                key=s.key,
                                position=s.position,
                                kind=s.kind,
                                row=s.row,
                                text=s.text,
                                hash=s.hash,
                            )
                        rev.segments.append(new)
                    plan.revisions.append(rev)
                    state = plan.state
                    blanks = set(self.rng.sample(TARGETS, self.rng.randint(1, 2))) if state == "untranslated" else set()
                    running = self.rng.choice(TARGETS) if state == "job" else None
                    self.build_texts(plan, rev, old, at + timedelta(seconds=1), blanks=blanks)
                    errors = {lang for lang in LANGS if not rev.texts[lang].is_source and self.rng.random() < 0.12}
                    batch.append((plan, rev, old, state, blanks, running, errors, True))
                    self.event(
                        at=at,
                        actor=editor,
                        verb="revision.saved",
                        leaflet=plan.id,
                        object_type="workbench.revision",
                        object_id=rev.id,
                        data={
                            "revision": 2,
                            "parent": 1,
                            "changed_segments": 1,
                            "drafted_by_model": "",
                            "prompt_version": "",
                        },
                    )
                self.write_revision_batch(batch)
        reset_sequences(
            [
                Revision,
                Segment,
                TextVersion,
                TargetSegment,
                SegmentEdit,
                Job,
                Finding,
                FindingOverride,
                Approval,
                Comment,
            ]
        )
        self.timed(f"phase 3: revision 2 of {len(history)} leaflets (COPY, triggers on)", t)
        t = time.monotonic()
        n_events = len(self.events)
        self.seal_events()
        self.timed(f"audit events for phase 3 ({n_events}, chained and sealed)", t)

        t = time.monotonic()
        done2, refused2 = self.publish(second, "revision 2")
        self.timed(f"phase 4: leaflet_publish x {len(second)} (revision 2; supersedes any live revision 1)", t)
        refused = refused1 + refused2
        if refused:
            say(f"{len(refused)} publication(s) refused by the gate, e.g. {refused[:3]}")
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM translations_contribution")
            self.counts["contributions (by triggers)"] = cursor.fetchone()[0]
            cursor.execute("SELECT count(*) FROM review_auditevent")
            self.counts["audit events (total)"] = cursor.fetchone()[0]
        return {"refused": refused}

    def check(self, sample: int = 300) -> dict:
        """Check the bulk rows against the project's own functions: hashes, and the whole audit chain."""
        from review.audit import audit_verify
        from translations.models import TextVersion
        from translations.text_versions import compute_content_hash

        texts = [t for p in self.plans for r in p.revisions for t in r.texts.values()]
        picked = self.rng.sample(texts, min(sample, len(texts)))
        stored = TextVersion.objects.in_bulk([t.id for t in picked])
        mismatched = sum(1 for t in picked if compute_content_hash(stored[t.id]) != stored[t.id].content_hash)
        t = time.monotonic()
        report = audit_verify()
        return {
            "hash_sample": len(picked),
            "hash_mismatches": mismatched,
            "audit_ok": report.ok,
            "audit_checked": report.checked,
            "audit_reason": report.reason,
            "audit_verify_s": round(time.monotonic() - t, 1),
        }


def load(leaflets: int, *, seed: int = 11, publish_limit: int | None = None) -> tuple[Loader, dict]:
    loader = Loader(leaflets, seed=seed)
    info = loader.run(publish_limit=publish_limit)
    return loader, info
