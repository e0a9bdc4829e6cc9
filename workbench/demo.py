"""Demo users and leaflets for `make run` (manage.py seed_demo).

Local use only: the demo users share a password published in the README, so
seeding refuses to run with DEBUG off. The `admin` superuser never gets that
password: it is created with DEMO_ADMIN_PASSWORD, or a random one that
seed_demo prints once.

Beside two leaflets waiting for translation, the demo tells a short story
through the real services, so every gate, seal and audit event is genuine: the
translators translate "Taking your antibiotics the right way" into Chinese,
Malay and Tamil and mark it ready, both reviewers of every language approve it
and the publisher publishes it; "Caring for your feet when you have diabetes"
is translated too and halfway through review (approvals given, a change
requested). A newcomer then finds something in every role's queue, a live
patient page in four languages and a dashboard with real numbers.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import transaction

from review.role_services import ensure_roles, role_membership_change, superuser_account_recorded
from review.roles import AUTHORS, PUBLISHERS, stage_group_name, translator_group_name
from review.services import (
    leaflet_publish,
    translation_approve,
    translation_claim,
    translation_mark_ready,
    translation_request_changes,
)
from review.suggestions import suggestion_accept, suggestion_create
from translations.edits import target_segment_edit
from translations.models import TargetSegment, TextVersion
from workbench.models import Language, Leaflet
from workbench.services import SegmentInput, leaflet_create, leaflet_update_details

DEMO_PASSWORD = "leaflets-demo-2026"

LANGUAGE_PEOPLE = {
    "en": ("Emma", "Dr Ethan"),
    "zh": ("Mei Ling", "Dr Wei"),
    "ms": ("Nurul", "Dr Hafiz"),
    "ta": ("Kavitha", "Dr Arjun"),
}


# A translator for each language the demo's English leaflets are translated into.
TRANSLATOR_PEOPLE = {"zh": "Li Na", "ms": "Siti Aminah", "ta": "Priya"}


def demo_users() -> list[tuple[str, str, list[str]]]:
    """(username, full name, groups) for every demo persona."""
    people = [("author", "Alice Tan (author)", [AUTHORS]), ("publisher", "Peter Lim (publisher)", [PUBLISHERS])]
    for code, (native, clinician) in LANGUAGE_PEOPLE.items():
        language = Language.objects.get(code=code)
        people.append(
            (
                f"{code}_native",
                f"{native} ({language.name} native-speaker reviewer)",
                [stage_group_name(language, "native")],
            )
        )
        people.append(
            (f"{code}_clinician", f"{clinician} ({language.name} clinician)", [stage_group_name(language, "clinical")])
        )
    for code, translator in TRANSLATOR_PEOPLE.items():
        language = Language.objects.get(code=code)
        people.append(
            (f"{code}_translator", f"{translator} ({language.name} translator)", [translator_group_name(language)])
        )
    return people


DENGUE = [  # the title ("Dengue fever: caring for yourself at home") is the revision's title segment
    (
        "paragraph",
        "Dengue is an infection spread by Aedes mosquitoes. Most people get better in one to two weeks "
        "with rest and enough fluids.",
    ),
    ("list_item", "Drink at least 8 glasses of water, soup or juice a day."),
    ("list_item", "Take paracetamol for fever, no more than 4 times in 24 hours. Do not take aspirin or ibuprofen."),
    ("list_item", "Remove stagnant water at home to stop mosquitoes from breeding."),
    (
        "red_flag",
        "Call 995 or go to the Emergency Department at once if you have severe stomach pain, keep "
        "vomiting, bleed from the gums or nose, or feel very drowsy or restless.",
    ),
]
BLOOD_PRESSURE = [  # the title is the revision's title segment
    ("paragraph", "Blood pressure medicine works only when you take it every day, even when you feel well."),
    ("list_item", "Take it at the same time each day, for example after breakfast."),
    ("list_item", "If you miss a dose, take it when you remember, but never take two doses together."),
    ("paragraph", "Bring all your medicines to every clinic visit."),
]


# The story's leaflets, written for patients in Singapore: each row is a segment (the title first) with
# its translations, which the demo translators save segment by segment.
ANTIBIOTICS_TITLE = "Taking your antibiotics the right way"
ANTIBIOTICS = [
    {
        "kind": "title",
        "en": ANTIBIOTICS_TITLE,
        "zh": "正确服用抗生素",
        "ms": "Cara betul mengambil antibiotik",
        "ta": "நுண்ணுயிர் எதிர்ப்பு மருந்துகளைச் சரியாக உட்கொள்வது எப்படி",
    },
    {
        "kind": "paragraph",
        "en": "Antibiotics treat infections caused by bacteria. They do not work against colds or flu, which are "
        "caused by viruses.",
        "zh": "抗生素用于治疗由细菌引起的感染。感冒和流感是由病毒引起的，服用抗生素没有效果。",
        "ms": "Antibiotik merawat jangkitan yang disebabkan oleh bakteria. Antibiotik tidak berkesan untuk selesema "
        "atau influenza, yang disebabkan oleh virus.",
        "ta": "நுண்ணுயிர் எதிர்ப்பு மருந்துகள் பாக்டீரியாவால் ஏற்படும் தொற்றுகளுக்குச் சிகிச்சை அளிக்கின்றன. "
        "வைரஸ்களால் ஏற்படும் சளி, ஃப்ளூ காய்ச்சல் ஆகியவற்றுக்கு அவை பலன் தராது.",
    },
    {
        "kind": "list_item",
        "en": "Take each dose at the times your doctor or pharmacist tells you.",
        "zh": "请按照医生或药剂师告诉您的时间服用每一剂药。",
        "ms": "Ambil setiap dos pada waktu yang diberitahu oleh doktor atau ahli farmasi anda.",
        "ta": "உங்கள் மருத்துவர் அல்லது மருந்தாளர் சொல்லும் நேரங்களில் ஒவ்வொரு வேளை மருந்தையும் உட்கொள்ளுங்கள்.",
    },
    {
        "kind": "list_item",
        "en": "Finish the whole course, even if you feel better after a few days.",
        "zh": "即使几天后感觉好转，也要把整个疗程的药吃完。",
        "ms": "Habiskan semua ubat yang diberikan, walaupun anda berasa lebih sihat selepas beberapa hari.",
        "ta": "சில நாட்களில் உடல்நிலை தேறியதாக உணர்ந்தாலும், கொடுக்கப்பட்ட மருந்து முழுவதையும் சாப்பிட்டு முடியுங்கள்.",
    },
    {
        "kind": "list_item",
        "en": "Do not share your antibiotics with others or keep leftover tablets for another time.",
        "zh": "不要把您的抗生素给别人服用，也不要把剩下的药片留到下次再吃。",
        "ms": "Jangan berkongsi antibiotik anda dengan orang lain atau menyimpan baki tablet untuk lain kali.",
        "ta": "உங்கள் நுண்ணுயிர் எதிர்ப்பு மருந்துகளை மற்றவர்களுக்குக் கொடுக்காதீர்கள்; மீதமுள்ள மாத்திரைகளை "
        "அடுத்த முறைக்காக வைத்திருக்கவும் வேண்டாம்.",
    },
    {
        "kind": "red_flag",
        "en": "Stop the medicine and call 995 or go to the Emergency Department at once if your face or lips "
        "swell, or if you find it hard to breathe.",
        "zh": "如果您的脸部或嘴唇肿胀，或感到呼吸困难，请立即停药，并拨打995或前往急诊部。",
        "ms": "Berhenti mengambil ubat itu dan hubungi 995 atau pergi ke Jabatan Kecemasan dengan segera jika muka "
        "atau bibir anda bengkak, atau anda sukar bernafas.",
        "ta": "உங்கள் முகம் அல்லது உதடுகள் வீங்கினாலோ, மூச்சுவிடச் சிரமமாக இருந்தாலோ, உடனே மருந்தை "
        "நிறுத்திவிட்டு 995 ஐ அழைக்கவும் அல்லது அவசர சிகிச்சைப் பிரிவுக்குச் செல்லவும்.",
    },
]
FEET_TITLE = "Caring for your feet when you have diabetes"
FEET = [
    {
        "kind": "title",
        "en": FEET_TITLE,
        "zh": "糖尿病患者的足部护理",
        "ms": "Menjaga kaki anda jika anda menghidap diabetes",
        "ta": "நீரிழிவு நோய் உள்ளவர்கள் பாதங்களைப் பராமரிப்பது எப்படி",
    },
    {
        "kind": "paragraph",
        "en": "Diabetes can reduce the feeling in your feet, so a small wound may go unnoticed and become infected.",
        "zh": "糖尿病可能会使您的双脚感觉变得迟钝，小伤口可能不容易察觉，进而受到感染。",
        "ms": "Diabetes boleh mengurangkan deria rasa pada kaki anda, jadi luka kecil mungkin tidak disedari dan "
        "dijangkiti kuman.",
        "ta": "நீரிழிவு நோய் உங்கள் பாதங்களில் உணர்வைக் குறைக்கக்கூடும்; அதனால் சிறிய காயம் கவனிக்கப்படாமல் போய்த் தொற்றாக மாறலாம்.",
    },
    {
        "kind": "list_item",
        "en": "Check your feet every day for cuts, blisters or redness.",
        "zh": "每天检查双脚，看看有没有割伤、水泡或发红。",
        "ms": "Periksa kaki anda setiap hari untuk melihat sama ada terdapat luka, lepuh atau kemerahan.",
        "ta": "வெட்டுக்காயம், கொப்புளம் அல்லது சிவந்த பகுதி ஏதேனும் உள்ளதா என்று தினமும் உங்கள் பாதங்களைப் பரிசோதியுங்கள்.",
    },
    {
        "kind": "list_item",
        "en": "Wear shoes that fit well, also at home, and never walk barefoot.",
        "zh": "穿合脚的鞋子，在家里也要穿，千万不要赤脚走路。",
        "ms": "Pakai kasut yang muat dengan baik, termasuk di rumah, dan jangan sekali-kali berjalan tanpa alas kaki.",
        "ta": "வீட்டிலும்கூட, சரியான அளவுள்ள காலணிகளை அணியுங்கள்; ஒருபோதும் வெறுங்காலுடன் நடக்காதீர்கள்.",
    },
    {
        "kind": "red_flag",
        "en": "See a doctor on the same day if a wound on your foot becomes red, swollen or smells bad.",
        "zh": "如果脚上的伤口发红、肿胀或发出异味，请当天就去看医生。",
        "ms": "Berjumpa doktor pada hari yang sama jika luka pada kaki anda menjadi merah, bengkak atau berbau busuk.",
        "ta": "உங்கள் பாதத்தில் உள்ள காயம் சிவந்தாலோ, வீங்கினாலோ, துர்நாற்றம் வீசினாலோ, அன்றே மருத்துவரைப் பாருங்கள்.",
    },
]
FEET_CHANGE_REQUEST = "Segment 3: 'tanpa alas kaki' is correct, but most patients say 'berkaki ayam'. Please use that."
# The reviewers' suggestions (review/suggestions.py): the Chinese one accepted by the translator before
# the suggester approved; the Tamil one still open for the Tamil translator or the author to decide.
FEET_SUGGESTIONS = {
    "zh": (
        "Check your feet every day for cuts, blisters or redness.",
        "每天检查您的双脚，看看有没有割伤、水泡或发红的地方。",
    ),
    "ta": (
        "Wear shoes that fit well, also at home, and never walk barefoot.",
        "வீட்டில் இருக்கும்போதும் சரியான அளவுள்ள காலணிகளை அணியுங்கள்; ஒருபோதும் வெறுங்காலுடன் நடக்காதீர்கள்.",
    ),
}


REFUSAL = "seed_demo creates users with a published password; it runs only with DJANGO_DEBUG=1"


@dataclass
class SeedResult:
    logins: list[tuple[str, str]] = field(default_factory=list)
    # The admin's password when this run set it (created, or moved off the
    # published demo password); None when the admin kept the one it had.
    admin_password: str | None = None


def _admin_password() -> str:
    chosen = os.environ.get("DEMO_ADMIN_PASSWORD", "")
    if not chosen:
        return secrets.token_urlsafe(12)
    if chosen == DEMO_PASSWORD:
        raise ImproperlyConfigured("DEMO_ADMIN_PASSWORD must not be the published demo password.")
    try:
        validate_password(chosen)
    except ValidationError as exc:
        raise ImproperlyConfigured("DEMO_ADMIN_PASSWORD: " + " ".join(exc.messages)) from None
    return chosen


def seed_demo() -> SeedResult:
    if not settings.DEBUG:
        raise ImproperlyConfigured(REFUSAL)
    # The story sends the e-mails the workflow sends (reviewers told a text is ready, publishers that a
    # leaflet may be published) to demo addresses that do not exist: keep them in memory instead of
    # printing them over the logins or handing them to a configured mail server.
    with _mail_kept_in_memory(), transaction.atomic():
        return _seed()


@contextlib.contextmanager
def _mail_kept_in_memory():
    backend = settings.EMAIL_BACKEND
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    try:
        yield
    finally:
        settings.EMAIL_BACKEND = backend


def _seed() -> SeedResult:
    ensure_roles()
    User = get_user_model()
    result = SeedResult()
    for username, full_name, groups in demo_users():
        user, created = User.objects.get_or_create(
            username=username, defaults={"first_name": full_name, "email": f"{username}@workbench.invalid"}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        # Through the role service, so the demo's audit trail says who was given which role (the system).
        role_membership_change(actor=None, user=user, add_groups=Group.objects.filter(name__in=groups))
        result.logins.append((username, full_name))
    admin, created = User.objects.get_or_create(
        username="admin",
        defaults={
            "is_staff": True,
            "is_superuser": True,
            "first_name": "Workbench admin",
            "email": "admin@workbench.invalid",
        },
    )
    if created:
        superuser_account_recorded(user=admin, via="seed_demo")
    # Earlier versions gave the admin the published demo password: move it off that too.
    if created or admin.check_password(DEMO_PASSWORD):
        result.admin_password = _admin_password()
        admin.set_password(result.admin_password)
        admin.save()
    result.logins.append(("admin", "Workbench admin (Django admin)"))
    people = {user.username: user for user in User.objects.filter(username__in=[u for u, _n, _g in demo_users()])}
    author = people["author"]
    for title, topic, segments in (
        ("Dengue fever: caring for yourself at home", "Dengue", DENGUE),
        ("Taking your blood pressure medicine", "Hypertension", BLOOD_PRESSURE),
    ):
        if not Leaflet.objects.filter(title=title).exists():
            leaflet_create(
                user=author,
                title=title,
                topic=topic,
                audience="Adult patients and caregivers",
                segments=[SegmentInput(kind=k, text=t) for k, t in segments],
            )
            if title.startswith("Dengue"):
                # Someone is at work on the Tamil text: the translators' lists and screen name her.
                translation_claim(
                    text_version=_text(Leaflet.objects.get(title=title), "ta"), translator=people["ta_translator"]
                )
    if not Leaflet.objects.filter(title=ANTIBIOTICS_TITLE).exists():
        _published_story(people)
    if not Leaflet.objects.filter(title=FEET_TITLE).exists():
        _in_review_story(people)
    return result


def _text(leaflet: Leaflet, code: str) -> TextVersion:
    return TextVersion.objects.select_related("revision__leaflet").get(
        revision_id=Leaflet.objects.values_list("current_revision_id", flat=True).get(pk=leaflet.pk), language_id=code
    )


def _story_leaflet(people, title: str, topic: str, rows: list[dict]) -> Leaflet:
    """The author writes the leaflet; each language's translator claims, translates and marks it ready."""
    leaflet = leaflet_create(
        user=people["author"],
        title=title,
        topic=topic,
        audience="Adult patients and caregivers",
        segments=[SegmentInput(kind=row["kind"], text=row["en"]) for row in rows[1:]],
    )
    by_source = {row["en"]: row for row in rows}
    for code in TRANSLATOR_PEOPLE:
        translator = people[f"{code}_translator"]
        text = _text(leaflet, code)
        translation_claim(text_version=text, translator=translator)
        for segment in TargetSegment.objects.filter(text_version=text).select_related("source_segment"):
            target_segment_edit(
                segment=segment,
                editor=translator,
                text=by_source[segment.source_segment.text][code],
                expected_seq=segment.edit_seq,
            )
        translation_mark_ready(text_version=_text(leaflet, code), translator=translator)
    return leaflet


