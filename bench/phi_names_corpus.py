"""People's names in leaflet-like sentences, four languages, and hard negatives; recall and false positives.

    cd /work/main && .venv/bin/python bench/phi_names_corpus.py [--per-language N] [--show N]

Sentences are built from templates and name lists written for this corpus
(Chinese, Malay, Indian and Eurasian names; romanised and in characters; with
and without honorifics, labels, patronymics), seeded. Each (template, name)
pair is put in the development half or the held-out half by a fixed hash, and
the held-out half uses given names and surnames the development half never
saw (the lists are split too), so a name table tuned on one half cannot have
learnt the other. Figures are printed for the held-out half; the development
half is printed too, for comparison. A name counts as found when one
`person` span covers every letter of it.

Hard negatives: hospitals, schools, roads and stations named after people,
drug names after "Name of medicine:", Chinese words that start with a surname
character, leaflet sentences with doses and dates; plus the TICO-19 dev
sentences of ../shared/data/tico19 (read at run time, never copied), whose
flagged rows are printed so that names of public figures can be told from
false positives.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from translations.phi import detect  # noqa: E402

TICO = ROOT.parent / "shared" / "data" / "tico19" / "tico19-dev.tsv"

# --- Names ------------------------------------------------------------------------------------------------------
ROMAN_SURNAMES = (
    "Tan Lim Lee Ng Ong Wong Goh Chua Chan Koh Teo Ang Yeo Tay Ho Low Toh Sim Chong Chia Seah Foo "
    "Leong Lau Yap Quek Heng Pang Soh Neo Chew Liew Loh Phua Poh Tang Wee Yong"
).split()
ROMAN_GIVEN = (
    "Ah Kow|Siew Mei|Kar Wai|Boon Hock|Mei Ling|Wei Ming|Hui Min|Chee Keong|Siew Lan|Ah Huat|Kok Wah|Li Hua|"
    "Xiu Ying|Jia Hui|Zhi Hao|Kim Swee|Poh Choo|Geok Lian|Soo Chin|Hock Seng|Yong Kang|Bee Leng|Swee Lan|"
    "Teck Meng|Ai Ling|Jun Jie|Shu Fen|Kai Xin|Wen Jie|Pei Shan|Yi Ling|Cheng Hoe|Keng Hwa|Siok Hoon"
).split("|")
HAN_SURNAMES = list(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗郑梁谢宋唐许邓冯韩曹曾彭萧蔡潘田董袁于余叶蒋杜苏魏程吕丁沈任姚卢傅钟姜崔谭廖范汪陆金石戴贾韦夏邱方侯邹熊孟秦白江阎薛尹段雷黎史龙陶贺顾毛郝龚邵万钱严赖覃洪武莫孔"
) + ["欧阳", "司马", "上官", "诸葛"]
HAN_GIVEN = (
    "秀兰 美玲 伟 丽华 建国 志强 淑芬 秀英 明 静 海燕 桂英 国华 文杰 嘉欣 子豪 佳怡 晓明 雪梅 俊杰 丽娟 宏伟 玉兰 "
    "婷婷 思琪 浩然 梓涵 欣怡 志明 德华 美华 翠兰 金凤 宇轩 雅婷 家豪 慧敏 少华 春梅 红梅 振华 永强 惠玲 碧霞"
).split()
MALAY_MALE = (
    "Ahmad Rahim Ismail Hassan Osman Yusof Aziz Hamid Rosli Kamal Faizal Hafiz Zulkifli Azman Syed "
    "Imran Firdaus Razak Nordin Shahrul"
).split()
MALAY_FEMALE = (
    "Siti Aminah Nurul Huda Farah Rosnah Zainab Aisyah Fatimah Noraini Salmah Mariam Norhayati "
    "Rohani Suraya Haslinda Azizah Hanim"
).split()
MALAY_FATHERS = (
    "Ahmad Ismail Osman Yusof Abdullah Hassan Ibrahim Mohamed Salleh Bakar Omar Rahman Jaafar Sulaiman Daud".split()
)
INDIAN_GIVEN = (
    "Suresh Rajesh Kumar Priya Kavitha Lakshmi Muthu Ganesh Anand Devi Meena Ravi Vijay Sundari "
    "Arjun Deepa Selvi Murugan Revathi Prakash"
).split()
INDIAN_FATHERS = (
    "Palaniappan Raman Subramaniam Krishnan Ramasamy Muthusamy Govindasamy Arumugam Nadarajah Sinnathamby Velu Pillai"
).split()
EURASIAN = [
    "Mary de Souza",
    "John Pereira",
    "Joseph D'Cruz",
    "Agnes Fernandez",
    "Peter Rodrigues",
    "Anne Sta Maria",
    "Paul Oliveiro",
    "Grace de Silva",
    "Michael Shepherdson",
    "Rita Gomes",
    "Daniel Monteiro",
    "Joan Aeria",
]
TAMIL_NAMES = (
    "கமலா சுரேஷ் லட்சுமி முருகன் பிரியா ராஜேஷ் கவிதா கணேஷ் மீனா ரவி விஜய் சுந்தரி அர்ஜுன் தீபா செல்வி பிரகாஷ் ரேவதி ஆனந்த் தேவி முத்து".split()
)
TAMIL_FATHERS = "ராமசாமி பழனியப்பன் கிருஷ்ணன் சுப்பிரமணியம் முத்துசாமி ஆறுமுகம் நடராஜன் வேலு".split()


def _half(*parts: str) -> str:
    """'dev' or 'held': a fixed hash of the parts, so the split never changes."""
    return "held" if hashlib.sha256("|".join(parts).encode()).digest()[0] % 2 else "dev"


def _split(items: list[str]) -> dict[str, list[str]]:
    halves: dict[str, list[str]] = {"dev": [], "held": []}
    for item in items:
        halves[_half("name", item)].append(item)
    return halves


# --- Templates: {N} is the name; every one is a sentence an author might paste ----------------------------------------
TEMPLATES = {
    "en": [
        "Mr {N} is on insulin and checks his sugar twice a day.",
        "Mdm {N} was admitted on 3 March with dengue fever.",
        "Patient: {N}, 68, type 2 diabetes.",
        "Name: {N}",
        "Please remind Mrs {N} to fast from midnight before the scan.",
        "Ms {N}'s blood pressure was 150/95 at the last visit.",
        "We told {N} to take 2 tablets of paracetamol 3 times a day.",
        "{N} missed the appointment on 12 June 2024.",
        "Patient {N} reports chest pain on exertion.",
        "Miss {N} should rest at home for 5 days.",
        "Call Dr {N} if the fever lasts more than 3 days.",
        "Next of kin: {N} (daughter).",
        "Auntie {N} needs help with her eye drops.",
    ],
    "ms": [
        "Encik {N} mengambil insulin setiap pagi.",
        "Puan {N} dimasukkan ke wad pada 3 Mac kerana demam denggi.",
        "Nama: {N}",
        "Pesakit {N} mengadu sakit dada.",
        "Cik {N} perlu berpuasa sebelum ujian darah.",
        "Haji {N} menghidap kencing manis sejak 2010.",
        "Sila ingatkan {N} untuk makan ubat selepas makan.",
        "Nama pesakit: {N}, 72 tahun.",
        "Tuan {N} perlu datang semula dalam 2 minggu.",
    ],
    "zh": [
        "患者{N}，女，68岁，有高血压。",
        "{N}先生每天服用二甲双胍两次。",
        "{N}女士需要空腹抽血。",
        "姓名：{N}",
        "病人{N}咳嗽两周，发烧三天。",
        "请提醒{N}阿姨按时吃药。",
        "{N}小姐的血糖偏高。",
        "{N}今年七十岁，患有糖尿病。",
        "{N}（男，45岁）因胸痛入院。",
    ],
    "ta": [
        "நோயாளி {N} காய்ச்சலுடன் அனுமதிக்கப்பட்டார்.",
        "திரு. {N} தினமும் இன்சுலின் எடுத்துக்கொள்கிறார்.",
        "திருமதி {N} இரத்த அழுத்த மாத்திரை சாப்பிடுகிறார்.",
        "செல்வி {N} இரண்டு வாரங்களுக்குப் பிறகு மீண்டும் வர வேண்டும்.",
        "பெயர்: {N}",
        "நோயாளியின் பெயர்: {N}, வயது 68.",
        "டாக்டர் {N} உங்களைப் பரிசோதிப்பார்.",
        "திரு. {N} அவர்களுக்கு நீரிழிவு நோய் உள்ளது.",
    ],
}


def _names_for(language: str, half: str, rng: random.Random) -> list[str]:
    """Name writings for one language, from the half's share of every list."""
    roman_s, roman_g = _split(ROMAN_SURNAMES)[half], _split(ROMAN_GIVEN)[half]
    han_s, han_g = _split(HAN_SURNAMES)[half], _split(HAN_GIVEN)[half]
    m_male, m_female, m_fathers = _split(MALAY_MALE)[half], _split(MALAY_FEMALE)[half], _split(MALAY_FATHERS)[half]
    i_given, i_fathers = _split(INDIAN_GIVEN)[half], _split(INDIAN_FATHERS)[half]
    eurasian, ta_names, ta_fathers = _split(EURASIAN)[half], _split(TAMIL_NAMES)[half], _split(TAMIL_FATHERS)[half]
    if language == "zh":
        out = [s + g for s in han_s for g in han_g]
    elif language == "ta":
        out = list(ta_names) + [f"{n} {f}" for n in ta_names for f in ta_fathers]
    else:
        out = [f"{s} {g}" for s in roman_s for g in roman_g]
        out += [f"{g} bin {f}" for g in m_male for f in m_fathers]
        out += [f"{g} binti {f}" for g in m_female for f in m_fathers]
        out += [f"{g} {rng.choice(['s/o', 'a/l'])} {f}" for g in i_given for f in i_fathers]
        out += [f"{g} {rng.choice(['d/o', 'a/p'])} {f}" for g in i_given for f in i_fathers]
        out += [f"{g} {f}" for g in i_given for f in i_fathers]
        out += eurasian
        out += [f"{s} {g.split()[0]}{g.split()[1].lower()}" for s in roman_s for g in roman_g[:3]]  # Tan Jiahui
    rng.shuffle(out)
    return out


