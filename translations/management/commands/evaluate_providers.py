"""manage.py evaluate_providers: the provider bake-off, run in this process (no worker needed).

See docs/evaluation.md. Exit status 0 when every provider was evaluated, 1 when
one could not be (it is in the table and the JSON with its error), and a
CommandError (status 1, no traceback) for input that cannot be used.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from translations import evaluation
from translations.management.commands._files import user_named
from translations.models import EvaluationRun, Provider


class Command(BaseCommand):
    help = (
        "Evaluate model providers on reference translations: each provider translates the reference's source "
        "segments through the jobs' own request code (PHI guard, prompts, concurrency limits) and is scored "
        "(chrF, BLEU, QA errors and warnings, PHI blocks, tokens, cost, latency, failures). Runs the calls in "
        "this process. Exit status 1 when a provider could not be evaluated."
    )

    def add_arguments(self, parser):
        parser.add_argument("--language", required=True, help="the target language (zh, ms, ta, en)")
        parser.add_argument(
            "--reference",
            required=True,
            help='a TSV file (columns id, source, reference, or the TICO-19 layout id en zh ms ta id_ID), or "memory"',
        )
        parser.add_argument("--source-lang", default="en", help="the source language (default en)")
        parser.add_argument("--providers", default="", help="providers by name, comma-separated (default: all enabled)")
        parser.add_argument("--limit", type=int, default=None, help="only the first N reference segments")
        parser.add_argument("--json", action="store_true", help="end with the run as one line of JSON")
        parser.add_argument("--user", default=None, help="record the run as started by this user")

    def handle(self, *args, **options):
        language, source_language = options["language"], options["source_lang"]
        try:
            evaluation.check_languages(source_language, language)
        except evaluation.BadReference as exc:
            raise CommandError(str(exc)) from None
        limit = options["limit"]
        if limit is not None and limit < 1:
            raise CommandError("--limit must be 1 or more.")
        user = user_named(options["user"], required=False)
        providers = self._providers(options["providers"])
        reference = options["reference"]
        try:
            if reference == evaluation.MEMORY:
                pairs = evaluation.memory_pairs(source_language=source_language, language=language)
            else:
                pairs = evaluation.read_reference_file(
                    Path(reference), source_language=source_language, language=language
                )
        except evaluation.BadReference as exc:
            raise CommandError(str(exc)) from None
        if limit:
            pairs = pairs[:limit]
        try:
            run = evaluation.evaluation_create(
                actor=user,
                language=language,
                source_language=source_language,
                reference=reference if len(reference) <= 300 else Path(reference).name,
                providers=providers,
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        claimed = evaluation.evaluation_claim(run_id=run.pk)
        assert claimed is not None, "a run this command just created is queued"
        try:
            run = evaluation.evaluation_run(run=claimed, providers=providers, pairs=pairs)
        except Exception as exc:
            evaluation.evaluation_fail(run_id=run.pk, reason=str(exc)[:500] or exc.__class__.__name__)
            raise CommandError(f"The evaluation stopped: {exc}") from exc
        summary = evaluation.run_summary(run)
        self._print(run, summary)
        if options["json"]:
            self.stdout.write(json.dumps(summary, ensure_ascii=False))
        if any(result.error for result in run.results.all()):
            raise SystemExit(1)

    def _providers(self, names: str) -> list[Provider]:
        wanted = [name.strip() for name in names.split(",") if name.strip()]
        if not wanted:
            providers = list(Provider.objects.filter(enabled=True).order_by("name"))
            if not providers:
                raise CommandError("There is no enabled provider to evaluate.")
            return providers
        found = {p.name: p for p in Provider.objects.filter(name__in=wanted)}
        unknown = [name for name in wanted if name not in found]
        if unknown:
            known = ", ".join(Provider.objects.order_by("name").values_list("name", flat=True)) or "none"
            raise CommandError(f"No provider named {', '.join(unknown)} (known: {known}).")
        return [found[name] for name in dict.fromkeys(wanted)]

    def _print(self, run: EvaluationRun, summary: dict) -> None:
        write = self.stdout.write
        write(
            f"Evaluation {run.pk}: {run.source_language} -> {run.language}, reference {run.reference}, "
            f"{run.segments} segment(s)"
        )
        write(f"  chrF: {run.chrf_signature}")
        write(f"  BLEU: {run.bleu_signature}")
        header = (
            f"{'#':>2}  {'provider':<20} {'reported model':<28} {'chrF':>6} {'BLEU':>6} {'QA err':>7} {'QA warn':>7} "
            f"{'PHI':>4} {'fail':>4} {'tokens in/out':>15} {'cost':>10} {'p50 s':>6} {'p95 s':>6}"
        )
        write(header)
        write("-" * len(header))
        errors = {r.provider_name: r.error for r in run.results.all()}
        for rank, row in enumerate(summary["providers"], start=1):
            write(
                f"{rank:>2}  {row['name'][:20]:<20} {(row['reported_model'] or '-')[:28]:<28} "
                f"{_number(row['chrf']):>6} {_number(row['bleu']):>6} {_share(row['qa_error_rate']):>7} "
                f"{_share(row['qa_warning_rate']):>7} {row['phi_blocks']:>4} {row['failures']:>4} "
                f"{str(row['tokens_in']) + '/' + str(row['tokens_out']):>15} {row['cost']:>10.6f} "
                f"{_number(row['latency_p50_s'], 2):>6} {_number(row['latency_p95_s'], 2):>6}"
            )
            if errors.get(row["name"]):
                write(f"    NOT EVALUATED: {errors[row['name']]}")


def _number(value: float | None, places: int = 1) -> str:
    return "-" if value is None else f"{value:.{places}f}"


def _share(value: float | None) -> str:
    return "-" if value is None else f"{value * 100:.1f}%"
