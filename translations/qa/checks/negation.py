"""The negation check: a "do not" in the source is a "do not" in the target.

A dropped negation turns advice into its opposite ("Do not share cups" ->
"share cups") while keeping every number, name and the length, so no other
check sees it. Patients act on it: an error.

Each side's negation is read per language as *strong* markers (a negation a
translation must keep: not, never, avoid, without; 不, 没, 勿, 别, 无; tidak,
jangan, tanpa; Tamil வேண்டாம், -ாதே, -க்கூடாது, -இல்லை …) and *weak* ones
(words a translator may render with or without a negation: unknown, unable,
prevent, stop, unless; 无法, 防止, 停止, 是否, 非; berhenti, cegah; நிறுத்து,
இயலாமை "disability").
A source negation needs a strong marker in the target ("avoid" rendered as
不要, "no fever" as 无发烧, "unknown" as 未知 all pass), except the few kinds a
translation may say without one ("avoid" as "prevent", "not until May" as
"only in May", "no other way but" as "the only way"): those are satisfied by a
word that renders that kind (Malay cegah, hanya; Tamil தடுக்க, மட்டுமே), not
by any weak word anywhere in the target (Chinese: by any of its weak words,
which are specific enough there). A double negative keeps a negation
on both sides.

Only the presence of a negation is compared, not the count: translators merge
and split negations ("neither ... nor" -> 既不…也不; "no X or Y" -> tiada X
atau Y), so counts disagree on a fifth of correct rows.
"""

from __future__ import annotations

import re
import unicodedata

from django.utils.translation import gettext_noop

from translations.qa.base import ERROR, Segment, SegmentCheck
from translations.qa.registry import register

# --- English ------------------------------------------------------------------
_EN_STRONG = re.compile(
    r"\b(?:not|no|never|none|nothing|nobody|nowhere|neither|nor|without|cannot|avoid(?:s|ed|ing)?|"
    r"don'?t|doesn'?t|didn'?t|isn'?t|aren'?t|wasn'?t|weren'?t|won'?t|wouldn'?t|shouldn'?t|can'?t|couldn'?t|"
    r"mustn'?t|haven'?t|hasn'?t|hadn'?t|no-one|refrain)\b|\w+n[’']t\b",
    re.IGNORECASE,
)
# Not a negation: "No. 5", "no later than" (a deadline), "not only ... but"
# ("not just/merely/exclusively" are the same construction). "no longer" is
# one: "no longer infectious" turned into "still infectious" reverses it.
_EN_NOT_NEGATION = re.compile(
    r"\bno\.\s?[0-9]|\bNo\s?[0-9]|\bno (?:later|sooner|more than|less than|fewer than)\b|"
    r"\bnot (?:only|just|merely|solely|exclusively|simply)\b|\blast but not least\b|\bif not\b|"
    r"\bwhether or not\b|\bor not\b|\bno matter\b|"
    r"\bnonetheless\b|\bnevertheless\b",
    re.IGNORECASE,
)
# Words a translation may render with a negation (unknown -> 未知 / tidak
# diketahui / தெரியாத): they let the target have one without the source's.
_EN_WEAK = re.compile(
    r"\b(?:un[a-z]{3,}|in(?:ability|capable|complete|correct|effective|sufficient|adequate|active|visible|"
    r"accurate|appropriate|direct|dependent|formal|valid|consistent|definite|evitabl|fertil|fect)[a-z]*|"
    r"im(?:possible|proper|mature|balance|precise|practical)[a-z]*|ir(?:regular|reversible|relevant)[a-z]*|"
    r"il(?:legal|legitimate)[a-z]*|[a-z]{3,}less(?:ly|ness)?|non-?[a-z]+|a(?:symptomatic|typical|sexual)|"
    r"prevent[a-z]*|stop[a-z]*|quit[a-z]*|cease[a-z]*|lack[a-z]*|absen[a-z]+|free|refus[a-z]+|fail[a-z]*|"
    r"den(?:y|ied|ies)|ban(?:s|ned)?|prohibit[a-z]*|forbid[a-z]*|exclud[a-z]+|except[a-z]*|instead|"
    r"rather than|only|few|fewer|little|less|least|under|below|hardly|rarely|seldom|barely|until|till|"
    r"unless|whether|neg(?:ative|ligible|lect)[a-z]*|rule[sd]? out|anti[a-z-]*|difficult[a-z]*|hard to|"
    r"dis(?:able|agree|appear|continu|like|trust|order|honest|comfort|abilit)[a-z]*|mis[a-z]{4,}|"
    r"sterile|over-the-counter|yet|still|keep away|away from|beyond|too|zero|lost|loss|missing|empty|"
    r"escap[a-z]*|avoidable|rather)\b",
    re.IGNORECASE,
)

