"""Print one sample leaflet per language from TICO-19 text and keep pictures of its pages.

    cd /work/main && .venv/bin/python bench/print_samples.py [--tico-dir ../shared/data/tico19] [--pdf-dir var/print]

Each leaflet is a title and ten segments (two headings, two paragraphs, three
list items, three red flags) of the same TICO-19 rows in en, zh, ms and ta,
with the review statements, the care-team note and the QR code. The PDFs go to
--pdf-dir; every page is rendered with `pdftoppm -r 60 -png` into docs/print/
(leaflet-<lang>-<page>.png, small enough to commit). Prints the seconds per
PDF (the first one apart: it loads the fonts) and each PDF's size, then one
JSON line with them. Needs WeasyPrint's libraries, the Noto fonts and
poppler-utils; says what to install when one is missing.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "workbench.settings")
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-secret-key-" + "x" * 32)
os.environ.setdefault("AUDIT_KEY", "bench-only-audit-key-" + "y" * 32)

OUT = ROOT / "docs" / "print"
LANGUAGES = ("en", "zh", "ms", "ta")
UI_LANGUAGE = {"en": "en", "zh": "zh-hans", "ms": "ms", "ta": "ta"}
TIMED_RUNS = 5
# What the lead's publishing code passes as statements, written out per language for the samples.
STATEMENTS = {
    "en": [
        "Reviewed by a native speaker and a clinician on 3 Nov 2026.",
        "Translated with the help of a language model; every sentence was checked by people.",
        "Next review due: 3 Nov 2027",
    ],
    "zh": [
        "已于 2026 年 11 月 3 日由母语审校员和临床医生审核。",
        "本译文借助语言模型完成，每一句都经过人工核对。",
        "下次审核日期：2027 年 11 月 3 日",
    ],
    "ms": [
        "Disemak oleh penutur asli dan doktor pada 3 Nov 2026.",
        "Diterjemah dengan bantuan model bahasa; setiap ayat telah disemak oleh manusia.",
        "Semakan seterusnya: 3 Nov 2027",
    ],
    "ta": [
        "3 நவம்பர் 2026 அன்று தாய்மொழி மதிப்பாய்வாளரும் மருத்துவரும் சரிபார்த்தனர்.",
        "மொழி மாதிரியின் உதவியுடன் மொழிபெயர்க்கப்பட்டது; ஒவ்வொரு வாக்கியமும் மனிதர்களால் சரிபார்க்கப்பட்டது.",
        "அடுத்த மதிப்பாய்வு: 3 நவம்பர் 2027",
    ],
}
ORGANISATION = {
    "name": "Example General Hospital",
    "contact": "Patient Education Office · +65 6123 4567",
    "web": "https://hospital.example.org/leaflets",
    "logo_path": "",
}


def _rows(tico_dir: Path) -> list[dict[str, str]]:
    from bench.qa_corpus import load_tico

    rows = [row for row in load_tico(tico_dir / "tico19-dev.tsv") if all(row.get(lang) for lang in LANGUAGES)]
    short = [row for row in rows if row["id"].startswith("CMU") and 15 < len(row["en"]) < 60]
    long = [row for row in rows if row["id"].startswith("PubMed") and 150 < len(row["en"]) < 260]
    # Title, heading, paragraph, paragraph, heading, three list items, three red flags.
    return [short[0], short[1], long[0], long[1], short[2], short[3], short[4], short[5], short[6], short[7], short[8]]


def _arguments(language: str, rows: list[dict[str, str]]) -> dict:
    from django.utils import translation
    from django.utils.translation import gettext as _

    from workbench.languages import CONTENT_LANGUAGES

    text = [row[language] for row in rows]
    with translation.override(UI_LANGUAGE[language]):
        red_flags_label = _("Get help at once")
        footer_note = _(
            "This leaflet gives general information. It does not replace advice from your own doctor, nurse or "
            "care team. If you are unsure or your condition changes, ask them."
        )
    return {
        "html_lang": CONTENT_LANGUAGES[language].html_lang,
        "language_code": language,
        "title": text[0],
        "blocks": [
            {"kind": "heading", "text": text[1]},
            {"kind": "paragraph", "text": text[2]},
            {"kind": "paragraph", "text": text[3]},
            {"kind": "heading", "text": text[4]},
            {"kind": "list_item", "items": text[5:8]},
            {"kind": "red_flag", "items": text[8:11]},
        ],
        "red_flags_label": red_flags_label,
        "statements": STATEMENTS[language],
        "organisation": ORGANISATION,
        "page_url": f"https://hospital.example.org/p/42/{language}/",
        "footer_note": footer_note,
    }


def main() -> int:
    from bench.qa_corpus import DEFAULT_TICO_DIR

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tico-dir", type=Path, default=DEFAULT_TICO_DIR)
    parser.add_argument("--pdf-dir", type=Path, default=ROOT / "var" / "print")
    options = parser.parse_args()

    import django

    django.setup()
    from workbench.pdf import leaflet_pdf, pdf_unavailable_reason

    if shutil.which("pdftoppm") is None:
        print("pdftoppm not found: install poppler-utils (apt-get install poppler-utils)", file=sys.stderr)
        return 2
    started = time.perf_counter()
    reason = pdf_unavailable_reason()
    check_seconds = time.perf_counter() - started
    if reason is not None:
        print(reason, file=sys.stderr)
        return 2
    rows = _rows(options.tico_dir)
    options.pdf_dir.mkdir(parents=True, exist_ok=True)
    OUT.mkdir(parents=True, exist_ok=True)
    summary: dict = {"check_seconds": round(check_seconds, 3), "languages": {}}
    print(f"availability check (first call, loads the fonts): {check_seconds:.2f} s")
    for language in LANGUAGES:
        arguments = _arguments(language, rows)
        started = time.perf_counter()
        pdf = leaflet_pdf(**arguments)
        first = time.perf_counter() - started
        started = time.perf_counter()
        for _ in range(TIMED_RUNS):
            leaflet_pdf(**arguments)
        seconds = (time.perf_counter() - started) / TIMED_RUNS
        path = options.pdf_dir / f"leaflet-{language}.pdf"
        path.write_bytes(pdf)
        for old in OUT.glob(f"leaflet-{language}-*.png"):
            old.unlink()
        subprocess.run(["pdftoppm", "-r", "60", "-png", str(path), str(OUT / f"leaflet-{language}")], check=True)
        pages = sorted(OUT.glob(f"leaflet-{language}-*.png"))
        summary["languages"][language] = {
            "first_seconds": round(first, 3),
            "seconds": round(seconds, 3),
            "pdf_bytes": len(pdf),
            "pages": len(pages),
            "png_bytes": sum(page.stat().st_size for page in pages),
        }
        print(
            f"{language}: {seconds:.3f} s per PDF (first {first:.3f} s), {len(pdf) / 1024:.0f} KiB, "
            f"{len(pages)} page(s) -> {', '.join(page.name for page in pages)}"
        )
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
