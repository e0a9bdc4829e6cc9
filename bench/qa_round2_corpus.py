"""Corrupted corpora for the round-2 QA checks (negation, units, shifted segments).

Real TICO-19 pairs (../shared/data/tico19/tico19-dev.tsv, read at run time,
never copied) and leaflet sentences written here in four languages, with the
target corrupted the way a model or a batch reply gets it wrong:

* negation dropped: every negation of the target removed or turned positive
  ("不要共用杯子" -> "要共用杯子", "jangan" -> "", Tamil வேண்டாம் -> வேண்டும்,
  -ாதீர்கள் -> -ுங்கள், -வில்லை -> -கிறது);
* negation added: a target without one gets one (要 -> 不要, boleh -> tidak
  boleh, -வும் -> வேண்டாம்);
* unit changed, number kept (7 天 -> 7 周, 2 bulan -> 2 tahun, mg -> g,
  20% -> 20 倍);
* shifted: the target replaced by its neighbour's correct translation, the
  segments around it unchanged (what a batch reply off by one produces).

The marker lists here are written for corrupting text and are deliberately
not the check's own: a corpus built from the detector's lists would measure
nothing. Rows are split like bench/qa_corpus.py: even rows for development,
odd rows held out. The leaflet sentences alternate the same way.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field

from bench.qa_corpus import LANGUAGES, load_tico  # noqa: F401 (LANGUAGES re-exported)


@dataclass(frozen=True)
class Pair:
    """One segment with its neighbours' sources (and targets), in text order."""

    row_id: str
    source: str
    target: str
    target_lang: str
    neighbour_sources: tuple[str, ...] = field(default=())


