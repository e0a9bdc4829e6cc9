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
        "phone": ["请在下午6点后拨打{X}联系患者的女儿。", "联系电话：{X}。", "如有疑问，请致电{X}找陈女士，紧急情况请拨打995。"],
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
        "address": ["Pesakit tinggal di {X} bersama anaknya.", "Alamat rumah: {X}.", "Sila hantar ubat ke {X} sebelum Jumaat."],
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
    "Ang Mo Kio Avenue 3", "Ang Mo Kio Ave 10", "Jurong West Street 42", "Jurong West St 91", "Bedok North Road",
    "Tampines Street 21", "Bukit Batok West Avenue 6", "Yishun Ring Road", "Hougang Avenue 8", "Woodlands Drive 14",
    "Pasir Ris Street 12", "Clementi Avenue 2", "Serangoon North Ave 1", "Choa Chu Kang Crescent", "Sengkang East Way",
    "Marine Parade Central", "Upper Boon Keng Road", "Telok Blangah Crescent", "Bishan Street 13", "Sims Drive",
    "Eunos Crescent", "Holland Drive", "Ghim Moh Road", "Redhill Close", "Toa Payoh Lorong 1", "Bukit Panjang Ring Road",
    "Punggol Field Walk", "Compassvale Lane", "Jalan Bukit Merah", "Jalan Tenteram", "Lorong 4 Toa Payoh",
    "Circuit Road", "Geylang Bahru Lane", "Kim Tian Road", "Dover Crescent", "Bt Batok St 21", "Whampoa Drive",
]
STREETS_ZH = [
    "宏茂桥3道", "宏茂桥10道", "裕廊西42街", "勿洛北路", "淡滨尼21街", "大巴窑1巷", "红山路", "碧山13街",
    "后港8道", "兀兰14道", "巴西立12街", "金文泰2道", "实龙岗北1道", "蔡厝港弯", "盛港东通道", "惹兰勿刹",
]
STREETS_TA = [
    "அங் மோ கியோ அவென்யூ 3", "ஜூரோங் வெஸ்ட் ஸ்ட்ரீட் 42", "பிடோக் நார்த் ரோடு", "தெம்பனிஸ் ஸ்ட்ரீட் 21",
    "யீஷூன் ரிங் ரோடு", "ஹவ்காங் அவென்யூ 8", "உட்லண்ட்ஸ் டிரைவ் 14", "கிளமெண்டி அவென்யூ 2", "சிராங்கூன் நார்த் அவென்யூ 1",
]

MONTHS = {
    "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"],
    "en_short": ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
    "ms": ["Januari", "Februari", "Mac", "April", "Mei", "Jun", "Julai", "Ogos", "September", "Oktober", "November", "Disember"],
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
                local, f"{a} {b}", f"{a}-{b}", f"+65 {a} {b}", f"+65{local}", f"(65) {a} {b}",
                f"+65-{a}-{b}", f"(+65) {a} {b}", f"0065 {a} {b}", f"+65 {local}",
                f"1800 {self.digits(3)} {self.digits(4)}",
            ]
        )

    def email(self) -> str:
        first = self.rng.choice(["tan", "lim", "siti", "kumar", "wei.ling", "nur_aisyah", "raj", "mei"])
        last = self.rng.choice(["ahkow", "bl", "abdullah", "s", "ong", "p", "chen"])
        domain = self.rng.choice(["gmail.com", "hotmail.com", "yahoo.com.sg", "singnet.com.sg", "u.nus.edu", "outlook.sg"])
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
            f"{day:02d}/{month:02d}/{year}", f"{day}/{month}/{year}", f"{day:02d}-{month:02d}-{year}",
            f"{day:02d}.{month:02d}.{year}", f"{year}-{month:02d}-{day:02d}",
        ]
        if language == "en":
            name, short = MONTHS["en"][month - 1], MONTHS["en_short"][month - 1]
            return self.rng.choice(
                numeric
                + [f"{day} {name} {year}", f"{day} {short} {year}", f"{name} {day}, {year}"]
                + [f"{day}th {name} {year}", f"{day:02d}-{short}-{year}"]
            )
        if language == "zh":
            return self.rng.choice(numeric + [f"{year}年{month}月{day}日", f"{year}年{month:02d}月{day:02d}日", f"{year} 年 {month} 月 {day} 日"])
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