# --- Chinese ------------------------------------------------------------------
# Strong: the negations themselves. 不/无/未/非/别 inside ordinary words are
# removed first (不同 "different", 无论 "whatever", 未来 "future", 特别, 非常 "very").
_ZH_STRONG = re.compile(r"[不没沒未勿别別无無莫甭禁]|避免|切忌|毋|非")
_ZH_NOT_NEGATION = re.compile(
    r"不同|不断|不少|不仅(?!限)|不但|不久|不过|不论|不管|不一|不时|不适|不良|不已|不止|"
    r"无论|未来|特别|区别|區別|分别|分別|类别|類別|个别|個別|级别|級別|识别|識別|鉴别|鑒別|性别|性別|告别|辨别|判别|差别|"
    r"别人|别的|别处|非常|非洲|除非|无数|非典|"
    r"莫名|莫斯科|莫过于|莫大"
)
# Renderings of a negation that are not themselves one: "avoid" as 防止,
# "stop" as 停止, "only after" as 才, "unless" as 除非 … 否则.
_ZH_WEAK = re.compile(
    r"防止|预防|預防|停止|拒绝|缺乏|缺少|免|排除|禁|阻止|阻断|以免|以防|戒|难以|難以|除非|否则|否則|无论|不管|"
    r"而非|并非|仅|只有|只能|才|难|空|零|忌|休想|谈何|岂|莫过|杜绝|远离|少于|低于|不到|不足|不及"
)

# --- Malay --------------------------------------------------------------------
# elak/hindar ("avoid") with every affix Malay puts on a verb root (elak,
# elakkan, mengelak, dielakkan, pengelakan, terelak; hindari, dihindari,
# menghindarkan): an instruction to avoid is one not to. The root is matched
# whole so that melakukan "to do" and pelaksanaan "implementation", which
# contain the letters e-l-a-k, are not read as "avoid".
_MS_AVOID = r"(?:meng|di|ter|peng|ber)?(?:elak|hindar)(?:kan|an|i)?(?:lah|nya)?"
_MS_STRONG = re.compile(
    r"\b(?:tidak|tak|tiada|tidaklah|tiadalah|jangan|janganlah|bukan|bukanlah|belum|belumlah|usah|tanpa|tanpanya|"
    r"dilarang|takkan|tidakkah|bukankah|enggan|tiadanya|bukannya|takde|nor|never|" + _MS_AVOID + r")\b",
    re.IGNORECASE,
)
_MS_NOT_NEGATION = re.compile(
    r"\b(?:tidak kira|tak kira|(?:bukan|tidak) (?:sahaja|saja|hanya|semata-mata|setakat))\b", re.IGNORECASE
)
_MS_WEAK = re.compile(
    r"\b(?:\w*henti\w*|\w*cegah\w*|\w*larang\w*|\w*hindar\w*|\w*halang\w*|\w*tolak\w*|"
    r"gagal|kecuali|melainkan|selain|hanya|sahaja|saja|cuma|bebas|kosong|sifar|kurang|jarang|sukar|"
    r"\w*sukar\w*|\w*jauh\w*|sebelum|sehingga|hingga|masih|lagi|asimptomatik|sama ada|bagaimanapun|"
    r"walaupun|enggan|\w*abai\w*|hilang|\w*luput\w*)\b",
    re.IGNORECASE,
)

