import json

from django.core.management.base import BaseCommand, CommandError

from translations.models import Provider
from translations.phi import PhiBlocked
from translations.provider_check import provider_check


class Command(BaseCommand):
    help = (
        "Check a model provider: list the endpoint's models, make one tiny translation call in each dialect it "
        "may speak, and print what worked and the settings to write into MODEL_PROVIDERS_JSON. "
        "Exit status 0 when at least one dialect gave a valid translation, 1 otherwise."
    )

    def add_arguments(self, parser):
        parser.add_argument("name", help="the provider's name")
        parser.add_argument("--json", action="store_true", help="end with the report as one line of JSON")
        parser.add_argument("--language", default="ms", help="the target language of the test call (default ms)")
        parser.add_argument("--max-calls", type=int, default=8, help="at most this many test calls (default 8)")

    def handle(self, *args, **options):
        provider = Provider.objects.filter(name=options["name"]).first()
        if provider is None:
            known = ", ".join(Provider.objects.order_by("name").values_list("name", flat=True)) or "none"
            raise CommandError(f"No provider named {options['name']!r} (known: {known}).")
        try:
            report = provider_check(
                provider=provider, target_language=options["language"], max_calls=max(1, options["max_calls"])
            )
        except PhiBlocked as blocked:
            raise CommandError(f"Nothing was sent: {blocked}") from None
        self._print(report)
        if options["json"]:
            self.stdout.write(
                json.dumps(
                    {
                        key: report[key]
                        for key in (
                            "provider",
                            "reachable",
                            "models",
                            "reported_model",
                            "working",
                            "tried",
                            "recommended",
                        )
                    },
                    ensure_ascii=False,
                )
            )
        if report["working"] is None:
            raise SystemExit(1)

    def _print(self, report: dict) -> None:
        write = self.stdout.write
        write(f"Provider {report['provider']}: {'reachable' if report['reachable'] else 'NOT reachable'}")
        if report["models"]:
            write(f"  models: {', '.join(report['models'][:20])}")
        elif report.get("models_error"):
            write(f"  models: could not be listed ({report['models_error']})")
        for entry in report["tried"]:
            settings = ", ".join(f"{k}={v}" for k, v in entry["settings"].items())
            figures = ""
            if entry["status"] == "ok":
                figures = (
                    f" model={entry['reported_model']} tokens in/out/reasoning="
                    f"{entry['tokens_in']}/{entry['tokens_out']}/{entry['tokens_reasoning']}"
                )
            write(
                f"  [{entry['status']:>9}] {entry['latency_ms']:>6} ms  {settings}{figures}"
                + (f"\n              {entry['error']}" if entry["error"] else "")
            )
        if report["recommended"] is None:
            write("No dialect gave a valid translation.")
            return
        changed = {k: v for k, v in report["recommended"].items() if report["current"].get(k, v) != v}
        write("Recommended settings (keys of this provider in MODEL_PROVIDERS_JSON):")
        write("  " + json.dumps(report["recommended"]))
        write("  (as stored now)" if not changed else "  differs from the stored settings in: " + ", ".join(changed))
