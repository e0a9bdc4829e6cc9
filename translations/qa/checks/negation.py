"""The negation check: a "do not" in the source is a "do not" in the target.

A dropped negation turns advice into its opposite ("Do not share cups" ->
"share cups") while keeping every number, name and the length, so no other
check sees it. Patients act on it: an error.

Each side's negation is read per language as *strong* markers (a negation a
translation must keep: not, never, avoid, without; 不, 没, 勿, 别, 无; tidak,
jangan, tanpa; Tamil வேண்டாம், -ாதே, -க்கூடாது, -இல்லை …) and *weak* ones
(words a translator may render with or without a negation: unknown, unable,
prevent, stop, unless; 无法, 防止, 停止, 是否, 非; berhenti, elak; தவிர், நிறுத்து).
A strong marker on one side must meet a strong or weak one on the other:
"avoid" rendered as 不要 or "no fever" as 无发烧 pass, and so does "unknown"
rendered as 未知 or as 不明; a double negative keeps a negation on both sides.

Only the presence of a negation is compared, not the count: translators merge
and split negations ("neither ... nor" -> 既不…也不; "no X or Y" -> tiada X
atau Y), so counts disagree on a fifth of correct rows.
"""

from __future__ import annotations

import re

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
# Not a negation: "No. 5", "no later than" (a deadline), "not only ... but".
_EN_NOT_NEGATION = re.compile(
    r"\bno\.\s?[0-9]|\bNo\s?[0-9]|\bno (?:later|sooner|more than|less than|fewer than|longer)\b|"
    r"\bnot only\b|\blast but not least\b|\bif not\b|\bwhether or not\b|\bor not\b|\bno matter\b|"
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
_MS_STRONG = re.compile(
    r"\b(?:tidak|tak|tiada|tidaklah|jangan|janganlah|bukan|bukanlah|belum|usah|tanpa|dilarang|elakkan|"
    r"elakkanlah|mengelakkan|mengelak|hindari|hindarilah|menghindari|takkan|tidakkah|bukankah|"
    r"enggan|tiadanya|bukannya|nor|never)\b",
    re.IGNORECASE,
)
_MS_NOT_NEGATION = re.compile(r"\b(?:tidak kira|tak kira|bukan sahaja|bukan saja|bukan hanya|tidak hanya)\b", re.I)
_MS_WEAK = re.compile(
    r"\b(?:\w*elak\w*|\w*henti\w*|\w*cegah\w*|\w*larang\w*|\w*hindar\w*|\w*halang\w*|\w*tolak\w*|"
    r"gagal|kecuali|melainkan|selain|hanya|sahaja|saja|cuma|bebas|kosong|sifar|kurang|jarang|sukar|"
    r"\w*sukar\w*|\w*jauh\w*|sebelum|sehingga|hingga|masih|lagi|asimptomatik|sama ada|bagaimanapun|"
    r"walaupun|enggan|\w*abai\w*|hilang|\w*luput\w*)\b",
    re.IGNORECASE,
)

# --- Tamil --------------------------------------------------------------------
# Tamil negates inside the word: the negative verb endings (-ாதே, -ாதீர்கள்,
# -ாமல், -ாத, -ாது, -ாவிட்டால்), the auxiliaries written on to the verb
# (-வேண்டாம், -க்கூடாது, -முடியாது, -இல்லை/-வில்லை, -இல்லாமல்/-இல்லாத,
# -அல்ல) and the free words இன்றி, தவிர்க்கவும், மாட்டா-. Studied on TICO-19
# dev (even rows): what the Tamil of an English negation has in common. The
# endings count only at the end of a word (with a clitic -உம்/-ஏ/-ஓ), so
# சுகாதார "health" and பொருளாதார "economy" are not negations.
_TA_STRONG = re.compile(
    r"(?:வேண்டாம்|கூடாது|முடியாது|இயலாது|[இி]ல்லை|[இி]ல்லா|^அல்ல(?!து)|மல்ல(?!து)|[இி]ன்றி|மாட்டா|மாட்டே|மாட்டீ|தவிர்க்க|தவிர்|"
    r"ஒருபோதும்)"
    r"|(?:ாத|ாதே|ாதீர்கள்|ாதீர்|ாமல்|ாமலே|ாமலும்|ாது|ாதவர்|ாதவர்கள்|ாதவை|ாததால்|ாதது|ாததை|ாததற்கு|"
    r"ாதபோது|ாதவரை|ாவிட்டால்|ாவிட்டாலும்|ாதிருக்க\w*)(?:ும்|ே|ோ)?$"
)
# Words that end like a negation and are not one (மாத "monthly", பாதி "half", காது "ear").
_TA_NOT_NEGATION = re.compile(
    r"^(?:மட்டுமல்ல\w*|மாத|பாத|நாத|சாத|வாத|தாத|காத|ராத|ஆதார|காது|தாது|வாது|சாது|பாது|மாது|போது|யாது|அல்லது|"
    r"எப்போது|இப்போது|அப்போது|மாதிரி)$"
)
_TA_WEAK = re.compile(
    r"நிறுத்த|தடு|தடை|தவிர|விலக்|மறு|அற்ற|மட்டு|வரை|குறைவ|குறைந்த|தெரியா|அறியா|அரிதா|சிரம|கடின|"
    r"தனிமை|எந்த|ஏதேனும்|யாரும்|எதுவும்|எவரும்|எங்கும்|இழ|நீக்க|தொலை"
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
    "ta": re.compile(r"வேண்டாம்|கூடாது|முடியாது|ாதீர்கள்|ாதீர்|ாதே(?![\u0b80-\u0bff])|தவிர்க்கவும்|தவிர்க்க வேண்டும்|தவிருங்கள்"),
}


# Source negations a translator may turn into a word that is not a negation
# in the target ("avoid" -> 防止 / elak; "without" -> 仅 …; "unless" -> 除非
# … 否则; "not until" -> 直到 … 才). Any other source negation ("not", "no",
# "never", "cannot") needs a negation in the target.
_EN_SOFT = re.compile(r"^(?:avoid\w*|without|unless|neither|nor|none|nothing|nobody|refrain|no-one)$", re.IGNORECASE)
_EN_SOFT_CONTEXT = re.compile(
    r"\bnot until\b|\bno (?:other|one else)\b|\bnothing but\b|\bcannot (?:exclude|rule out)\b|"
    r"\bnot (?:yet )?(?:known|clear|certain|sure)\b|\bno longer\b|\bnot (?:exceed|more than)\b",
    re.IGNORECASE,
)


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
        found = [
            word for word in _TA_WORD.findall(text) if not _TA_NOT_NEGATION.match(word) and _TA_STRONG.search(word)
        ]
        return found, bool(_TA_WEAK.search(text))
    return [], False


_TA_WORD = re.compile(r"[\u0b80-\u0bff\u200c\u200d]+")


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
        soft = source_lang == "en" and (
            all(_EN_SOFT.match(marker.strip()) for marker in source_strong)
            or bool(_EN_SOFT_CONTEXT.search(segment.source))
        )
        if source_strong and not target_strong and not (soft and target_weak):
            yield self.finding("dropped", negation=_shown(segment.source, source_strong[0].strip()))
        elif (
            target_strong
            and not source_strong
            and not (_EN_WEAK_DIRECTIVE.search(segment.source) if source_lang == "en" else source_weak)
        ):
            directive = _DIRECTIVE[target_lang].search(segment.target)
            if directive:
                yield self.finding("added", negation=directive.group(0).strip())
