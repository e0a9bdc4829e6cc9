"""NRIC/FIN check letters, against vectors published outside this project."""

import pytest

from translations.phi.nric import check_letter, is_valid_nric

# S/T/F/G vectors from the long-published algorithm; M vectors from the
# government's form validation (FormSG isMFinSeriesValid test: M1234567K) and
# from a public library's regression test for the same rule (M3960741N).
PUBLISHED_VALID = [
    "S1234567D",
    "S8076606H",
    "T1234567J",
    "F1234567N",
    "G1234567X",
    "G4549883U",
    "M1234567K",
    "M3960741N",
]


@pytest.mark.parametrize("value", PUBLISHED_VALID)
def test_it_accepts_published_valid_numbers_of_every_series(value):
    assert is_valid_nric(value)
    assert check_letter(value[0], value[1:8]) == value[8]


def test_it_reads_the_m_table_backwards_as_the_government_form_does():
    # table[remainder] would give X, and leaving out the offset of 3 would give N:
    # both are the mistakes that make other validators reject real M FINs.
    assert check_letter("M", "1234567") == "K"
    assert not is_valid_nric("M1234567X")
    assert not is_valid_nric("M1234567N")


def test_every_m_check_letter_comes_from_the_m_table():
    letters = {check_letter("M", f"{n:07d}") for n in range(0, 10_000_000, 9_973)}
    assert letters == set("KLJNPQRTUWX")


def test_it_accepts_any_case():
    assert is_valid_nric("s1234567d")


@pytest.mark.parametrize("value", ["S1234567A", "A1234567D", "S123456D", "S12345678D", "S12345a7D", "S１２３４５６７D"])
def test_it_rejects_wrong_letters_lengths_and_non_ascii_digits(value):
    assert not is_valid_nric(value)


def test_it_refuses_an_unknown_series():
    with pytest.raises(ValueError):
        check_letter("A", "1234567")