def _approve(people, leaflet: Leaflet, code: str, stage: str) -> None:
    text = _text(leaflet, code)
    reviewer = people[f"{code}_{'native' if stage == 'native' else 'clinician'}"]
    translation_approve(
        text_version=text,
        reviewer=reviewer,
        stage=stage,
        expected_hash=text.content_hash,
        expected_generation=text.edit_generation,
    )


def _published_story(people) -> None:
    """Translated, approved by both reviewers of every language, and published: live for patients."""
    leaflet = _story_leaflet(people, ANTIBIOTICS_TITLE, "Antibiotics", ANTIBIOTICS)
    for code in leaflet.language_codes():
        for stage in ("native", "clinical"):
            _approve(people, leaflet, code, stage)
    leaflet_publish(leaflet=leaflet, publisher=people["publisher"])
    # A short review interval, so that the authors' and publisher's "Due for review" list has
    # something in it on the first day of the demo (a real antibiotics leaflet would keep 24 months).
    leaflet_update_details(
        leaflet=leaflet,
        user=people["author"],
        topic=leaflet.topic,
        audience=leaflet.audience,
        review_interval_months=1,
    )


def _in_review_story(people) -> None:
    """Translated and halfway through review: some approvals, a reviewer's suggestion accepted and one open,
    and the Malay reviewer asking for a change."""
    leaflet = _story_leaflet(people, FEET_TITLE, "Diabetes", FEET)
    chinese = _suggest(people, leaflet, "zh")
    suggestion_accept(suggestion=chinese, user=people["zh_translator"])
    # She suggested, the translator applied it: she never edited the text, so she approves it.
    _approve(people, leaflet, "zh", "native")
    _approve(people, leaflet, "ta", "clinical")
    translation_request_changes(
        text_version=_text(leaflet, "ms"), reviewer=people["ms_native"], stage="native", comment=FEET_CHANGE_REQUEST
    )
    _suggest(people, leaflet, "ta")


def _suggest(people, leaflet: Leaflet, code: str):
    english, text = FEET_SUGGESTIONS[code]
    segment = TargetSegment.objects.get(text_version=_text(leaflet, code), source_segment__text=english)
    return suggestion_create(
        text_version=segment.text_version,
        segment_key=segment.key,
        text=text,
        reviewer=people[f"{code}_native"],
        expected_seq=segment.edit_seq,
    )
