"""The reader's pages speak the reader's language; the inline form holds nothing of any one reader."""

from django.template.loader import render_to_string
from django.utils import translation

from review.models import ProblemReport
from tests.reports.conftest import post_report, report_url

THANKS = "Your report has been sent to the team who looks after this leaflet. We cannot reply to it."


def _in(ui_language: str, msgid: str) -> str:
    with translation.override(ui_language):
        return translation.gettext(msgid)


def test_the_tamil_thank_you_page_is_in_tamil(published, as_user):
    response = post_report(as_user(None), published, lang="ta", category="translation")

    html = response.content.decode()
    assert response.status_code == 201
    assert '<html lang="ta">' in html and response["Content-Language"] == "ta"
    assert "அறிகுறி சோதனை" in html  # the leaflet's approved Tamil title
    assert _in("ta", THANKS) in html  # the page's own words in Tamil once the catalogue is compiled
    assert ProblemReport.objects.get().language_id == "ta"


def test_the_chinese_form_page_is_in_chinese_whatever_the_browser_asks_for(published, as_user):
    response = as_user(None).get(report_url(published, "zh"), headers={"Accept-Language": "ta"})

    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="zh-Hans">' in html and response["Content-Language"] == "zh-Hans"
    assert "症状检查" in html  # the title of the Chinese text
    assert _in("zh-hans", "Report a problem with this leaflet") in html
    assert 'name="website"' in html and "hidden" in html  # the robots' field, hidden from people
    assert "csrfmiddlewaretoken" not in html


def test_the_rate_limited_page_speaks_malay(published, as_user, settings):
    settings.PROBLEM_REPORTS_PER_CLIENT = 1
    client = as_user(None)
    post_report(client, published, lang="ms")

    response = post_report(client, published, lang="ms")

    assert response.status_code == 429
    assert '<html lang="ms">' in response.content.decode()
    assert _in("ms", "Please try again later") in response.content.decode()


def test_the_inline_form_holds_only_the_leaflet_and_language_and_matches_the_categories(published, as_user):
    with translation.override("ta"):
        html = render_to_string("workbench/_report_problem.html", {"leaflet_id": published.pk, "lang": "ta"})

    assert f'action="/p/{published.pk}/ta/report/"' in html
    assert "<details>" in html and "<summary" in html
    assert "csrfmiddlewaretoken" not in html and "<script" not in html
    for value in ProblemReport.Category.values:
        assert f'value="{value}"' in html
    for _value, label in ProblemReport.Category.choices:
        assert _in("ta", str(label)) in html  # the same words as the model's labels
    # What the inline form sends is accepted as it is.
    response = as_user(None).post(
        f"/p/{published.pk}/ta/report/",
        {"category": "unclear", "message": "இந்தப் பகுதி புரியவில்லை, தயவுசெய்து எளிமையாக எழுதுங்கள்.", "website": ""},
    )
    assert response.status_code == 201
    assert ProblemReport.objects.get().message.startswith("இந்தப் பகுதி")