# --- leaflet sentences written for this corpus ------------------------------------
# (en, zh, ms, ta); each has a number with a unit, several a negation.
LEAFLET = [
    (
        "Take 500 mg twice a day for 7 days.",
        "每天服用两次，每次 500 毫克，连续 7 天。",
        "Ambil 500 mg dua kali sehari selama 7 hari.",
        "7 நாட்களுக்கு ஒரு நாளைக்கு இரண்டு முறை 500 மி.கி. எடுத்துக்கொள்ளவும்.",
    ),
    (
        "Do not take more than 4 g of paracetamol in 24 hours.",
        "24 小时内服用扑热息痛不要超过 4 克。",
        "Jangan ambil lebih daripada 4 g parasetamol dalam masa 24 jam.",
        "24 மணி நேரத்தில் 4 கிராமுக்கு மேல் பாராசிட்டமால் எடுக்க வேண்டாம்.",
    ),
    (
        "If your temperature is above 38 °C for more than 2 days, see a doctor.",
        "如果体温超过 38 °C 并持续 2 天以上，请去看医生。",
        "Jika suhu anda melebihi 38 °C selama lebih daripada 2 hari, jumpa doktor.",
        "உங்கள் உடல் வெப்பநிலை 2 நாட்களுக்கு மேல் 38 °C க்கு மேல் இருந்தால், மருத்துவரைப் பாருங்கள்.",
    ),
    (
        "Do not share cups or towels for 14 days.",
        "14 天内不要共用杯子或毛巾。",
        "Jangan berkongsi cawan atau tuala selama 14 hari.",
        "14 நாட்களுக்கு கோப்பைகளையோ துண்டுகளையோ பகிர்ந்து கொள்ள வேண்டாம்.",
    ),
    (
        "Drink at least 2 litres of water a day.",
        "每天至少喝 2 升水。",
        "Minum sekurang-kurangnya 2 liter air sehari.",
        "ஒரு நாளைக்கு குறைந்தது 2 லிட்டர் தண்ணீர் குடிக்கவும்.",
    ),
    (
        "The vaccine lowers the risk of severe illness by 90%.",
        "疫苗可将重症风险降低 90%。",
        "Vaksin mengurangkan risiko penyakit teruk sebanyak 90%.",
        "தடுப்பூசி கடுமையான நோயின் அபாயத்தை 90% குறைக்கிறது.",
    ),
    (
        "Give 5 ml of the syrup three times a day after meals.",
        "饭后服用糖浆，每天三次，每次 5 毫升。",
        "Beri 5 ml sirap tiga kali sehari selepas makan.",
        "உணவுக்குப் பிறகு ஒரு நாளைக்கு மூன்று முறை 5 மி.லி. சிரப் கொடுக்கவும்.",
    ),
    (
        "Your next appointment is in 3 months.",
        "您的下一次复诊在 3 个月后。",
        "Temu janji anda yang seterusnya adalah dalam masa 3 bulan.",
        "உங்கள் அடுத்த சந்திப்பு 3 மாதங்களில் உள்ளது.",
    ),
    (
        "Do not drive for 24 hours after the procedure.",
        "手术后 24 小时内不要开车。",
        "Jangan memandu selama 24 jam selepas prosedur.",
        "செயல்முறைக்குப் பிறகு 24 மணி நேரம் வாகனம் ஓட்ட வேண்டாம்.",
    ),
    (
        "Wash your hands with soap for at least 20 seconds.",
        "用肥皂洗手至少 20 秒。",
        "Basuh tangan anda dengan sabun sekurang-kurangnya 20 saat.",
        "குறைந்தது 20 விநாடிகள் சோப்புடன் உங்கள் கைகளைக் கழுவவும்.",
    ),
    (
        "Babies under 6 months should not be given honey.",
        "6 个月以下的婴儿不应食用蜂蜜。",
        "Bayi di bawah umur 6 bulan tidak boleh diberi madu.",
        "6 மாதங்களுக்குட்பட்ட குழந்தைகளுக்கு தேன் கொடுக்கக்கூடாது.",
    ),
    (
        "Smokers are 2-fold more likely to develop the disease.",
        "吸烟者患病的可能性高出 2 倍。",
        "Perokok 2 kali ganda lebih berkemungkinan mendapat penyakit ini.",
        "புகைப்பிடிப்பவர்களுக்கு இந்த நோய் வருவதற்கான வாய்ப்பு 2 மடங்கு அதிகம்.",
    ),
    (
        "Stay at home for 5 days and avoid crowded places.",
        "在家休息 5 天，避免去人多的地方。",
        "Tinggal di rumah selama 5 hari dan elakkan tempat yang sesak.",
        "5 நாட்கள் வீட்டில் இருங்கள், கூட்டமான இடங்களைத் தவிர்க்கவும்.",
    ),
    (
        "Keep the insulin in the fridge at 2 to 8 °C.",
        "将胰岛素存放在 2 至 8 °C 的冰箱中。",
        "Simpan insulin di dalam peti sejuk pada suhu 2 hingga 8 °C.",
        "இன்சுலினை 2 முதல் 8 °C வெப்பநிலையில் குளிர்சாதனப் பெட்டியில் வைக்கவும்.",
    ),
    (
        "Your child weighs 12 kg, so the dose is 180 mg.",
        "您的孩子体重 12 公斤，所以剂量是 180 毫克。",
        "Anak anda seberat 12 kg, jadi dosnya ialah 180 mg.",
        "உங்கள் குழந்தையின் எடை 12 கிலோ, எனவே மருந்தளவு 180 மி.கி.",
    ),
    (
        "Do not eat or drink for 6 hours before the test.",
        "检查前 6 小时内不要进食或喝水。",
        "Jangan makan atau minum selama 6 jam sebelum ujian.",
        "பரிசோதனைக்கு 6 மணி நேரத்திற்கு முன் எதையும் சாப்பிடவோ குடிக்கவோ கூடாது.",
    ),
    (
        "Most people recover within 2 weeks without treatment.",
        "大多数人在 2 周内无需治疗即可康复。",
        "Kebanyakan orang pulih dalam masa 2 minggu tanpa rawatan.",
        "பெரும்பாலானோர் சிகிச்சை இல்லாமல் 2 வாரங்களில் குணமடைகின்றனர்.",
    ),
    (
        "Exercise for 30 minutes, 5 times a week.",
        "每周运动 5 次，每次 30 分钟。",
        "Bersenam selama 30 minit, 5 kali seminggu.",
        "வாரத்திற்கு 5 முறை, 30 நிமிடங்கள் உடற்பயிற்சி செய்யுங்கள்.",
    ),
    (
        "You cannot donate blood for 1 year after the surgery.",
        "手术后 1 年内不能献血。",
        "Anda tidak boleh menderma darah selama 1 tahun selepas pembedahan.",
        "அறுவை சிகிச்சைக்குப் பிறகு 1 வருடத்திற்கு நீங்கள் இரத்த தானம் செய்ய முடியாது.",
    ),
    (
        "About 10% of patients have no symptoms.",
        "约 10% 的患者没有症状。",
        "Kira-kira 10% pesakit tidak mempunyai gejala.",
        "சுமார் 10% நோயாளிகளுக்கு அறிகுறிகள் இல்லை.",
    ),
]
_COLUMN = {"en": 0, "zh": 1, "ms": 2, "ta": 3}