# --- Tamil --------------------------------------------------------------------
# Tamil negates inside the word. Studied on TICO-19 dev (even rows): what the
# Tamil of an English negation has in common.
# * Auxiliaries written on to the verb or noun, anywhere in the word, with any
#   case ending after them: -வேண்டாம் (-வேணாம் spoken), -கூடாது/-கூடாத-,
#   -முடியாது, -இயலாது, -இல்லை/-வில்லை/-யில்லை, -இல்லாத/-இல்லாமல்/-இல்லாமை,
#   -இன்றி, மாட்டா-/மாட்டே-/மாட்டீ-/மாட்டோ-
#   ("will not"), தவிர்- ("avoid"), ஒருபோதும் ("never").
# * The negative verb stem -ஆ- followed by what Tamil builds on it: -ாதிரு-
#   ("stay without -ing": எடுக்காதிருந்த, பேசாதிருங்கள்), -ாமலிரு-/-ாமலே-,
#   -ாதவர்/-ாதவை/-ாதவற்- ("those who do not": போடாதவர்களுக்கு), -ாதவாறு/
#   -ாதபடி ("so as not to"), -ாதபோது ("when not"), -ாதவரை ("as long as
#   not"), -ாதநிலை ("the state of not"), -ாதத- (-ாததால், -ாததை),
#   -ாவிட்டால்/-ாவிடில் ("if not"), -ாதென ("that it will not").
# * The bare endings -ாத, -ாதே, -ாதீர்(கள்), -ாமல், -ாது only at the end of a
#   word (with a clitic -உம்/-ஏ/-ஓ/-தான்), so சுகாதார "health", பொருளாதார
#   "economy" and மாதவிடாய் "menstruation" are not negations.
# * -அல்ல ("is not") and -அற்ற ("-less", "without": பாதுகாப்பற்ற "unsafe",
#   அறிகுறியற்ற "without symptoms", the adjective of அறிகுறிகள் இல்லாத)
#   written on to a word: the அ merges with the word's last consonant
#   (சரியல்ல, ஒன்றல்ல, மருத்துவமல்லாத, பயனற்ற), so they are read as a
#   consonant letter + ல்ல/ற்ற at the end of a word of more than that. A bare
#   consonant cannot follow a vowel sign, which keeps out செல்ல "to go",
#   மெல்ல "slowly", பெற்ற "received", மாற்ற "change"; நல்ல "good" and மற்ற
#   "other" are the consonant alone, and அல்லது "or" is excluded. (Chinese 无
#   and Malay tanpa, the same privative, are strong too.)
# Matched against one Tamil word at a time (so ".*" stays inside the word:
# Python's \w does not match the Tamil vowel signs).
_TA_STRONG = re.compile(
    r"(?:வேண்டாம்|வேணாம்|கூடாது|கூடாத|முடியாது|இயலாது|[இி]ல்லை|[இி]ல்லா|[இி]ன்றி|மாட்டா|மாட்டே|"
    r"மாட்டீ|மாட்டோ|தவிர்|ஒருபோதும்|ாதிரு|ாமலி|ாமலே|ாதவர்|ாதவை|ாதவற்|ாதவா|ாதவரை|ாதபடி|ாதபோ|ாதநிலை|ாதத(?!்)|ாவிட்டா|"
    r"ாவிடி[ல்ன]|ாதென)"
    r"|^அல்ல(?!து)|^அற்ற"
    r"|(?<=[\u0b80-\u0bff])[க-ஹ](?:ல்ல(?:ே|வே|ாத.*|ாமல்.*)?|ற்ற(?:து|வர்.*|வை.*|தாக.*)?)$"
    r"|(?:ாத|ாதே|ாதீர்கள்|ாதீர்|ாதீங்க|ாமல்|ாது)(?:ும்|ே|ோ|தான்)?$"
)
# Words that end like a negation and are not one: மாத "monthly", பாத "foot",
# காது "ear", போது "when", அல்லது "or", -வாத "-ism" (பக்கவாத "stroke",
# முடக்குவாத "rheumatoid", தீவிரவாத "extremist"),
# இன்றியமையாத "essential" (literally "not able to be without"), and "not
# only" (மட்டுமல்ல, மட்டுமின்றி, மட்டுமில்லாமல்), as in English.
_TA_NOT_NEGATION = re.compile(
    r"^(?:மட்டும(?:ல்ல|ின்றி|ில்லாமல்|ில்லை).*|இன்றியமையா.*|மாத|பாத|நாத|சாத|வாத|.*(?:விவாத|பக்கவாத|"
    r"முடக்குவாத|பயங்கரவாத|தீவிரவாத)|தாத|காத|ராத|ஆதார|காது|தாது|வாது|சாது|பாது|மாது|போது|யாது|அல்லது|"
    r"எப்போது|இப்போது|அப்போது|மாதிரி)$"
)
# The nouns of lack, -இன்மை (தூக்கமின்மை "sleeplessness") and -ாமை (இயலாமை
# "disability"), are weak, as English "lack" and in-/dis- words are.
_TA_WEAK = re.compile(
    r"(?:நிறுத்த|தடு|தடை|தவிர|விலக்|மறு|மட்டு|வரை|குறைவ|குறைந்த|தெரியா|அறியா|அரிதா|சிரம|கடின|"
    r"தனிமை|எந்த|ஏதேனும்|யாரும்|எதுவும்|எவரும்|எங்கும்|இழ|நீக்க|தொலை|ாமை|[இி]ன்மை)"
)

