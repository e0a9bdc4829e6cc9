"""Deterministic sentences with planted identifiers, for measuring recall.

Every identifier is generated from the rules (NRIC check letters, postal
sectors, Singapore number ranges) with a seeded ``random.Random``, so the set is
the same on every run and no personal data is committed. Sentences are written
the way clinical staff write in each language, with the identifier in the
middle of running text.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from translations.phi.detector import TYPES
from translations.phi.nric import check_letter

LANGUAGES = ("en", "zh", "ms", "ta")

# The MRN format used in the bench; the same as the project's default setting.
MRN_PATTERNS = [r"\bMRN[:\s#-]*\d{6,10}\b"]


@dataclass(frozen=True)
class Planted:
    language: str
    type: str
    sentence: str
    start: int
    end: int

    @property
    def identifier(self) -> str:
        return self.sentence[self.start : self.end]


TEMPLATES: dict[str, dict[str, list[str]]] = {
    "en": {
        "nric": [
            "Patient NRIC {X} was admitted to Ward 5 last night.",
            "Please verify the identity number ({X}) before dispensing.",
            "The caregiver's FIN is {X}, see the attached form.",
            "ID:{X}; allergies: penicillin.",
        ],
        "phone": [
            "Call the patient's daughter at {X} after 6 pm.",
            "Contact number: {X}.",
            "If you have questions, SMS Mdm Tan on {X} or call 995 in an emergency.",
        ],
        "email": ["Send the discharge summary to {X} today.", "Her email is {X}, please copy the GP."],
        "address": [
            "The patient lives at {X} with her son.",
            "Home address: {X}.",
            "Please deliver the medication to {X} before Friday.",
        ],
        "dob": [
            "Mr Lim, DOB: {X}, was reviewed today.",
            "The patient was born on {X} in Singapore.",
            "Date of birth: {X}.",
            "Name: Tan Ah Kow, D.O.B. {X}, ward 7.",
            "Her date of birth is {X} according to the referral letter.",
        ],
        "mrn": ["Previous admission under {X}, please review.", "Refer to {X} for the 2019 scans."],
    },
    "zh": {
        "nric": ["患者身份证号码{X}已登记。", "请核对病人的身份证（{X}）再发药。", "看护者的准证号码为{X}。"],
        "phone": [
            "请在下午6点后拨打{X}联系患者的女儿。",
            "联系电话：{X}。",
            "如有疑问，请致电{X}找陈女士，紧急情况请拨打995。",
        ],
        "email": ["请将出院小结发送至{X}。", "她的电子邮箱是{X}，请抄送家庭医生。"],
        "address": ["患者与儿子住在{X}。", "住址：{X}。", "请在周五前把药送到{X}。"],
        "dob": ["出生日期：{X}", "患者于{X}出生，现年七十岁。", "生日：{X}。", "林先生（出生日期 {X}）今日复诊。"],
        "mrn": ["请参阅{X}的上次住院记录。", "病历号{X}，请复查。"],
    },
    "ms": {
        "nric": [
            "Nombor NRIC pesakit {X} telah didaftarkan.",
            "Sila sahkan nombor pengenalan ({X}) sebelum memberi ubat.",
            "FIN penjaga ialah {X}.",
        ],
        "phone": [
            "Hubungi anak perempuan pesakit di {X} selepas jam 6 petang.",
            "Nombor telefon: {X}.",
            "Jika ada pertanyaan, sila telefon {X} atau hubungi 995 jika kecemasan.",
        ],
        "email": ["Hantar ringkasan discaj ke {X} hari ini.", "E-mel beliau ialah {X}."],
        "address": [
            "Pesakit tinggal di {X} bersama anaknya.",
            "Alamat rumah: {X}.",
            "Sila hantar ubat ke {X} sebelum Jumaat.",
        ],
        "dob": [
            "Tarikh lahir: {X}.",
            "Pesakit dilahirkan pada {X} di Singapura.",
            "Encik Ahmad, lahir pada {X}, telah diperiksa hari ini.",
            "Tarikh kelahiran {X}.",
        ],
        "mrn": ["Rujuk {X} untuk kemasukan sebelumnya.", "Nombor rekod {X}, sila semak."],
    },
    "ta": {
        "nric": [
            "நோயாளியின் அடையாள அட்டை எண் {X} பதிவு செய்யப்பட்டுள்ளது.",
            "மருந்து வழங்கும் முன் அடையாள எண்ணை ({X}) சரிபார்க்கவும்.",
            "பராமரிப்பாளரின் FIN எண் {X}.",
        ],
        "phone": [
            "மாலை 6 மணிக்குப் பிறகு நோயாளியின் மகளை {X} என்ற எண்ணில் அழைக்கவும்.",
            "தொலைபேசி எண்: {X}.",
            "கேள்விகள் இருந்தால் {X} என்ற எண்ணை அழைக்கவும்; அவசர நிலையில் 995 ஐ அழைக்கவும்.",
        ],
        "email": ["வெளியேற்றச் சுருக்கத்தை {X} என்ற முகவரிக்கு அனுப்பவும்.", "அவரது மின்னஞ்சல் {X}."],
        "address": [
            "நோயாளி {X} என்ற முகவரியில் தன் மகனுடன் வசிக்கிறார்.",
            "வீட்டு முகவரி: {X}.",
            "வெள்ளிக்கிழமைக்கு முன் மருந்தை {X} க்கு அனுப்பவும்.",
        ],
        "dob": ["பிறந்த தேதி: {X}.", "அவர் {X} அன்று பிறந்தார்.", "நோயாளியின் பிறந்த நாள் {X}.", "பிறந்த திகதி {X}"],
        "mrn": ["முந்தைய அனுமதிக்கு {X} ஐப் பார்க்கவும்.", "பதிவு எண் {X}, சரிபார்க்கவும்."],
    },
}
for _lang in LANGUAGES:
    TEMPLATES[_lang]["nric_suspect"] = TEMPLATES[_lang]["nric"]
    TEMPLATES[_lang]["nric_partial"] = TEMPLATES[_lang]["nric"]

STREETS_EN = [
    "Ang Mo Kio Avenue 3",
    "Ang Mo Kio Ave 10",
    "Jurong West Street 42",
    "Jurong West St 91",
    "Bedok North Road",
    "Tampines Street 21",
    "Bukit Batok West Avenue 6",
    "Yishun Ring Road",
    "Hougang Avenue 8",
    "Woodlands Drive 14",
    "Pasir Ris Street 12",
    "Clementi Avenue 2",
    "Serangoon North Ave 1",
    "Choa Chu Kang Crescent",
    "Sengkang East Way",
    "Marine Parade Central",
    "Upper Boon Keng Road",
    "Telok Blangah Crescent",
    "Bishan Street 13",
    "Sims Drive",
    "Eunos Crescent",
    "Holland Drive",
    "Ghim Moh Road",
    "Redhill Close",
    "Toa Payoh Lorong 1",
    "Bukit Panjang Ring Road",
    "Punggol Field Walk",
    "Compassvale Lane",
    "Jalan Bukit Merah",
    "Jalan Tenteram",
    "Lorong 4 Toa Payoh",
    "Circuit Road",
    "Geylang Bahru Lane",
    "Kim Tian Road",
    "Dover Crescent",
    "Bt Batok St 21",
    "Whampoa Drive",
]
STREETS_ZH = [
    "宏茂桥3道",
    "宏茂桥10道",
    "裕廊西42街",
    "勿洛北路",
    "淡滨尼21街",
    "大巴窑1巷",
    "红山路",
    "碧山13街",
    "后港8道",
    "兀兰14道",
    "巴西立12街",
    "金文泰2道",
    "实龙岗北1道",
    "蔡厝港弯",
    "盛港东通道",
    "惹兰勿刹",
]
STREETS_TA = [
    "அங் மோ கியோ அவென்யூ 3",
    "ஜூரோங் வெஸ்ட் ஸ்ட்ரீட் 42",
    "பிடோக் நார்த் ரோடு",
    "தெம்பனிஸ் ஸ்ட்ரீட் 21",
    "யீஷூன் ரிங் ரோடு",
    "ஹவ்காங் அவென்யூ 8",
    "உட்லண்ட்ஸ் டிரைவ் 14",
    "கிளமெண்டி அவென்யூ 2",
    "சிராங்கூன் நார்த் அவென்யூ 1",
]

MONTHS = {
    "en": [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
    "en_short": ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
    "ms": [
        "Januari",
        "Februari",
        "Mac",
        "April",
        "Mei",
        "Jun",
        "Julai",
        "Ogos",
        "September",
        "Oktober",
        "November",
        "Disember",
    ],
    "ta": ["ஜனவரி", "பிப்ரவரி", "மார்ச்", "ஏப்ரல்", "மே", "ஜூன்", "ஜூலை", "ஆகஸ்ட்", "செப்டம்பர்", "அக்டோபர்", "நவம்பர்", "டிசம்பர்"],
}


class Generator:
    def __init__(self, seed: int = 20240611):
        self.rng = random.Random(seed)

    def digits(self, n: int) -> str:
        return "".join(self.rng.choice("0123456789") for _ in range(n))

    # --- identifiers -------------------------------------------------------------
    def nric(self) -> str:
        series = self.rng.choice("STFGM")
        digits = self.digits(7)
        value = series + digits + check_letter(series, digits)
        return value.lower() if self.rng.random() < 0.15 else value

    def nric_suspect(self) -> str:
        series = self.rng.choice("STFGM")
        digits = self.digits(7)
        right = check_letter(series, digits)
        wrong = self.rng.choice([c for c in "ABCDEFGHIJKLMNPQRTUWXZ" if c != right])
        return series + digits + wrong

    def nric_partial(self) -> str:
        series = self.rng.choice("STFGM")
        digits = self.digits(7)
        letter = check_letter(series, digits)
        tail = digits[-3:] + letter
        return self.rng.choice(
            [
                "*****" + tail,
                "XXXXX" + tail,
                series + "****" + tail,
                series + "XXXX" + tail,
                ("xxxxx" + tail).lower(),
                "•••••" + tail,
            ]
        )

    def phone(self) -> str:
        while True:
            first = self.rng.choice("689")
            local = first + self.digits(7)
            if not local.endswith("00000") and local not in {"63892222"}:
                break
        a, b = local[:4], local[4:]
        return self.rng.choice(
            [
                local,
                f"{a} {b}",
                f"{a}-{b}",
                f"+65 {a} {b}",
                f"+65{local}",
                f"(65) {a} {b}",
                f"+65-{a}-{b}",
                f"(+65) {a} {b}",
                f"0065 {a} {b}",
                f"+65 {local}",
                f"1800 {self.digits(3)} {self.digits(4)}",
            ]
        )

    def email(self) -> str:
        first = self.rng.choice(["tan", "lim", "siti", "kumar", "wei.ling", "nur_aisyah", "raj", "mei"])
        last = self.rng.choice(["ahkow", "bl", "abdullah", "s", "ong", "p", "chen"])
        domain = self.rng.choice(
            ["gmail.com", "hotmail.com", "yahoo.com.sg", "singnet.com.sg", "u.nus.edu", "outlook.sg"]
        )
        return f"{first}.{last}{self.rng.randint(1, 999)}@{domain}"

    def postcode(self) -> str:
        return f"{self.rng.randint(1, 82):02d}{self.digits(4)}"

    def block(self) -> str:
        return str(self.rng.randint(1, 999)) + self.rng.choice(["", "", "", "A", "B", "C"])

    def unit(self) -> str:
        return f"#{self.rng.randint(1, 25):02d}-{self.rng.randint(1, 3999):0{self.rng.choice([2, 3, 4])}d}"

    def address(self, language: str) -> str:
        b, u, pc = self.block(), self.unit(), self.postcode()
        street = self.rng.choice(STREETS_EN)
        english = [
            f"Blk {b} {street} {u} Singapore {pc}",
            f"{b} {street}, {u}, S({pc})",
            f"Block {b} {street}, {u}, Singapore {pc}",
            f"BLK {b} {street.upper()} {u} SINGAPORE {pc}",
            f"Blk {b}, {street}, {u}, Singapore {pc}",
            f"{b} {street} {u} S{pc}",
            f"{b} {street}, Singapore {pc}",
        ]
        if language == "en":
            return self.rng.choice(english)
        if language == "zh":
            zh = self.rng.choice(STREETS_ZH)
            floor, number = u[1:].split("-")
            return self.rng.choice(
                [
                    f"新加坡{zh}{b}座{u}，邮区{pc}",
                    f"新加坡{pc}{zh}第{b}座{floor}-{number}号",
                    f"{zh}{b}座 {u} 新加坡{pc}",
                    f"新加坡{zh}第{b}座{u}，邮编：{pc}",
                    self.rng.choice(english),
                ]
            )
        if language == "ms":
            return self.rng.choice(
                [
                    f"Blok {b} {street} {u} Singapura {pc}",
                    f"{b} {street}, {u}, Singapura {pc}",
                    f"Blok {b}, {street}, {u}, Poskod {pc}",
                    self.rng.choice(english),
                ]
            )
        ta = self.rng.choice(STREETS_TA)
        return self.rng.choice(
            [
                f"புளோக் {b}, {ta}, {u}, சிங்கப்பூர் {pc}",
                f"பிளாக் {b} {ta} {u} சிங்கப்பூர் {pc}",
                f"{b} {street}, {u}, சிங்கப்பூர் {pc}",
                self.rng.choice(english),
            ]
        )

    def dob(self, language: str) -> str:
        year, month, day = self.rng.randint(1930, 2023), self.rng.randint(1, 12), self.rng.randint(1, 28)
        numeric = [
            f"{day:02d}/{month:02d}/{year}",
            f"{day}/{month}/{year}",
            f"{day:02d}-{month:02d}-{year}",
            f"{day:02d}.{month:02d}.{year}",
            f"{year}-{month:02d}-{day:02d}",
        ]
        if language == "en":
            name, short = MONTHS["en"][month - 1], MONTHS["en_short"][month - 1]
            return self.rng.choice(
                numeric
                + [f"{day} {name} {year}", f"{day} {short} {year}", f"{name} {day}, {year}"]
                + [f"{day}th {name} {year}", f"{day:02d}-{short}-{year}"]
            )
        if language == "zh":
            return self.rng.choice(
                numeric
                + [f"{year}年{month}月{day}日", f"{year}年{month:02d}月{day:02d}日", f"{year} 年 {month} 月 {day} 日"]
            )
        if language == "ms":
            return self.rng.choice(numeric + [f"{day} {MONTHS['ms'][month - 1]} {year}"] * 3)
        name = MONTHS["ta"][month - 1]
        return self.rng.choice(numeric + [f"{day} {name} {year}", f"{name} {day}, {year}"])

    def mrn(self) -> str:
        return "MRN" + self.rng.choice([": ", " ", "#", "-", " #"]) + self.digits(self.rng.choice([7, 8, 9]))

    def identifier(self, kind: str, language: str) -> str:
        if kind in ("address", "dob"):
            return getattr(self, kind)(language)
        return getattr(self, kind)()

    # --- sentences ----------------------------------------------------------------
    def planted(self, per_type_and_language: int = 150) -> list[Planted]:
        out = []
        for language in LANGUAGES:
            for kind in TYPES:
                for _ in range(per_type_and_language):
                    template = self.rng.choice(TEMPLATES[language][kind])
                    value = self.identifier(kind, language)
                    before, after = template.split("{X}")
                    out.append(Planted(language, kind, before + value + after, len(before), len(before) + len(value)))
        return out


# Clinical sentences a leaflet legitimately carries; none holds an identifier.
CLINICAL_NEGATIVES = [
    "Take 500 mg twice a day after meals.",
    "Take 2 tablets 3 times a day for 5 days.",
    "In an emergency, call 995; for a non-emergency ambulance, call 1777.",
    "Your next appointment is on 12/03/2025 at 9.30 am.",
    "The outbreak began on 23 January 2020 and peaked in April 2020.",
    "About 90% of patients recover within 14 days.",
    "Children born on or after 1 January 2015 are eligible for the free vaccine.",
    "Dilute 10 ml in 100 ml of water; do not exceed 4000 mg in 24 hours.",
    "Blood pressure should stay below 140/90 mmHg.",
    "Between 2019 and 2021, 8000-9000 cases were reported each year.",
    "For enquiries, call our hotline at 6389 2222 or 1800 221 4444.",
    "Store below 25°C. Batch 20240311, expiry 03/2026.",
    "Clinic B, Level 2, opens from 8.00 am to 5.30 pm, Monday to Friday.",
    "Use 1 puff every 4 hours; see section #3 for side effects.",
    "Dr Tan will review the X-ray on Tuesday.",
    "服用500毫克，每日两次，饭后服用。",
    "紧急情况请拨打995；非紧急救护车请拨打1777。",
    "您的下次复诊日期是2025年3月12日上午9点30分。",
    "2020年1月23日疫情开始，4月达到高峰。",
    "2015年1月1日或之后出生的儿童可免费接种疫苗。",
    "呼吸道感染的患者请戴口罩，消化道出血请立即就医。",
    "本规定自2024年7月1日起生效。",
    "Ambil 500 mg dua kali sehari selepas makan.",
    "Dalam kecemasan, hubungi 995.",
    "Temu janji seterusnya pada 12 Mac 2025 jam 9.30 pagi.",
    "Kanak-kanak yang lahir pada atau selepas 1 Januari 2015 layak menerima vaksin percuma.",
    "Kira-kira 90% pesakit pulih dalam masa 14 hari.",
    "உணவுக்குப் பிறகு 500 மி.கி. ஒரு நாளைக்கு இரண்டு முறை எடுத்துக் கொள்ளவும்.",
    "அவசர நிலையில் 995 ஐ அழைக்கவும்.",
    "உங்கள் அடுத்த சந்திப்பு 12/03/2025 அன்று காலை 9.30 மணிக்கு.",
    "1 ஜனவரி 2015 அல்லது அதற்குப் பிறகு பிறந்த குழந்தைகளுக்கு இலவச தடுப்பூசி.",
]


# --- Disguised identifiers ------------------------------------------------------------
# The same identifiers, written with characters that hide them from a naive
# scan: invisible characters inside (pasted from Word or a PDF), look-alike
# letters of other scripts, digits of other scripts or Unicode styles, digit
# groups with unusual separators, or split across two segments of one call.
# Each disguise applies where it means something (a phone number has no letter
# for a Cyrillic look-alike).

DISGUISED_TYPES = ("nric", "phone", "email", "dob", "address")

_LOOKALIKE_UPPER = {
    "A": "АΑ",
    "B": "ВΒ",
    "C": "СϹ",
    "D": "Ԁ",
    "E": "ЕΕ",
    "F": "Ϝ",
    "G": "Ԍ",
    "H": "НΗ",
    "I": "ІΙ",
    "J": "Ј",
    "K": "КΚ",
    "M": "МΜ",
    "N": "Ν",
    "O": "ОΟ",
    "P": "РΡ",
    "Q": "Ԛ",
    "S": "Ѕ",
    "T": "ТΤ",
    "W": "Ԝ",
    "X": "ХΧ",
    "Y": "ҮΥ",
    "Z": "Ζ",
}
_LOOKALIKE_LOWER = {
    "a": "а",
    "c": "сϲ",
    "d": "ԁ",
    "e": "е",
    "h": "һ",
    "i": "іι",
    "j": "ј",
    "o": "оο",
    "p": "рρ",
    "q": "ԛ",
    "s": "ѕ",
    "v": "ν",
    "w": "ԝ",
    "x": "хχ",
    "y": "у",
}
_INVISIBLE_MIX = "\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u200f\u034f\u180e\u2063\ufe0f"
_DIGIT_ZEROS = {
    "math bold": 0x1D7CE,
    "math double-struck": 0x1D7D8,
    "math sans-serif": 0x1D7E2,
    "math monospace": 0x1D7F6,
}
_SCRIPT_ZEROS = {"Tamil": 0x0BE6, "Arabic-Indic": 0x0660, "Devanagari": 0x0966}
_OTHER_SPACES = "\u2009\u2007\u2002\u3000\u205f"


def _math_letter(ch: str) -> str:
    # Mathematical bold capitals and small letters.
    if "A" <= ch <= "Z":
        return chr(0x1D400 + ord(ch) - ord("A"))
    if "a" <= ch <= "z":
        return chr(0x1D41A + ord(ch) - ord("a"))
    return ch


@dataclass(frozen=True)
class Disguised:
    language: str
    type: str
    disguise: str
    pieces: tuple[str, ...]  # one sentence, or two segments for a split
    piece: int  # the piece the identifier starts in
    start: int  # offsets of the identifier in that piece (and, for a split, 0..end in the next)
    end: int
    split_at: int = 0  # for a split: length of the part in the first piece

    @property
    def sentence(self) -> str:
        return self.pieces[0]

    @property
    def identifier(self) -> str:
        if len(self.pieces) == 1:
            return self.pieces[0][self.start : self.end]
        return self.pieces[0][self.start :] + self.pieces[1][: self.end]


class DisguiseGenerator(Generator):
    """Planted identifiers in disguise. Every disguise is a function of the
    plain identifier (and the seeded generator); None when it does not apply."""

    def __init__(self, seed: int = 20240612):
        super().__init__(seed)
        self.disguises = {
            "zero-width space inside": lambda kind, v: self._insert(v, "\u200b"),
            "soft hyphen inside": lambda kind, v: self._insert(v, "\u00ad"),
            "word joiner inside": lambda kind, v: self._insert(v, "\u2060"),
            "BOM (U+FEFF) inside": lambda kind, v: self._insert(v, "\ufeff"),
            "several invisibles (ZWJ, ZWNJ, bidi, CGJ...)": self._invisibles,
            "Cyrillic/Greek look-alike letters": self._lookalike,
            "mathematical alphanumerics (𝟗𝟏𝟐𝟑)": self._math,
            "full-width forms": lambda kind, v: self._fullwidth(v),
            "Tamil/Arabic-Indic/Devanagari digits": self._script_digits,
            "digit groups: spaces": lambda kind, v: self._groups(kind, v, " "),
            "digit groups: no-break space": lambda kind, v: self._groups(kind, v, "\u00a0"),
            "digit groups: narrow no-break space": lambda kind, v: self._groups(kind, v, "\u202f"),
            "digit groups: thin/figure/ideographic space": lambda kind, v: self._groups(
                kind, v, self.rng.choice(_OTHER_SPACES)
            ),
            "digit groups: dots": lambda kind, v: self._groups(kind, v, "."),
            "digit groups: hyphens": lambda kind, v: self._groups(kind, v, "-"),
            "digit groups: en dash or minus sign": lambda kind, v: self._groups(kind, v, self.rng.choice("–−‑")),
        }

    SPLIT = "split across two segments"

    def names(self) -> list[str]:
        return [*self.disguises, self.SPLIT]

    # --- disguises ----------------------------------------------------------------
    def _interior(self, value: str) -> int:
        """A position between two letters or digits of ``value``."""
        spots = [i for i in range(1, len(value)) if value[i - 1].isalnum() and value[i].isalnum()]
        return self.rng.choice(spots) if spots else self.rng.randrange(1, len(value))

    def _insert(self, value: str, ch: str) -> str:
        at = self._interior(value)
        return value[:at] + ch + value[at:]

    def _invisibles(self, kind: str, value: str) -> str:
        for _ in range(self.rng.randint(2, 4)):
            value = self._insert(value, self.rng.choice(_INVISIBLE_MIX))
        return value

    def _lookalike(self, kind: str, value: str) -> str | None:
        out = list(value)
        if kind == "nric":
            # The series letter always, the check letter when it has a twin.
            positions = [0, len(value) - 1]
        else:
            positions = [i for i, ch in enumerate(value) if ch in _LOOKALIKE_UPPER or ch in _LOOKALIKE_LOWER]
            positions = [i for i in positions if self.rng.random() < 0.5] or positions[:1]
        changed = False
        for i in positions:
            twins = _LOOKALIKE_UPPER.get(value[i]) or _LOOKALIKE_LOWER.get(value[i])
            if twins:
                out[i] = self.rng.choice(twins)
                changed = True
        return "".join(out) if changed else None

    def _math(self, kind: str, value: str) -> str:
        zero = _DIGIT_ZEROS[self.rng.choice(list(_DIGIT_ZEROS))]
        out = "".join(chr(zero + int(ch)) if ch.isascii() and ch.isdigit() else ch for ch in value)
        return "".join(map(_math_letter, out)) if kind == "nric" else out

    def _fullwidth(self, value: str) -> str:
        return "".join("\u3000" if ch == " " else chr(ord(ch) + 0xFEE0) if "!" <= ch <= "~" else ch for ch in value)

    def _script_digits(self, kind: str, value: str) -> str | None:
        if kind == "email":
            return None  # no one writes an e-mail address with Tamil digits
        zero = _SCRIPT_ZEROS[self.rng.choice(list(_SCRIPT_ZEROS))]
        return "".join(chr(zero + int(ch)) if ch.isascii() and ch.isdigit() else ch for ch in value)

    def _groups(self, kind: str, value: str, sep: str) -> str | None:
        if kind == "nric":
            series, digits, letter = value[0], value[1:8], value[8]
            return self.rng.choice(
                [
                    f"{series}{sep}{digits[:3]}{sep}{digits[3:]}{sep}{letter}",
                    f"{series}{digits[:3]}{sep}{digits[3:]}{letter}",
                    f"{series}{digits[:4]}{sep}{digits[4:]}{letter}",
                    f"{series}{sep}{digits}{sep}{letter}",
                ]
            )
        if kind == "phone":
            local = "".join(ch for ch in value if ch.isdigit())
            local = local[-8:] if not local.startswith("1800") else local
            if len(local) != 8:
                return None
            a, b = local[:4], local[4:]
            pairs = sep.join(local[i : i + 2] for i in range(0, 8, 2))
            return self.rng.choice([f"{a}{sep}{b}", f"+65{sep}{a}{sep}{b}", f"+65 {a}{sep}{b}", pairs])
        return None

    # --- sentences ------------------------------------------------------------------
    def _plain(self, kind: str, language: str) -> str:
        if kind == "nric":
            return self.nric().upper() if self.rng.random() < 0.85 else self.nric().lower()
        if kind == "phone":
            while True:
                value = self.phone()
                if not value.startswith("1800"):
                    return value
        return self.identifier(kind, language)

    def disguised(self, per_cell: int = 25) -> list[Disguised]:
        out = []
        for name in self.names():
            for language in LANGUAGES:
                for kind in DISGUISED_TYPES:
                    made = 0
                    for _ in range(per_cell * 20):
                        if made == per_cell:
                            break
                        template = self.rng.choice(TEMPLATES[language][kind])
                        before, after = template.split("{X}")
                        plain = self._plain(kind, language)
                        if name == self.SPLIT:
                            # Inside a word half the time ("S123" | "4567D"), else
                            # anywhere, the segments trimmed ("9123" | "4567").
                            if self.rng.random() < 0.5:
                                at = self._interior(plain)
                            else:
                                at = self.rng.randrange(1, len(plain))
                            head, tail = plain[:at].rstrip(), plain[at:].lstrip()
                            if not head.strip() or not tail.strip():
                                continue
                            first, second = before + head, tail + after
                            out.append(
                                Disguised(language, kind, name, (first, second), 0, len(before), len(tail), len(head))
                            )
                            made += 1
                            continue
                        value = self.disguises[name](kind, plain)
                        if value is None or value == plain:
                            continue
                        out.append(
                            Disguised(
                                language,
                                kind,
                                name,
                                (before + value + after,),
                                0,
                                len(before),
                                len(before) + len(value),
                            )
                        )
                        made += 1
        return out


# Leaflet sentences written with the same characters; none holds an identifier.
DISGUISED_NEGATIVES = [
    "Take 500\u00a0mg twice a day; children 2\u00a0x\u00a0250\u202fmg.",
    "In an emergency call 995\u00a0or 1777; hotline 1800\u00a0221\u00a04444.",
    "Clinic hours: 8.30\u202fam\u2009–\u20095.30\u202fpm, Monday\u2013Friday.",
    "Between 2019\u20132021, 8000\u20139000 cases were reported; 95\u00a0% recovered.",
    "Doses at 0, 30, 60 and 90 minutes; readings at 30.06.2020 and 31.12.2021.",
    "Sol\u00adu\u00adtion: dilute 10\u00a0ml in 100\u00a0ml of water (pasted from Word).",
    "服用５００毫克，每日两次；紧急情况请拨打９９５。",
    "热线：１８００\u3000２２１\u3000４４４４，上午８：３０至下午５：３０。",
    "Ambil 500\u00a0mg dua kali sehari; hubungi 995\u00a0jika kecemasan.",
    "உணவுக்குப் பிறகு 500\u00a0மி.கி. எடுத்துக் கொள்ளவும்; அவசர நிலையில் 995 ஐ அழைக்கவும்.",
    "ஸ்ரீ\u200dமதி மருத்துவமனைக்கு வந்தார்; கை\u200cகளை நன்கு கழுவவும்.",
    "Vaccines in 2020\u00a02021\u00a02022; ages 6\u00a0to\u00a09; 3\u20134 weeks apart.",
]


# --- Disguised forms, round 2 (issue 16) --------------------------------------------------
# Identifiers disguised with *words* and writing habits rather than characters:
# "[at]"/"dot" e-mails, phone numbers with a country code written any way,
# addresses with "S'pore", without "Blk", with the Tamil or Chinese street first,
# dates of birth behind "b.", "பிறப்பு:", "lahir pada". Every item is built from
# a form (a function of a generated value) in a carrier sentence. The corpus is
# split in two with a fixed seed: carriers, street lists and forms' values of
# the development half were the only ones looked at while writing the
# detector; figures are reported on the held-out half, whose carrier sentences
# and street names the detector's author did not tune on.

ROUND2_TYPES = ("email", "phone", "address", "dob")
ROUND2_SPLITS = ("dev", "held_out")

# Carrier sentences, two lists per language and type: the first is the
# development half, the second the held-out half.
ROUND2_CARRIERS: dict[str, dict[str, tuple[list[str], list[str]]]] = {
    "en": {
        "email": (
            [
                "Send the discharge summary to {X} today.",
                "Her son asked us to write to {X} with the results.",
                "Contact: {X}",
                "Please copy {X} on the referral.",
            ],
            [
                "The caregiver can be reached at {X} in the evening.",
                "Results were mailed to {X} last week.",
                "For the family: {X}.",
                "Forward the letter to {X}, thanks.",
            ],
        ),
        "phone": (
            [
                "Call the patient's daughter on {X} after 6 pm.",
                "Contact number {X}.",
                "Her husband ({X}) will pick her up.",
                "Tel: {X}",
            ],
            [
                "If no answer, try {X} instead.",
                "Next of kin can be reached at {X}.",
                "SMS the caregiver at {X} before the visit.",
                "Phone {X} (mobile).",
            ],
        ),
        "address": (
            [
                "The patient lives at {X} with her son.",
                "Home address: {X}.",
                "Deliver the medication to {X} before Friday.",
            ],
            ["Discharged home to {X} yesterday.", "Address on file: {X}", "The nurse will visit {X} on Monday."],
        ),
        "dob": (
            ["Mr Lim, {X}, was reviewed today.", "Patient details: {X}; allergies: nil.", "Seen in clinic ({X})."],
            [
                "Referral for Mdm Wong, {X}, for diabetic review.",
                "{X}, admitted with fever.",
                "Chart notes: {X}, lives alone.",
            ],
        ),
    },
    "zh": {
        "email": (
            ["请将出院小结发送至{X}。", "她儿子的邮箱：{X}", "联系方式：{X}"],
            ["检查结果已寄到{X}。", "家属电邮{X}，请抄送。", "请把报告转发给{X}，谢谢。"],
        ),
        "phone": (
            ["请在下午6点后拨打{X}联系患者的女儿。", "联系电话：{X}。", "她丈夫（{X}）会来接她。"],
            ["如无人接听，请改拨{X}。", "家属电话{X}，请于探访前联系。", "手机：{X}"],
        ),
        "address": (
            ["患者与儿子住在{X}。", "住址：{X}。", "请在周五前把药送到{X}。"],
            ["昨日出院回家，地址为{X}。", "护士周一将到{X}家访。", "家庭地址{X}"],
        ),
        "dob": (
            ["林先生，{X}，今日复诊。", "患者资料：{X}；无过敏史。", "门诊记录（{X}）"],
            ["转介黄女士（{X}）做糖尿病复查。", "{X}，因发烧入院。", "病历：{X}，独居。"],
        ),
    },
    "ms": {
        "email": (
            ["Hantar ringkasan discaj ke {X} hari ini.", "E-mel anak beliau: {X}", "Hubungi: {X}"],
            ["Keputusan telah dihantar ke {X} minggu lepas.", "Untuk keluarga: {X}.", "Sila majukan surat ke {X}."],
        ),
        "phone": (
            [
                "Hubungi anak perempuan pesakit di {X} selepas jam 6 petang.",
                "Nombor telefon: {X}.",
                "Suami beliau ({X}) akan menjemput.",
            ],
            ["Jika tiada jawapan, cuba {X}.", "Waris boleh dihubungi di {X}.", "Telefon bimbit {X}."],
        ),
        "address": (
            [
                "Pesakit tinggal di {X} bersama anaknya.",
                "Alamat rumah: {X}.",
                "Sila hantar ubat ke {X} sebelum Jumaat.",
            ],
            ["Dibenarkan pulang ke {X} semalam.", "Alamat dalam rekod: {X}", "Jururawat akan melawat {X} pada Isnin."],
        ),
        "dob": (
            [
                "Encik Ahmad, {X}, telah diperiksa hari ini.",
                "Butiran pesakit: {X}; alahan: tiada.",
                "Dilihat di klinik ({X}).",
            ],
            [
                "Rujukan untuk Puan Siti, {X}, untuk semakan diabetes.",
                "{X}, dimasukkan kerana demam.",
                "Nota: {X}, tinggal seorang diri.",
            ],
        ),
    },
    "ta": {
        "email": (
            ["வெளியேற்றச் சுருக்கத்தை {X} என்ற முகவரிக்கு அனுப்பவும்.", "மகனின் மின்னஞ்சல்: {X}", "தொடர்புக்கு: {X}"],
            ["முடிவுகள் {X} க்கு அனுப்பப்பட்டன.", "குடும்பத்தினருக்கு: {X}.", "கடிதத்தை {X} க்கு அனுப்பவும்."],
        ),
        "phone": (
            [
                "மாலை 6 மணிக்குப் பிறகு நோயாளியின் மகளை {X} என்ற எண்ணில் அழைக்கவும்.",
                "தொலைபேசி எண்: {X}.",
                "அவரது கணவர் ({X}) அழைத்துச் செல்வார்.",
            ],
            ["பதில் இல்லையெனில் {X} ஐ அழைக்கவும்.", "உறவினரை {X} இல் தொடர்பு கொள்ளலாம்.", "கைப்பேசி {X}."],
        ),
        "address": (
            [
                "நோயாளி {X} என்ற முகவரியில் தன் மகனுடன் வசிக்கிறார்.",
                "வீட்டு முகவரி: {X}.",
                "வெள்ளிக்கிழமைக்கு முன் மருந்தை {X} க்கு அனுப்பவும்.",
            ],
            ["நேற்று {X} க்கு வீடு திரும்பினார்.", "பதிவில் உள்ள முகவரி: {X}", "செவிலியர் திங்கள் அன்று {X} க்கு வருவார்."],
        ),
        "dob": (
            ["திரு. குமார், {X}, இன்று பரிசோதிக்கப்பட்டார்.", "நோயாளி விவரம்: {X}; ஒவ்வாமை இல்லை.", "மருத்துவமனை குறிப்பு ({X})."],
            [
                "திருமதி லட்சுமி ({X}) நீரிழிவு பரிசோதனைக்கு அனுப்பப்படுகிறார்.",
                "{X}, காய்ச்சலுடன் அனுமதிக்கப்பட்டார்.",
                "குறிப்பு: {X}, தனியாக வசிக்கிறார்.",
            ],
        ),
    },
}

# Street names, development half and held-out half. English/Malay spellings
# (used in every language), Chinese, and Tamil with the street word in Tamil.
ROUND2_STREETS = {
    "en": (
        [
            "Tampines Street 21",
            "Ang Mo Kio Ave 3",
            "Jurong West St 42",
            "Bedok North Road",
            "Yishun Ring Road",
            "Jalan Bukit Merah",
            "Lorong 4 Toa Payoh",
            "Clementi Avenue 2",
            "Choa Chu Kang Crescent",
            "Sims Drive",
        ],
        [
            "Hougang Avenue 8",
            "Woodlands Drive 14",
            "Pasir Ris Street 12",
            "Jalan Tenteram",
            "Lorong 1 Toa Payoh",
            "Marine Parade Central",
            "Telok Blangah Crescent",
            "Bishan Street 13",
            "Sengkang East Way",
            "Redhill Close",
        ],
    ),
    "zh": (
        ["淡滨尼21街", "宏茂桥3道", "裕廊西42街", "勿洛北路", "大巴窑4巷", "红山路", "金文泰2道"],
        ["后港8道", "兀兰14道", "巴西立12街", "碧山13街", "蔡厝港弯", "惹兰勿刹", "实龙岗北1道"],
    ),
    "ta": (
        [
            "தெம்பனீஸ் ஸ்ட்ரீட் 21",
            "அங் மோ கியோ அவென்யூ 3",
            "பிடோக் நார்த் ரோடு",
            "சிராங்கூன் சாலை",
            "ஜாலான் புக்கிட் மேரா",
            "உட்லண்ட்ஸ் டிரைவ் 14",
            "யீஷூன் ரிங் ரோடு",
        ],
        [
            "ஜூரோங் வெஸ்ட் ஸ்ட்ரீட் 42",
            "ஹவ்காங் அவென்யூ 8",
            "கிளமெண்டி அவென்யூ 2",
            "ரேஸ் கோர்ஸ் ரோடு",
            "லோரோங் 1 தோ பாயோ",
            "சோவா சூ காங் கிரசண்ட்",
            "புக்கிட் பாத்தோக் வெஸ்ட் அவென்யூ 6",
        ],
    ),
}


@dataclass(frozen=True)
class Round2Item:
    language: str
    type: str
    form: str
    split: str
    sentence: str
    start: int
    end: int

    @property
    def identifier(self) -> str:
        return self.sentence[self.start : self.end]


class Round2Generator(Generator):
    """Identifiers disguised with words. ``forms(kind, language)`` lists form
    names; each form returns (text before, identifier, text after): the text
    around is the disguise's own context ("DOB ", "b. ") that is not part of
    the identifier's span."""

    def __init__(self, seed: int = 20250316):
        super().__init__(seed)

    # --- e-mail ----------------------------------------------------------------------
    def _mail_parts(self) -> tuple[str, str, list[str]]:
        local = self.rng.choice(
            [
                "lim.siewmei",
                "tan.ahkow",
                "siti_aisyah",
                "kumar.r",
                "weiling88",
                "nur.hidayah",
                "rajesh.p12",
                "meimei.tan",
                "ahmad_rahim",
                "lakshmi.s",
                "chen.jw",
                "auntie.rose",
            ]
        )
        provider = self.rng.random() < 0.7
        if provider:
            domain = self.rng.choice(
                [
                    ["gmail", "com"],
                    ["outlook", "com"],
                    ["hotmail", "com"],
                    ["yahoo", "com", "sg"],
                    ["singnet", "com", "sg"],
                    ["icloud", "com"],
                    ["live", "com"],
                    ["yahoo", "com"],
                ]
            )
        else:
            domain = self.rng.choice(
                [
                    ["u", "nus", "edu"],
                    ["ntu", "edu", "sg"],
                    ["starhub", "net", "sg"],
                    ["mymail", "sg"],
                    ["pacific", "net", "sg"],
                ]
            )
        return local, domain[0], domain

    EMAIL_FORMS = (
        "[at] and [dot]",
        "(at) and (dot)",
        "{at} and {dot}",
        "<at> and <dot>",
        "at and dot words",
        "AT and DOT in capitals",
        "spaced @",
        "@ with a space on one side",
        "[at] with real dots",
        "spaced dots",
        "no spaces: [at][dot]",
        "(@) with real dots",
        "dot in the local part too",
        "full-width at sign, spaced",
        "at word, provider domain",
        "language's own at word",
    )

    def email(self, form: str, language: str) -> tuple[str, str, str]:  # type: ignore[override]
        local, first, labels = self._mail_parts()
        dotted = ".".join(labels)

        def join(sep: str) -> str:
            return sep.join(labels)

        if form == "[at] and [dot]":
            value = f"{local} [at] {join(' [dot] ')}"
        elif form == "(at) and (dot)":
            value = f"{local} (at) {join(' (dot) ')}"
        elif form == "{at} and {dot}":
            value = f"{local}{{at}}{join('{dot}')}"
        elif form == "<at> and <dot>":
            value = f"{local} <at> {join(' <dot> ')}"
        elif form == "at and dot words":
            value = f"{local} at {join(' dot ')}"
        elif form == "AT and DOT in capitals":
            value = f"{local.upper()} AT {join(' DOT ').upper()}"
        elif form == "spaced @":
            value = f"{local} @ {dotted}"
        elif form == "@ with a space on one side":
            value = self.rng.choice([f"{local}@ {dotted}", f"{local} @{dotted}"])
        elif form == "[at] with real dots":
            value = f"{local}{self.rng.choice([' [at] ', '[at]', ' [ at ] '])}{dotted}"
        elif form == "spaced dots":
            value = f"{local}@{join(' . ')}"
        elif form == "no spaces: [at][dot]":
            value = f"{local}[at]{join('[dot]')}"
        elif form == "(@) with real dots":
            value = f"{local} (@) {dotted}"
        elif form == "dot in the local part too":
            value = f"{local.replace('.', ' dot ').replace('_', ' underscore ')} at {join(' dot ')}"
            if " underscore " in value:
                value = f"{local.replace('_', '.').replace('.', ' dot ')} at {join(' dot ')}"
        elif form == "full-width at sign, spaced":
            value = f"{local} \uff20 {dotted}"
        elif form == "at word, provider domain":
            value = (
                f"{local} at {dotted}"
                if first in {"gmail", "outlook", "hotmail", "yahoo", "singnet", "icloud", "live"}
                else f"{local} at {join(' dot ')}"
            )
        else:  # the language's own word
            if language == "zh":
                value = self.rng.choice(
                    [f"{local}艾特{join('点')}", f"{local} at符号 {dotted}", f"{local}艾特{dotted}"]
                )
            elif language == "ms":
                value = f"{local} di {join(' dot ')}"
            else:
                value = f"{local} [at] {join(' [dot] ')}"
        return "", value, ""

    # --- phone -----------------------------------------------------------------------
    PHONE_FORMS = (
        "dots 4.4",
        "+65 and dots",
        "+65 and hyphens",
        "65 and spaces",
        "(65) and no spaces",
        "+65 with mixed separators",
        "65 and hyphens",
        "0065 and hyphens",
        "(+65) and dots",
        "+ 65 spaced",
        "spaced hyphen 4 - 4",
        "+65 then 8 digits",
        "65 then 8 digits, no space",
        "4+2+2 groups",
        "+65 and pairs",
        "tel: prefix, +65 and dots",
    )

    def phone(self, form: str = "", language: str = "") -> tuple[str, str, str]:  # type: ignore[override]
        if not form:
            return super().phone()  # type: ignore[return-value]
        while True:
            local = self.rng.choice("689") + self.digits(7)
            if not local.endswith("00000") and local != "63892222":
                break
        a, b = local[:4], local[4:]
        pairs = [local[i : i + 2] for i in range(0, 8, 2)]
        value = {
            "dots 4.4": f"{a}.{b}",
            "+65 and dots": f"+65.{a}.{b}",
            "+65 and hyphens": f"+65-{a}-{b}",
            "65 and spaces": f"65 {a} {b}",
            "(65) and no spaces": f"(65){local}",
            "+65 with mixed separators": self.rng.choice([f"+65 {a}-{b}", f"+65-{a} {b}", f"+65 {a}.{b}"]),
            "65 and hyphens": f"65-{a}-{b}",
            "0065 and hyphens": f"0065-{a}-{b}",
            "(+65) and dots": f"(+65) {a}.{b}",
            "+ 65 spaced": f"+ 65 {a} {b}",
            "spaced hyphen 4 - 4": f"{a} - {b}",
            "+65 then 8 digits": f"+65 {local}",
            "65 then 8 digits, no space": f"65{local}",
            "4+2+2 groups": f"{a} {b[:2]} {b[2:]}",
            "+65 and pairs": "+65 " + " ".join(pairs),
            "tel: prefix, +65 and dots": f"+65.{a}.{b}",
        }[form]
        return "", value, ""

    # --- address ---------------------------------------------------------------------
    ADDRESS_FORMS = (
        "S'pore and postal code",
        "Spore and postal code",
        "Singapore and postal code only",
        "house number and street, no Blk",
        "Block and street",
        "Apt Blk and street",
        "street then #unit",
        "#unit then street",
        "street first, block after",
        "Chinese street then 第…座",
        "Malay Blok, Jalan/Lorong, Tingkat",
        "Singapore run into the code",
        "Tamil street first, then புளோக்",
        "street, unit and S(code)",
    )

    def address(self, form: str = "", language: str = "", split: int = 0) -> tuple[str, str, str]:  # type: ignore[override]
        if not form:
            return super().address(language)  # type: ignore[return-value]
        b, u, pc = self.block(), self.unit(), self.postcode()
        street = self.rng.choice(ROUND2_STREETS["en"][split])
        zh = self.rng.choice(ROUND2_STREETS["zh"][split])
        ta = self.rng.choice(ROUND2_STREETS["ta"][split])
        floor, number = u[1:].split("-")
        local_street = {"zh": zh, "ta": ta}.get(language, street)
        if form == "S'pore and postal code":
            country = self.rng.choice(["S\u2019pore", "S'pore", "S\u2019PORE"])
            value = f"{b} {street}, {u}, {country} {pc}"
        elif form == "Spore and postal code":
            value = f"Blk {b} {street} {u} {self.rng.choice(['Spore', 'SPORE', 'Sg', 'SG'])} {pc}"
        elif form == "Singapore and postal code only":
            country = {"zh": "新加坡", "ta": "சிங்கப்பூர்", "ms": "Singapura"}.get(language, "Singapore")
            value = f"{country} {pc}"
        elif form == "house number and street, no Blk":
            value = self.rng.choice([f"{b} {street}", f"{b}, {street}", f"No. {b} {street}"])
            if language == "zh":
                value = f"{zh}{b}号"
        elif form == "Block and street":
            value = f"Block {b} {street}" if language != "ta" else f"புளோக் {b} {ta}"
        elif form == "Apt Blk and street":
            value = f"Apt Blk {b} {street}"
        elif form == "street then #unit":
            value = f"{local_street} {u}" if language != "zh" else f"{zh}{u}"
        elif form == "#unit then street":
            value = f"{u} {local_street}" if language != "zh" else f"{u}，{zh}"
        elif form == "street first, block after":
            value = {"zh": f"{zh}第{b}座", "ta": f"{ta}, புளோக் {b}", "ms": f"{street}, Blok {b}"}.get(
                language, f"{street}, Blk {b}"
            )
        elif form == "Chinese street then 第…座":
            value = (
                f"{zh}第{b}座{self.rng.choice(['', u, f'{floor}楼{number}号'])}"
                if language == "zh"
                else f"{street} Block {b}"
            )
        elif form == "Malay Blok, Jalan/Lorong, Tingkat":
            value = (
                f"Blok {b} {street}, Tingkat {int(floor)}, Unit {floor}-{number}"
                if language == "ms"
                else f"Blk {b} {street} Level {int(floor)}"
            )
        elif form == "Singapore run into the code":
            value = f"{local_street} Singapore{pc}" if language != "zh" else f"{zh}，新加坡{pc}"
        elif form == "Tamil street first, then புளோக்":
            value = f"{ta}, புளோக் {b}" if language == "ta" else f"{local_street} blk {b}"
        else:
            value = f"{local_street}, {u}, S({pc})" if language != "zh" else f"{zh}{u}，S({pc})"
        return "", value, ""

    # --- date of birth -----------------------------------------------------------------
    DOB_FORMS = (
        "b. d.m.yyyy",
        "born d/m/yy",
        "DOB yyyy-mm-dd",
        "d.o.b. dd/mm/yyyy",
        "DoB: d Mon yyyy",
        "born on Month d, yyyy",
        "(b. yyyy-mm-dd)",
        "language's birth word, numeric",
        "language's birth word, month name",
        "language's date-of-birth label",
        "date then birth verb",
        "spaces around separators",
    )

    def dob(self, form: str = "", language: str = "") -> tuple[str, str, str]:  # type: ignore[override]
        if not form:
            return super().dob(language)  # type: ignore[return-value]
        y, m, d = self.rng.randint(1930, 2020), self.rng.randint(1, 12), self.rng.randint(1, 28)
        mon = {"ms": MONTHS["ms"], "ta": MONTHS["ta"]}.get(language, MONTHS["en"])[m - 1]
        short = MONTHS["en_short"][m - 1]
        pick = self.rng.choice
        if form == "b. d.m.yyyy":
            return pick(["b. ", "b.", "B. "]), f"{d}.{m}.{y}", ""
        if form == "born d/m/yy":
            return pick(["born ", "Born ", "born: "]), f"{d}/{m}/{y % 100:02d}", ""
        if form == "DOB yyyy-mm-dd":
            return pick(["DOB ", "DOB: ", "dob ", "DOB-"]), f"{y}-{m:02d}-{d:02d}", ""
        if form == "d.o.b. dd/mm/yyyy":
            return pick(["d.o.b. ", "D.O.B ", "d.o.b: ", "D.o.B. "]), f"{d:02d}/{m:02d}/{y}", ""
        if form == "DoB: d Mon yyyy":
            return pick(["DoB: ", "DOB ", "Date of Birth - "]), f"{d} {short} {y}", ""
        if form == "born on Month d, yyyy":
            return pick(["born on ", "was born ", "birth date "]), f"{MONTHS['en'][m - 1]} {d}, {y}", ""
        if form == "(b. yyyy-mm-dd)":
            return "(b. ", f"{y}-{m:02d}-{d:02d}", ")"
        if form == "spaces around separators":
            return pick(["DOB: ", "born ", "d.o.b. "]), f"{d:02d} / {m:02d} / {y}", ""
        if language == "en":
            if form == "language's birth word, numeric":
                return pick(["born ", "Born: ", "birth "]), f"{d:02d}.{m:02d}.{y}", ""
            if form == "language's birth word, month name":
                return pick(["born ", "born on the "]), f"{d}{pick(['th', ''])} {mon} {y}", ""
            if form == "language's date-of-birth label":
                return pick(["Date of birth: ", "Birthdate: ", "Date-of-birth "]), f"{d}-{short}-{y}", ""
            return "", f"{d:02d}/{m:02d}/{y}", pick([" (DOB)", " (date of birth)", " (birth)"])
        if language == "zh":
            if form == "language's birth word, numeric":
                return (
                    pick(["生于", "出生：", "出生于"]),
                    pick([f"{y}-{m:02d}-{d:02d}", f"{y}/{m}/{d}", f"{y}.{m:02d}.{d:02d}"]),
                    "",
                )
            if form == "language's birth word, month name":
                return pick(["生于", "出生于", "生日："]), f"{y}年{m}月{d}日", ""
            if form == "language's date-of-birth label":
                return (
                    pick(["出生日期：", "出生年月日：", "出生日期 "]),
                    pick([f"{y}年{m}月{d}日", f"{d:02d}/{m:02d}/{y}"]),
                    "",
                )
            return "", f"{y}年{m}月{d}日", pick(["出生", "生", "出世"])
        if language == "ms":
            if form == "language's birth word, numeric":
                return pick(["lahir ", "lahir pada ", "dilahirkan pada "]), f"{d:02d}.{m:02d}.{y}", ""
            if form == "language's birth word, month name":
                return pick(["lahir pada ", "dilahirkan pada ", "lahir "]), f"{d}{pick(['', 'hb'])} {mon} {y}", ""
            if form == "language's date-of-birth label":
                return (
                    pick(["tarikh lahir ", "Tarikh Lahir: ", "tarikh kelahiran: ", "Hari jadi: "]),
                    f"{d}/{m}/{y}",
                    "",
                )
            return "", f"{d} {mon} {y}", pick([" (tarikh lahir)", " (lahir)"])
        if form == "language's birth word, numeric":
            return pick(["பிறப்பு: ", "பிறப்பு ", "பிறந்தது: "]), f"{y}-{m:02d}-{d:02d}", ""
        if form == "language's birth word, month name":
            return pick(["பிறப்பு: ", "பிறந்தது "]), f"{d} {mon} {y}", ""
        if form == "language's date-of-birth label":
            return pick(["பிறந்த தேதி: ", "பிறந்த நாள்: ", "பிறப்பு தேதி ", "பிறந்த திகதி: "]), f"{d:02d}/{m:02d}/{y}", ""
        return "", f"{d:02d}.{m:02d}.{y}", pick([" அன்று பிறந்தவர்", " இல் பிறந்தார்", " பிறந்தவர்"])

    def forms(self, kind: str) -> tuple[str, ...]:
        return {
            "email": self.EMAIL_FORMS,
            "phone": self.PHONE_FORMS,
            "address": self.ADDRESS_FORMS,
            "dob": self.DOB_FORMS,
        }[kind]

    def items(self, per_form: int = 12) -> list[Round2Item]:
        """``per_form`` items per form, type and language in each half."""
        out = []
        for language in LANGUAGES:
            for kind in ROUND2_TYPES:
                for form in self.forms(kind):
                    for split_index, split in enumerate(ROUND2_SPLITS):
                        carriers = ROUND2_CARRIERS[language][kind][split_index]
                        for _ in range(per_form):
                            if kind == "address":
                                before_id, value, after_id = self.address(form, language, split_index)
                            else:
                                before_id, value, after_id = getattr(self, kind)(form, language)
                            before, after = self.rng.choice(carriers).split("{X}")
                            head = before + before_id
                            out.append(
                                Round2Item(
                                    language,
                                    kind,
                                    form,
                                    split,
                                    head + value + after_id + after,
                                    len(head),
                                    len(head) + len(value),
                                )
                            )
        return out


