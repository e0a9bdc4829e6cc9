"""Check letters of Singapore NRIC and FIN numbers.

An NRIC/FIN is a series letter, seven digits and a check letter. The check
letter is computed from a weighted sum of the digits, an offset that depends on
the series, and a lookup table. The S/T/F/G rules are the long-published ones;
the M series (FINs issued from 1 January 2022) follows the rule in the
government's own form validation (FormSG ``isMFinSeriesValid``): add 3, take
the remainder R1 modulo 11, compute P = 11 - R1 and read table[P - 1], which is
table[10 - R1]. Implementations that read table[R1] reject real M FINs such as
M1234567K (FormSG's own test vector). docs/phi.md records the reasoning.
"""

from __future__ import annotations

WEIGHTS = (2, 7, 6, 5, 4, 3, 2)

# series letter -> (offset added to the weighted sum, check-letter table)
_TABLES = {
    "S": (0, "JZIHGFEDCBA"),
    "T": (4, "JZIHGFEDCBA"),
    "F": (0, "XWUTRQPNMLK"),
    "G": (4, "XWUTRQPNMLK"),
}
M_OFFSET = 3
M_TABLE = "KLJNPQRTUWX"

SERIES = frozenset("STFGM")


def check_letter(series: str, digits: str) -> str:
    """The check letter for ``series`` (S, T, F, G or M) and seven ASCII digits."""
    series = series.upper()
    if series not in SERIES:
        raise ValueError(f"unknown NRIC/FIN series {series!r}")
    if len(digits) != 7 or not digits.isascii() or not digits.isdigit():
        raise ValueError("an NRIC/FIN has exactly seven digits")
    weighted = sum(weight * int(digit) for weight, digit in zip(WEIGHTS, digits, strict=True))
    if series == "M":
        remainder = (weighted + M_OFFSET) % 11
        return M_TABLE[10 - remainder]
    offset, table = _TABLES[series]
    return table[(weighted + offset) % 11]


def is_valid_nric(value: str) -> bool:
    """True for a nine-character NRIC/FIN whose check letter matches (any case)."""
    if len(value) != 9:
        return False
    series, digits, letter = value[0].upper(), value[1:8], value[8].upper()
    if series not in SERIES or not (digits.isascii() and digits.isdigit()):
        return False
    return check_letter(series, digits) == letter