# The negations that tell a patient what not to do. A translation adds a
# plain negation on its own now and then ("run out of stock" -> 没有库存,
# "compromised" -> 无法), but not an instruction: only these count as added.
_DIRECTIVE = {
    "en": re.compile(
        r"\b(?:do not|don'?t|never|avoid\w*|must not|mustn'?t|should not|shouldn'?t|cannot|can'?t|no)\b", re.I
    ),
    "zh": re.compile(r"不要|不可|不能|不得|不应|不宜|不用|无需|无须|别|別|勿|禁止|避免|切忌|千万不|绝不|决不"),
    "ms": re.compile(
        r"\b(?:jangan|janganlah|usah|dilarang|elakkan|tidak boleh|tak boleh|tidak perlu|tak perlu|"
        r"tidak dapat|tidak harus|tidak patut|tidak sepatutnya)\b",
        re.I,
    ),
    "ta": re.compile(
        r"வேண்டாம்|வேணாம்|கூடாது|முடியாது|ாதீர்கள்|ாதீர்|ாதீங்க|ாதிருங்கள்|ாதே(?![\u0b80-\u0bff])|தவிர்க்கவும்|"
        r"தவிர்க்க வேண்டும்|தவிருங்கள்"
    ),
}


# Source negations a translator may turn into a word that is not a negation
# in the target ("avoid" -> 防止 / cegah; "not until" -> 直到 … 才 / hanya
# pada; "no other … but" -> 只能 / satu-satunya / மட்டுமே). Each has a kind;
# any other source negation ("not", "no", "never", "cannot") is hard and
# needs a negation in the target. Kinds are decided per negation: "not until
# May did they act, and it is not a problem" has one soft and one hard.
_EN_SOFT_WORD = (
    ("avoid", re.compile(r"^(?:avoid\w*|refrain)$", re.IGNORECASE)),
    ("without", re.compile(r"^without$", re.IGNORECASE)),
    ("none", re.compile(r"^(?:neither|nor|none|nothing|nobody|no-one)$", re.IGNORECASE)),
)
_EN_SOFT_CONTEXT = (
    ("until", re.compile(r"\bnot until\b", re.IGNORECASE)),
    ("other", re.compile(r"\bno (?:other|one else)\b|\bnothing but\b", re.IGNORECASE)),
    ("exclude", re.compile(r"\bcan(?:not|'t|’t| not) (?:be )?(?:exclude|rule)d?(?: out)?\b", re.IGNORECASE)),
    ("unknown", re.compile(r"\bnot (?:yet )?(?:known|clear|certain|sure)\b", re.IGNORECASE)),
    ("longer", re.compile(r"\bno longer\b", re.IGNORECASE)),
    ("exceed", re.compile(r"\bnot (?:to )?(?:exceed|more than)\b", re.IGNORECASE)),
)

