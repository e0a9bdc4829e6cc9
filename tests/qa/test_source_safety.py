from translations.qa import check_source_document


def safety(segments, lang="en"):
    return [(i, f) for i, f in check_source_document(segments=segments, lang=lang) if f.check_id == "source_safety"]


LEAFLET = [
    ("heading", "Dengue fever"),
    ("paragraph", "Drink plenty of fluids and rest."),
    ("list_item", "Take paracetamol for fever."),
]


def test_it_flags_a_leaflet_without_red_flags():
    [(index, finding)] = safety(LEAFLET)
    assert index is None and finding.severity == "error" and "red-flags" in finding.message


def test_it_flags_red_flags_without_an_emergency_instruction():
    segments = LEAFLET + [("red_flag", "Severe stomach pain or bleeding gums are danger signs.")]
    [(index, finding)] = safety(segments)
    assert index == 3 and finding.severity == "error" and "call 995" in finding.message


def test_it_stays_quiet_when_the_red_flags_say_call_995():
    assert safety(LEAFLET + [("red_flag", "If you have bleeding gums or black stools, call 995 immediately.")]) == []


def test_it_accepts_go_to_a_and_e():
    assert safety(LEAFLET + [("red_flag", "If you vomit blood, go to the nearest A&E.")]) == []


def test_it_reads_a_chinese_source():
    segments = [("paragraph", "多喝水。"), ("red_flag", "如果牙龈出血，请立即拨打 995。")]
    assert safety(segments, "zh") == []


def test_an_empty_red_flag_segment_does_not_count():
    [(index, _)] = safety(LEAFLET + [("red_flag", "  ")])
    assert index is None