def build(per_language: int, seed: int = 16) -> dict[str, dict[str, list[tuple[str, str]]]]:
    """{half: {language: [(sentence, name)]}}"""
    corpus: dict[str, dict[str, list[tuple[str, str]]]] = {"dev": {}, "held": {}}
    for half in ("dev", "held"):
        for language, templates in TEMPLATES.items():
            rng = random.Random(f"{seed}-{half}-{language}")
            names = _names_for(language, half, rng)
            rows = []
            for i in range(per_language):
                template = templates[i % len(templates)]
                name = names[i % len(names)]
                # Bare romanised names need a Chinese surname and two syllables; a
                # lone "Suresh Kumar" with no title is not expected to be found.
                if "{N}" in template and template.startswith(("{N}", "We told {N}", "Sila ingatkan {N}")):
                    if language in ("en", "ms") and name.split()[0] not in ROMAN_SURNAMES and " bin" not in name:
                        if not any(c in name for c in ("s/o", "a/l", "d/o", "a/p", "binti")):
                            continue
                rows.append((template.replace("{N}", name), name))
            corpus[half][language] = rows
    return corpus


HARD_NEGATIVES = [
    "Go to Tan Tock Seng Hospital for your scan.",
    "The clinic is near Lim Chu Kang Road.",
    "Lim Chu Kang has many farms.",
    "Take the train to Tan Tock Seng MRT station.",
    "Our office is at 11 Jalan Tan Tock Seng.",
    "Ng Teng Fong General Hospital runs a foot clinic.",
    "Khoo Teck Puat Hospital is in Yishun.",
    "Lee Kong Chian School of Medicine trains doctors.",
    "Yong Loo Lin School of Medicine students help at the talk.",
    "Choa Chu Kang Polyclinic opens at 8 am.",
    "Ang Mo Kio Polyclinic, Blk 723 Ang Mo Kio Ave 8.",
    "Name of medicine: Paracetamol 500 mg",
    "Name of medicine: Metformin 850 mg twice a day",
    "Name: Amlodipine 5 mg",
    "See a Dr if the fever persists.",
    "The Dr on duty will review you.",
    "Talk To Your Doctor About Side Effects",
    "Patient Information Leaflet",
    "Patient: Please fast from midnight.",
    "Take 2 tablets 3 times a day for 7 days.",
    "Your next appointment is on 12 March 2025 at 9.30 am.",
    "Pesakit yang demam perlu berehat di rumah.",
    "Sila ke Hospital Tan Tock Seng untuk rawatan.",
    "Klinik terletak di Jalan Tan Tock Seng.",
    "Ambil 1 biji ubat Panadol selepas makan.",
    "请到陈笃生医院复诊。",
    "高血压患者应少吃盐。",
    "新生儿黄疸通常在两周内消退。",
    "王府井有很多药店。",
    "患者需要每天服药两次。",
    "患者于12月26日入院。",
    "向医生咨询用药问题。",
    "原先生活习惯不好的人更容易生病。",
    "黄金时间内送医很重要。",
    "高强度运动后要补充水分。",
    "安静休息，多喝水。",
    "马上拨打995。",
    "林厝港是一个农业区。",
    "江西和湖南的病例有所增加。",
    "每日三次，每次两片，连续七天。",
    "நோயாளி உடனடியாக மருத்துவமனைக்கு செல்ல வேண்டும்.",
    "திருமணம் ஆனவர்களும் தடுப்பூசி போடலாம்.",
    "மருத்துவர் உங்களைப் பரிசோதிப்பார்.",
    "தினமும் இரண்டு மாத்திரைகள் சாப்பிடுங்கள்.",
    "டான் டோக் செங் மருத்துவமனைக்குச் செல்லுங்கள்.",
]