# What renders each soft kind without a negation, per target language. Only
# words that carry the meaning themselves ("only", "prevent", "possibly"),
# not the words that come with the negated wording (Malay selain, Tamil தவிர
# "except" go with "no other … but" *and* its negation: "tiada pilihan lain
# selain …"), and not words common in any text (Tamil எந்த "any", வரை
# "until", குறைந்த "low"): any weak word used to excuse a removed "without"
# or "avoid", which was 16 of the 23 Tamil misses on the development rows.
# Tamil renders "without" with a negative form (இல்லாமல், இன்றி, -அற்ற) or a
# noun of lack (-இன்மை); "none", "nothing", "neither" have no rendering
# without a negation in Tamil (யாரும் … இல்லை) or Malay (tiada, tidak … pun).
# Chinese keeps its general list (_ZH_WEAK) for every kind.
_WEAK_RENDERING = {
    "ms": {
        "avoid": re.compile(
            r"\b(?:\w*cegah\w*|\w*henti\w*|(?:men)?jauh(?:i|kan)\w*|\w*larang\w*|\w*halang\w*)\b", re.I
        ),
        "without": re.compile(r"\b(?:kecuali|melainkan|asimptomatik)\b", re.I),
        "until": re.compile(r"\b(?:hanya|baru|barulah|sehingga|hingga|selepas|setelah)\b", re.I),
        "other": re.compile(r"\b(?:hanya|sahaja|saja|cuma|satu-satunya|semata-mata)\b", re.I),
        "exclude": re.compile(r"\b(?:mungkin|berkemungkinan)\b", re.I),
        "unknown": re.compile(r"\b(?:masih|kabur|samar\w*|misteri)\b", re.I),
        "longer": re.compile(r"\b\w*henti\w*\b", re.I),
        "exceed": re.compile(r"\b(?:maksimum|sehingga|hingga|selebih-lebihnya|paling banyak)\b", re.I),
    },
    "ta": {
        # விலகி இருங்கள் "keep away", தடுக்க "to prevent" (not தடுப்பூசி
        # "vaccine"), நிறுத்த "stop", கைவிட "give up"
        "avoid": re.compile(r"விலக்|விலகி|விலகு|ஒதுக்|ஒதுங்|தடுக்க|தடுப்பத|தடுத்து|நிறுத்த|கைவிட"),
        # "without sleep" as தூக்கமின்மை "sleeplessness"
        "without": re.compile(r"[இி]ன்மை"),
        "until": re.compile(r"பின்னரே|பிறகே|பிறகுதான்|பின்புதான்|பின்னர்தான்|மட்டுமே"),
        "other": re.compile(r"மட்டு|ஒரே"),
        "exclude": re.compile(r"கூடும்|லாம்(?![\u0b80-\u0bff])"),
        "unknown": re.compile(r"தெரியா|அறியா|ஆய்வ|ஆராய"),
        "longer": re.compile(r"நிறுத்த|கைவிட"),
        "exceed": re.compile(r"வரை|அதிகபட்ச|க்குள்|உட்பட்ட"),
    },
}


def soft_kinds(source: str) -> frozenset[str]:
    """The kinds of the English source's negations when all are soft; empty when any is hard (or there are none)."""
    cleaned = _strip(_EN_NOT_NEGATION, source)
    spans = [(m.start(), m.end(), kind) for kind, pattern in _EN_SOFT_CONTEXT for m in pattern.finditer(cleaned)]
    kinds = set()
    for marker in _EN_STRONG.finditer(cleaned):
        kind = next((k for start, end, k in spans if start <= marker.start() < end), None)
        if kind is None:
            kind = next((k for k, pattern in _EN_SOFT_WORD if pattern.match(marker.group(0).strip())), None)
        if kind is None:
            return frozenset()
        kinds.add(kind)
    return frozenset(kinds)


def _rendered_without_negation(segment: Segment, target_weak: bool) -> bool:
    """Whether every negation of the English source is soft and the target renders one of them another way."""
    kinds = soft_kinds(segment.source)
    if not kinds:
        return False
    if segment.target_lang not in _WEAK_RENDERING:
        return target_weak
    target = _ta_normalised(segment.target) if segment.target_lang == "ta" else segment.target
    renderings = _WEAK_RENDERING[segment.target_lang]
    return any(kind in renderings and renderings[kind].search(target) for kind in kinds)