def leaflet_rows() -> list[dict]:
    return [
        {"id": f"leaflet_{i}", "en": row[0], "zh": row[1], "ms": row[2], "ta": row[3]} for i, row in enumerate(LEAFLET)
    ]


def split(rows: list, held_out: bool) -> list:
    return rows[1::2] if held_out else rows[0::2]


# --- negation ---------------------------------------------------------------------
# (pattern, replacement): what removes or inverts a negation, per language.
_DROP = {
    "zh": [
        (r"没有", "有"),
        (r"不要", "要"),
        (r"不能", "能"),
        (r"不应", "应"),
        (r"不会", "会"),
        (r"不是", "是"),
        (r"不可", "可"),
        (r"无需", "需要"),
        (r"无法", "能"),
        (r"避免", "进行"),
        (r"禁止", "允许"),
        (r"切勿", "要"),
        (r"尚未", "已经"),
        (r"(?<![特区分类个级识鉴性告辨判差])别(?![人的处])", "要"),
        (r"勿", "要"),
        (r"未(?!来)", "已"),
        (r"没", "有"),
        (r"(?<!除)非(?![常洲典])", ""),
        (r"无(?!论|数)", "有"),
        (r"(?<!并)不(?![同断少仅但久过论管一时适良已止])", ""),
    ],
    "ms": [
        # "tidak," ("ya, tidak, atau …") and tidaklah were left in the "dropped" target
        (r"\btidak(?:lah)?\b\s*", ""),
        (r"\btak\s+", ""),
        (r"\bjangan\s+", ""),
        (r"\bJangan\s+", ""),
        (r"\bTidak\s+", ""),
        # bukannya/bukanlah ("not", with a clitic) were left in the "dropped" target
        (r"\bbukan(?:nya|lah)?\s+", ""),
        (r"\bbelum\s+", "sudah "),
        (r"\btiada\b", "ada"),
        (r"\btanpa\b", "dengan"),
        (r"\bTanpa\b", "Dengan"),
        (r"\belakkan\b", "lakukan"),
        (r"\bdilarang\b", "dibenarkan"),
        (r"\bmengelakkan\b", "melakukan"),
        # the other forms of elak/hindar ("avoid") were left in the "dropped" target
        (r"\bmengelak\b", "melakukan"),
        (r"\b[Ee]lak\b", "lakukan"),
        (r"\bdielakkan\b", "dilakukan"),
        (r"\b(?:meng)?hindari\b", "lakukan"),
    ],
    "ta": [
        (r"வேண்டாம்", "வேண்டும்"),
        (r"க்கூடாது", "வேண்டும்"),
        (r"கூடாது", "வேண்டும்"),
        (r"முடியாது", "முடியும்"),
        (r"முடியவில்லை", "முடிந்தது"),
        (r"இல்லாமல்", "உடன்"),
        (r"இல்லாத", "உள்ள"),
        (r"(?<![\u0b80-\u0bff])இல்லை", "உள்ளது"),
        (r"வில்லை", "கிறது"),
        (r"தேவையில்லை", "தேவை"),
        (r"ாதீர்கள்", "ுங்கள்"),
        (r"ாதே", "ு"),
        (r"ாமல்", "ு"),
        (r"(?<![\u0b80-\u0bff])அல்ல(?![\u0b80-\u0bff])", "ஆகும்"),
        (r"தவிர்க்கவும்", "செய்யவும்"),
        (r"தவிர்க்க", "செய்ய"),
        # the other forms of தவிர் ("avoid": தவிர்ப்பது, தவிர்த்திடுங்கள்) were left in the "dropped" target
        (r"தவிர்ப்ப", "செய்வ"),
        (r"தவிர்த்", "செய்"),
        (r"இன்றி", "உடன்"),
        # -இன்றி written on to a word (தேவையின்றி) was left in the "dropped" target
        (r"ின்றி", "ுடன்"),
        (r"இயலாது", "இயலும்"),
        (r"தெரியாது", "தெரியும்"),
        (r"ாவிட்டால்", "ால்"),
        # -ாத/-ாது before a bracket, quote or semicolon ("அறியப்படாத)") were left in the "dropped" target
        (r"ாத(?![\u0b80-\u0bff])", "ும்"),
        (r"ாதவர்", "ுபவர்"),
        (r"ாது(?![\u0b80-\u0bff])", "ும்"),
        # -ாதிரு- ("stay without -ing": எடுக்காதிருந்த) was left in the "dropped" target
        (r"ாதிரு", "ு இரு"),
        # -இல்லை written on to a word (அவசியமில்லை, எதுவுமில்லை) was left in the "dropped" target
        (r"ில்லை", "ுள்ளது"),
        # the "will not" auxiliary (இழக்கமாட்டீர்கள், வரமாட்டார்கள்) was left in the "dropped" target
        (r"மாட்டாது", "ும்"),
        (r"மாட்ட([ாேீோ])", r"வ\1"),
    ],
}
_EN_NEGATED = re.compile(
    r"\b(?:not|no|never|none|nothing|nobody|neither|nor|without|cannot|avoid\w*|\w+n't)\b", re.IGNORECASE
)
# An instruction turned into its opposite: "do X" -> "do not do X".
_ADD = {
    "zh": [(r"(?<!不)要", "不要"), (r"可以", "不可以"), (r"(?<!不)能", "不能"), (r"应该", "不应该"), (r"请", "请不要")],
    "ms": [
        (r"\bboleh\b", "tidak boleh"),
        (r"\bperlu\b", "tidak perlu"),
        (r"\bdapat\b", "tidak dapat"),
        (r"\bharus\b", "tidak harus"),
        (r"\bsila\b", "jangan"),
        (r"\bSila\b", "Jangan"),
    ],
    "ta": [
        (r"வும்(?=[.!]?\s*$)", " வேண்டாம்"),
        (r"ுங்கள்(?=[.!]?\s*$)", "ாதீர்கள்"),
        (r"வேண்டும்", "கூடாது"),
        (r"முடியும்", "முடியாது"),
    ],
}
# A plain statement negated (is -> is not): reported separately, see docs/qa.md.
_ADD_PLAIN = {
    "zh": [(r"是", "不是"), (r"有", "没有"), (r"会", "不会")],
    "ms": [(r"\badalah\b", "bukan"), (r"\bialah\b", "bukan"), (r"\bada\b", "tiada"), (r"\bakan\b", "tidak akan")],
    "ta": [(r"உள்ளது", "இல்லை"), (r"கிறது(?=[.!?]?\s*$)", "வில்லை"), (r"கின்றன(?=[.!?]?\s*$)", "வில்லை")],
}