# Leaflet text that must stay quiet: hospital and place names, drugs and doses,
# clock times, appointment and outbreak dates, years, prices, versions, web
# addresses, "at" and "dot" in ordinary sentences, list items lettered "b.".
# Built from pieces with a seeded generator, so each run has the same sentences.
_HOSPITALS = {
    "en": [
        "Tan Tock Seng Hospital",
        "Singapore General Hospital",
        "Changi General Hospital",
        "KK Women's and Children's Hospital",
        "Khoo Teck Puat Hospital",
        "Ng Teng Fong General Hospital",
        "Sengkang General Hospital",
        "Bedok Polyclinic",
        "Ang Mo Kio Polyclinic",
        "the National Heart Centre",
    ],
    "zh": [
        "陈笃生医院",
        "新加坡中央医院",
        "樟宜综合医院",
        "竹脚妇幼医院",
        "邱德拔医院",
        "黄廷方综合医院",
        "盛港综合医院",
        "勿洛综合诊疗所",
    ],
    "ms": [
        "Hospital Tan Tock Seng",
        "Hospital Besar Singapura",
        "Hospital Besar Changi",
        "Poliklinik Bedok",
        "Hospital Khoo Teck Puat",
        "Poliklinik Ang Mo Kio",
    ],
    "ta": [
        "டான் டோக் செங் மருத்துவமனை",
        "சிங்கப்பூர் பொது மருத்துவமனை",
        "சாங்கி பொது மருத்துவமனை",
        "பிடோக் பலதுறை மருந்தகம்",
        "கூ டெக் புவாட் மருத்துவமனை",
    ],
}
_PLACES = {
    "en": [
        "Tampines",
        "Jurong East",
        "Toa Payoh",
        "Lim Chu Kang",
        "Ang Mo Kio",
        "Woodlands",
        "Bukit Merah",
        "Orchard Road",
    ],
    "zh": ["淡滨尼", "裕廊东", "大巴窑", "林厝港", "宏茂桥", "兀兰", "红山", "乌节路"],
    "ms": ["Tampines", "Jurong Timur", "Toa Payoh", "Woodlands", "Bukit Merah", "Jalan Besar"],
    "ta": ["தெம்பனீஸ்", "ஜூரோங் ஈஸ்ட்", "தோ பாயோ", "உட்லண்ட்ஸ்", "புக்கிட் மேரா"],
}
_DRUGS = [
    "paracetamol",
    "metformin",
    "amlodipine",
    "insulin glargine",
    "amoxicillin",
    "salbutamol",
    "aspirin",
    "atorvastatin",
]
ROUND2_NEGATIVE_TEMPLATES = {
    "en": [
        "Take {drug} {dose} mg at {time} am and {time} pm.",
        "Dilute {ml} ml of syrup in water; children take {half} ml.",
        "Your appointment at {hospital} is on {date} at {time} am.",
        "In {year} the vaccine was first given at {hospital}.",
        "Visit us at www.healthhub.sg or at {hospital} for more information.",
        "Find out more at moh.gov.sg, then meet the nurse at {place}.",
        "The app (version {version}) costs ${price}; download it at the App Store.",
        "Screening costs ${price} at {hospital}; subsidies from {year}.",
        "Between {year} and {year2}, cases in {place} fell by {pct}%.",
        "a. Wash your hands. b. {date}: second dose. c. Rest at home.",
        "Bus {bus} stops at {hospital}; the clinic is at Level {level}, Block {level}.",
        "Children born in {year} are due for the booster at {place}.",
        "Call 995 at once; the hotline 1800 221 4444 opens at {time} am.",
        "Blood sugar should be {sugar} mmol/L before meals and {sugar2} after.",
        "Each dot on the chart is one patient at {hospital}.",
        "Apply a pea-sized dot of cream at bedtime, {half} g at most.",
        "Use {puffs} puffs of {drug} at 4-hourly intervals, {dose} mcg each.",
        "Temperature above {temp} °C for {days} days: see a doctor at {place}.",
        "The {year} guidelines (section {version}) apply to {hospital}.",
        "Dr Tan at {hospital} reviews results every {days} days.",
    ],
    "zh": [
        "每次服用{drug}{dose}毫克，上午{time}和晚上{time}各一次。",
        "您在{hospital}的复诊日期是{date_zh}上午{time}。",
        "{year}年，{hospital}首次接种该疫苗。",
        "请访问www.healthhub.sg或前往{hospital}了解更多。",
        "该应用程序（版本{version}）售价{price}新元。",
        "{year}年至{year2}年间，{place}的病例下降了{pct}%。",
        "{year}年出生的儿童需在{place}接种加强剂。",
        "血糖饭前应为{sugar}毫摩尔/升，饭后{sugar2}。",
        "体温超过{temp}°C持续{days}天，请到{hospital}就医。",
        "诊所位于{place}，营业时间上午{time}至下午{time}。",
        "紧急情况请拨打995；热线1800 221 4444于上午{time}开放。",
        "呼吸道感染者请戴口罩，并于{date_zh}前复诊。",
    ],
    "ms": [
        "Ambil {drug} {dose} mg pada jam {time} pagi dan {time} malam.",
        "Temu janji anda di {hospital} pada {date} jam {time} pagi.",
        "Pada tahun {year} vaksin itu mula diberikan di {hospital}.",
        "Layari www.healthhub.sg atau datang ke {hospital} untuk maklumat lanjut.",
        "Aplikasi (versi {version}) berharga ${price}.",
        "Antara {year} dan {year2}, kes di {place} menurun sebanyak {pct}%.",
        "Kanak-kanak yang lahir pada tahun {year} perlu suntikan penggalak di {place}.",
        "Gula darah sepatutnya {sugar} mmol/L sebelum makan.",
        "Suhu melebihi {temp} °C selama {days} hari: jumpa doktor di {hospital}.",
        "Klinik di {place} dibuka dari jam {time} pagi hingga {time} petang.",
        "Tinggal di rumah dan minum air; jumpa doktor di {hospital} jika perlu.",
        "Cairkan {ml} ml sirap dalam air; kanak-kanak ambil {half} ml.",
    ],
    "ta": [
        "{drug} {dose} மி.கி. காலை {time} மணிக்கும் இரவு {time} மணிக்கும் எடுக்கவும்.",
        "{hospital} இல் உங்கள் சந்திப்பு {date} அன்று காலை {time} மணிக்கு.",
        "{year} இல் இந்தத் தடுப்பூசி முதன்முதலில் {hospital} இல் வழங்கப்பட்டது.",
        "மேலும் அறிய www.healthhub.sg அல்லது {hospital} ஐப் பார்வையிடவும்.",
        "செயலி (பதிப்பு {version}) ${price} ஆகும்.",
        "{year} முதல் {year2} வரை {place} இல் நோயாளிகள் {pct}% குறைந்தனர்.",
        "{year} இல் பிறந்த குழந்தைகள் {place} இல் ஊக்கத் தடுப்பூசி பெற வேண்டும்.",
        "காய்ச்சல் {temp} °C க்கு மேல் {days} நாட்கள் இருந்தால் {hospital} க்குச் செல்லவும்.",
        "பிறப்பு கட்டுப்பாடு பற்றி {hospital} இல் கேட்கவும்; அடுத்த சந்திப்பு {date}.",
        "{place} மருந்தகம் காலை {time} முதல் மாலை {time} வரை திறந்திருக்கும்.",
        "{ml} மி.லி. மருந்தை நீரில் கலக்கவும்; குழந்தைகளுக்கு {half} மி.லி.",
    ],
}


