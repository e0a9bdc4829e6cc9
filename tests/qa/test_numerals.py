from decimal import Decimal

from translations.qa.numerals import CODE, DIGITS, LIST, VAGUE, WORD, extract_numbers


def values(text, lang):
    return [(m.text, sorted(m.values), m.kind) for m in extract_numbers(text, lang)]


def test_it_reads_chinese_scale_characters():
    [mention] = extract_numbers("350 万", "zh")
    assert Decimal(3_500_000) in mention.values


def test_it_reads_chinese_numerals_with_units():
    assert Decimal(1234) in extract_numbers("一千二百三十四", "zh")[0].values
    assert Decimal(2) in extract_numbers("两周", "zh")[0].values


def test_it_skips_chinese_words_that_are_not_numbers():
    assert not extract_numbers("一些人一起十分注意，千万不要忘记", "zh")


def test_it_keeps_ten_minutes_and_thirty_minutes():
    assert [Decimal(10)] == sorted(extract_numbers("十分钟", "zh")[0].values)
    assert [Decimal(30)] == sorted(extract_numbers("三十分钟", "zh")[0].values)


def test_it_reads_percent_in_chinese():
    assert Decimal(13) in extract_numbers("百分之十三", "zh")[0].values


def test_it_reads_english_number_words():
    assert [m.values for m in extract_numbers("two hundred and fifty", "en")] == [frozenset({Decimal(250)})]
    assert Decimal(25) in extract_numbers("twenty-five", "en")[0].values


def test_it_reads_malay_number_words():
    assert Decimal(25) in extract_numbers("dua puluh lima", "ms")[0].values
    assert Decimal(300) in extract_numbers("tiga ratus", "ms")[0].values
    assert Decimal(15) in extract_numbers("lima belas", "ms")[0].values


def test_it_reads_tamil_number_words_and_digits():
    assert Decimal(2) in extract_numbers("இரண்டு", "ta")[0].values
    assert Decimal(12) in extract_numbers("௧௨ நாட்கள்", "ta")[0].values


def test_it_reads_month_names_in_each_language():
    assert Decimal(3) in extract_numbers("March 7", "en")[0].values
    assert Decimal(3) in extract_numbers("7 Mac 2020", "ms")[1].values
    assert any(Decimal(1) in m.values for m in extract_numbers("16 ஜனவரி 2020", "ta"))


def test_may_is_a_month_only_next_to_a_date():
    assert not extract_numbers("May cause drowsiness.", "en")
    assert Decimal(5) in extract_numbers("on 5 May", "en")[1].values


def test_it_marks_name_digits_as_codes():
    kinds = {m.text: m.kind for m in extract_numbers("COVID-19, SARS-CoV-2, H1N1 and 2019-nCoV", "en")}
    assert kinds["COVID-19"] == CODE and kinds["SARS-CoV-2"] == CODE and kinds["2019-nCoV"] == CODE


def test_doses_glued_to_units_are_numbers_not_codes():
    assert [m.kind for m in extract_numbers("500mg", "en")] == [DIGITS]


def test_it_marks_list_numbers():
    assert extract_numbers("1) Stay at home.", "en")[0].kind == LIST


def test_it_reads_thousands_and_decimal_separators_per_locale():
    assert Decimal(8096) in extract_numbers("8,096", "en")[0].values
    assert Decimal("4.8") in extract_numbers("4,8", "ms")[0].values
    assert Decimal(100000) in extract_numbers("1,00,000", "ta")[0].values
    assert Decimal("0.08") in extract_numbers("to .08% in New Zealand", "en")[0].values


def test_vague_words_absorb_matches_without_being_reported():
    assert [m.kind for m in extract_numbers("both", "en")] == [VAGUE]
    assert [m.kind for m in extract_numbers("two", "en")] == [WORD]


def test_a_clock_time_carries_its_time_of_day():
    [mention] = extract_numbers("8 p.m.", "en")
    assert (20, 0) in mention.times