def drop_negation(target: str, lang: str) -> str | None:
    changed = target
    for pattern, replacement in _DROP[lang]:
        changed = re.sub(pattern, replacement, changed)
    return changed if changed != target else None


def add_negation(target: str, lang: str, plain: bool = False) -> str | None:
    for pattern, replacement in (_ADD_PLAIN if plain else _ADD)[lang]:
        changed, count = re.subn(pattern, replacement, target, count=1)
        if count:
            return changed
    if plain:
        return None
    # Nothing to turn: a negation at the head of the sentence.
    head = {"zh": "不要", "ms": "Jangan ", "ta": "வேண்டாம்: "}[lang]
    return head + target


def negation_cases(rows: list[dict], lang: str) -> dict[str, list[Pair]]:
    dropped, added, plain = [], [], []
    for row in rows:
        source, target = row["en"], row[lang]
        if not target.strip():
            continue
        if _EN_NEGATED.search(source):
            corrupted = drop_negation(target, lang)
            if corrupted is not None:
                dropped.append(Pair(row["id"], source, corrupted, lang))
        else:
            corrupted = add_negation(target, lang)
            if corrupted is not None:
                added.append(Pair(row["id"], source, corrupted, lang))
            corrupted = add_negation(target, lang, plain=True)
            if corrupted is not None:
                plain.append(Pair(row["id"], source, corrupted, lang))
    return {"negation_dropped": dropped, "negation_added": added, "negation_added_plain": plain}