def round2_negatives(per_language: int = 400, seed: int = 20250317) -> dict[str, list[str]]:
    rng = random.Random(seed)
    out: dict[str, list[str]] = {}
    for language in LANGUAGES:
        sentences = []
        for _ in range(per_language):
            template = rng.choice(ROUND2_NEGATIVE_TEMPLATES[language])
            year = rng.randint(1950, 2026)
            month = rng.randint(1, 12)
            day = rng.randint(1, 28)
            values = {
                "drug": rng.choice(_DRUGS),
                "dose": rng.choice(["1.5", "2.5", "500", "250", "0.5", "12.5", "1000"]),
                "ml": rng.choice(["2.5", "5", "7.5", "10", "15"]),
                "half": rng.choice(["1.25", "2.5", "0.5", "3.75"]),
                "time": rng.choice(["8.30", "9.15", "10.45", "7.00", "11.30", "6.30"]),
                "hospital": rng.choice(_HOSPITALS[language]),
                "place": rng.choice(_PLACES[language]),
                "date": rng.choice(
                    [
                        f"{day}/{month}/{year}",
                        f"{day:02d}.{month:02d}.{year}",
                        f"{year}-{month:02d}-{day:02d}",
                        f"{day} {MONTHS['en'][month - 1]} {year}",
                    ]
                ),
                "date_zh": f"{year}年{month}月{day}日",
                "year": str(year),
                "year2": str(min(year + rng.randint(1, 6), 2030)),
                "version": rng.choice(["2.5.1", "3.0", "1.12.4", "4.2", "10.3.2"]),
                "price": rng.choice(["12.50", "8.90", "120", "35.00", "1,250.00"]),
                "pct": str(rng.randint(2, 95)),
                "bus": str(rng.randint(2, 999)),
                "level": str(rng.randint(1, 12)),
                "sugar": rng.choice(["4.0", "6.5", "7.8", "5.5"]),
                "sugar2": rng.choice(["8.0", "10.0", "9.5"]),
                "temp": rng.choice(["38", "38.5", "39"]),
                "days": str(rng.randint(2, 14)),
                "puffs": str(rng.randint(1, 4)),
            }
            sentences.append(template.format(**values))
        out[language] = sentences
    return out