def _found(text: str, name: str) -> bool:
    start = text.index(name)
    letters = [i for i in range(start, start + len(name)) if text[i].isalnum()]
    return any(span.type == "person" and all(span.start <= i < span.end for i in letters) for span in detect(text))


def measure(per_language: int, show: int) -> dict:
    corpus = build(per_language)
    report: dict = {"recall": {}, "n": {}}
    for half in ("dev", "held"):
        for language, rows in corpus[half].items():
            misses = [(t, n) for t, n in rows if not _found(t, n)]
            report["recall"][f"{half}:{language}"] = round(1 - len(misses) / max(1, len(rows)), 4)
            report["n"][f"{half}:{language}"] = len(rows)
            if half == "held":
                for text, name in misses[:show]:
                    print(f"  miss {language}: {name!r} in {text!r}")
    flagged = [t for t in HARD_NEGATIVES if any(s.type == "person" for s in detect(t))]
    report["hard_negatives"] = {"n": len(HARD_NEGATIVES), "flagged": len(flagged)}
    for text in flagged[:show]:
        print(f"  false positive: {text!r}")
    if TICO.exists():
        rows = [line.split("\t") for line in TICO.read_text(encoding="utf-8").splitlines()[1:]]
        for column, language in ((1, "en"), (2, "zh"), (3, "ms"), (4, "ta")):
            hits = [(r[column], [s.text for s in detect(r[column]) if s.type == "person"]) for r in rows]
            hits = [(t, names) for t, names in hits if names]
            report[f"tico:{language}"] = {
                "rows": len(rows),
                "flagged": len(hits),
                "share": round(len(hits) / len(rows), 4),
            }
            for text, names in hits[:show]:
                print(f"  tico {language}: {names} in {text[:90]!r}")
        document = "\n".join(r[c] for r in rows for c in (1, 2, 3, 4)).encode()
        text = document.decode()
        best = min(_timed(text) for _ in range(3))
        report["speed_mb_per_s"] = round(len(document) / 1e6 / best, 2)
    return report


def _timed(text: str) -> float:
    from translations.phi.names import find_person_names
    from translations.phi.normalise import normalise

    view = normalise(text).text
    start = time.perf_counter()
    find_person_names(view)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-language", type=int, default=400)
    parser.add_argument("--show", type=int, default=10)
    args = parser.parse_args()
    report = measure(args.per_language, args.show)
    print("recall (held-out):", {k: v for k, v in report["recall"].items() if k.startswith("held")})
    print("recall (development):", {k: v for k, v in report["recall"].items() if k.startswith("dev")})
    print("hard negatives flagged:", report["hard_negatives"])
    for language in ("en", "zh", "ms", "ta"):
        if f"tico:{language}" in report:
            print(f"TICO-19 {language}:", report[f"tico:{language}"])
    if "speed_mb_per_s" in report:
        print("names alone, MB/s on the TICO-19 document:", report["speed_mb_per_s"])
    print(json.dumps(report, ensure_ascii=False))
    held = [v for k, v in report["recall"].items() if k.startswith("held")]
    return 0 if min(held) >= 0.95 and report["hard_negatives"]["flagged"] == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