# --- units ------------------------------------------------------------------------
# Families of units a number keeps while its unit changes; each entry is
# (pattern after the number, replacements to choose from).
_NUMBER = r"(?<![0-9.,])[0-9]+(?:[.,][0-9]+)?"
_UNIT_SWAPS = {
    "en": [],
    "zh": [
        (r"\s?个?月", ["年", "周"]),
        (r"\s?天", ["周", "个月"]),
        (r"\s?日(?![期本])", ["周", "年"]),
        (r"\s?周", ["天", "个月"]),
        (r"\s?(?:个)?星期", ["天", "个月"]),
        (r"\s?年(?![代龄])", ["个月", "周"]),
        (r"\s?(?:个)?小时", ["天", "分钟"]),
        (r"\s?分钟", ["小时", "秒"]),
        (r"\s?秒", ["分钟"]),
        (r"\s?毫克", ["克", "微克"]),
        (r"\s?mg", ["g", "μg"]),
        (r"\s?毫升", ["升"]),
        (r"\s?升", ["毫升"]),
        (r"\s?公斤", ["克"]),
        (r"\s?%", ["倍"]),
        (r"\s?倍", ["%"]),
        (r"\s?°C", ["°F"]),
    ],
    "ms": [
        (r"\s(?:hari)\b", [" minggu", " bulan"]),
        (r"\s(?:minggu)\b", [" hari", " bulan"]),
        (r"\s(?:bulan)\b", [" tahun", " minggu"]),
        (r"\s(?:tahun)\b", [" bulan", " minggu"]),
        (r"\s(?:jam)\b", [" hari", " minit"]),
        (r"\s(?:minit)\b", [" jam", " saat"]),
        (r"\s(?:saat)\b", [" minit"]),
        (r"\s?mg\b", [" g", " mcg"]),
        (r"\s?ml\b", [" liter"]),
        (r"\s(?:liter|litre)\b", [" ml"]),
        (r"\s?kg\b", [" g"]),
        (r"\s?%", [" kali ganda"]),
        (r"\skali ganda\b", ["%"]),
        (r"\s?°C", ["°F"]),
    ],
    "ta": [
        (r"\s?நாட்கள்", [" வாரங்கள்", " மாதங்கள்"]),
        (r"\s?நாட்களுக்கு", [" வாரங்களுக்கு", " மாதங்களுக்கு"]),
        (r"\s?நாட்களில்", [" வாரங்களில்", " மாதங்களில்"]),
        (r"\s?நாள்", [" வாரம்", " மாதம்"]),
        (r"\s?வாரங்கள்", [" நாட்கள்", " மாதங்கள்"]),
        (r"\s?வாரங்களில்", [" நாட்களில்", " மாதங்களில்"]),
        (r"\s?வாரம்", [" நாள்", " மாதம்"]),
        (r"\s?மாதங்கள்", [" ஆண்டுகள்", " வாரங்கள்"]),
        (r"\s?மாதங்களில்", [" ஆண்டுகளில்", " வாரங்களில்"]),
        (r"\s?மாதங்களுக்கு", [" ஆண்டுகளுக்கு", " வாரங்களுக்கு"]),
        (r"\s?மாத", [" ஆண்டு", " வார"]),
        (r"\s?ஆண்டுகள்", [" மாதங்கள்"]),
        (r"\s?ஆண்டுகளில்", [" மாதங்களில்"]),
        (r"\s?ஆண்டு", [" மாதம்"]),
        (r"\s?வருடத்திற்கு", [" மாதத்திற்கு"]),
        (r"\s?மணி நேர", [" நாள்"]),
        (r"\s?மணி", [" நாள்"]),
        (r"\s?நிமிடங்கள்", [" மணி நேரம்"]),
        (r"\s?விநாடிகள்", [" நிமிடங்கள்"]),
        (r"\s?மி\.கி\.?", [" கிராம்"]),
        (r"\s?மி\.லி\.?", [" லிட்டர்"]),
        (r"\s?லிட்டர்", [" மி.லி."]),
        (r"\s?கிலோ", [" கிராம்"]),
        (r"\s?கிராமுக்கு", [" மி.கி.க்கு"]),
        (r"\s?mg", [" g"]),
        (r"\s?%", [" மடங்கு"]),
        (r"\s?மடங்கு", ["%"]),
        (r"\s?°C", ["°F"]),
    ],
}