# What lets a target add an instruction not to do something: a source that
# asks to stop, prevent, keep away, or says a thing is unsafe or unneeded.
_EN_WEAK_DIRECTIVE = re.compile(
    r"\b(?:prevent\w*|stop\w*|quit\w*|cease\w*|refrain\w*|ban(?:s|ned)?|prohibit\w*|forbid\w*|"
    r"keep (?:\w+ )?away|stay away|away from|except\w*|unless|instead|rather than|un(?:able|safe|necessary|wise|"
    r"less|til|likely|known|sure|clear)\w*|refus\w+|skip\w*|limit\w*|hard to|difficult\w*|fail\w*|"
    r"lack\w*|absen\w+|free of|-free|free from|miss\w*|los[et]\w*|in(?:ability|capable|sufficient)\w*|"
    r"impossible|hardly|rarely|seldom|barely|few|little|neg(?:ative|lect)\w*|exclud\w+|rule[sd]? out|dont)\b",
    re.IGNORECASE,
)


def _strip(pattern: re.Pattern[str], text: str) -> str:
    return pattern.sub(" ", text)


def negations(text: str, lang: str) -> tuple[list[str], bool]:
    """(the strong negation markers found, whether any weak marker is there)."""
    if lang == "en":
        cleaned = _strip(_EN_NOT_NEGATION, text)
        return _EN_STRONG.findall(cleaned), bool(_EN_WEAK.search(text))
    if lang == "zh":
        cleaned = _strip(_ZH_NOT_NEGATION, text)
        return _ZH_STRONG.findall(cleaned), bool(_ZH_WEAK.search(text))
    if lang == "ms":
        cleaned = _strip(_MS_NOT_NEGATION, text)
        return _MS_STRONG.findall(cleaned), bool(_MS_WEAK.search(text))
    if lang == "ta":
        text = _ta_normalised(text)
        found = [
            word for word in _TA_WORD.findall(text) if not _TA_NOT_NEGATION.match(word) and _TA_STRONG.search(word)
        ]
        return found, bool(_TA_WEAK.search(text))
    return [], False


_TA_WORD = re.compile(r"[\u0b80-\u0bff]+")


def _ta_normalised(text: str) -> str:
    """One spelling per word: the two-part vowel signs composed (ே + ா is ோ;
    decomposed, போது "when" would end in the negative -ாது) and the zero-width
    joiners some keyboards put inside a word (வேண் U+200C டாம்) removed."""
    return unicodedata.normalize("NFC", text).replace("\u200c", "").replace("\u200d", "")


_WITH_VERB = re.compile(
    r"\b(?:do|does|did|must|should|can|could|will|would|may|is|are|was|were|has|have)\s+not\b", re.I
)


def _shown(text: str, marker: str) -> str:
    """The marker as the reader finds it: "Do not" rather than "not"."""
    if marker.lower() == "not":
        match = _WITH_VERB.search(text)
        if match:
            return match.group(0)
    return marker


@register
class NegationCheck(SegmentCheck):
    check_id = "negation"
    name = gettext_noop("Negation")
    description = (
        "A negation in the source (not, never, avoid, without ...) is kept in the target, and none is added: "
        "per language, with the words a translation may render either way (unknown, prevent, stop) tolerated."
    )
    severity = ERROR
    languages = frozenset({"en", "zh", "ms", "ta"})
    messages = {
        "dropped": gettext_noop(
            'The source says "%(negation)s" but the target has no negation: check that the advice was not reversed.'
        ),
        "added": gettext_noop(
            'The target has a negation ("%(negation)s") that the source does not have: check that the advice '
            "was not reversed."
        ),
    }

    def run(self, segment: Segment):
        source_lang, target_lang = segment.source_lang, segment.target_lang
        if source_lang not in ("en", "zh", "ms", "ta") or target_lang not in ("en", "zh", "ms", "ta"):
            return
        source_strong, source_weak = negations(segment.source, source_lang)
        target_strong, target_weak = negations(segment.target, target_lang)
        if (
            source_strong
            and not target_strong
            and not (source_lang == "en" and _rendered_without_negation(segment, target_weak))
        ):
            yield self.finding("dropped", negation=_shown(segment.source, source_strong[0].strip()))
        elif (
            target_strong
            and not source_strong
            and not (_EN_WEAK_DIRECTIVE.search(segment.source) if source_lang == "en" else source_weak)
        ):
            directive = _DIRECTIVE[target_lang].search(segment.target)
            if directive:
                yield self.finding("added", negation=directive.group(0).strip())