# A number with a unit in the English source: only those are corrupted in the
# target (a date's 年/月/日 is not a unit the source has).
_EN_WITH_UNIT = re.compile(
    r"(?<![0-9.,])([0-9]+(?:\.[0-9]+)?)[\s-]?(?:seconds?|minutes?|hours?|days?|weeks?|months?|years?|%|"
    r"percent|per cent|-?fold|times|mg|g|mcg|kg|ml|mL|litres?|liters?|°C|degrees)\b",
    re.IGNORECASE,
)


def change_unit(target: str, lang: str, seed: str, source: str = "") -> str | None:
    rng = random.Random(seed)
    with_unit = {m.group(1) for m in _EN_WITH_UNIT.finditer(source)} if source else None
    spots = []
    for pattern, replacements in _UNIT_SWAPS[lang]:
        for match in re.finditer("(" + _NUMBER + ")(" + pattern + ")", target):
            if with_unit is not None and match.group(1) not in with_unit:
                continue
            spots.append((match.start(2), match.end(2), replacements))
    if not spots:
        return None
    start, end, replacements = rng.choice(spots)
    replacement = rng.choice(replacements)
    if lang in ("zh",) and target[start : start + 1] == " ":
        replacement = " " + replacement
    return target[:start] + replacement + target[end:]


def unit_cases(rows: list[dict], lang: str) -> list[Pair]:
    cases = []
    for row in rows:
        changed = change_unit(row[lang], lang, row["id"], row["en"])
        if changed is not None and changed != row[lang]:
            cases.append(Pair(row["id"], row["en"], changed, lang))
    return cases


# --- shifted segments ----------------------------------------------------------------
def _document(row_id: str) -> str:
    return row_id.split(":")[0]


def in_order(rows: list[dict], lang: str, held_out: bool | None = None) -> list[Pair]:
    """Rows with their neighbours' sources: the whole file as a text, in file
    order, neighbours taken within the same document only. `held_out` picks
    the odd (True) or even (False) rows, with their neighbours from all rows."""
    pairs = []
    for i, row in enumerate(rows):
        if held_out is not None and i % 2 != int(held_out):
            continue
        neighbours = tuple(
            rows[j]["en"]
            for j in (i - 1, i + 1)
            if 0 <= j < len(rows) and _document(rows[j]["id"]) == _document(row["id"]) and rows[j]["en"].strip()
        )
        pairs.append(Pair(row["id"], row["en"], row[lang], lang, neighbours))
    return pairs


def shifted_cases(rows: list[dict], lang: str, held_out: bool | None = None) -> list[Pair]:
    """Row i's target replaced by row i+1's correct translation."""
    cases = []
    following_of = {row["id"]: rows[i + 1] for i, row in enumerate(rows[:-1])}
    for pair in in_order(rows, lang, held_out):
        following = following_of.get(pair.row_id)
        if following is None or _document(following["id"]) != _document(pair.row_id):
            continue
        if not following[lang].strip() or following[lang].strip() == pair.target.strip():
            continue
        cases.append(Pair(pair.row_id, pair.source, following[lang], lang, pair.neighbour_sources))
    return cases
