"""The public page (7.6) and its Atom feed: no login, off until switched on, each person only as
her valid publication consent allows — checked on the rendered HTML and the feed — nothing of
another kindergarten, never cached, noindex on request, a constant number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from programme.models import StaffMember
from reports.models import Award, Case, CaseStatus, Nomination, PublicPage
from reports.services import cases as case_services
from reports.services.public import public_page_save
from surveys.models import ConsentChannel, ConsentKind
from surveys.services import consents
from tests.factories import ProgrammeFactory, StaffMemberFactory, UserFactory
from tests.factories_pair_work import confirmed_pairing, mentee_of, register

pytestmark = pytest.mark.django_db

ORDER_NUMBERS = iter(range(100, 10_000))


def publication(staff, *categories):
    return consents.consent_give(
        staff=staff,
        kind=ConsentKind.PUBLICATION,
        channel=ConsentChannel.ONLINE,
        categories=list(categories),
    )


def withdraw(staff):
    consents.consent_withdraw(staff=staff, kind=ConsentKind.PUBLICATION, channel="online")


def pairs(programme, curator, names):
    """Active pairs: (mentor surname, mentee surname) each, fixed by one order."""
    made = [confirmed_pairing(programme, mentor, mentee) for mentor, mentee in names]
    register(programme, curator, number=f"{next(ORDER_NUMBERS)}-о")
    for pairing in made:
        pairing.refresh_from_db()
    return made


def publish(pairing, title):
    """A published case (the consent check is the service's own test; here: the page's)."""
    case = case_services.case_create_from_pairing(pairing=pairing)
    Case.objects.filter(pk=case.pk).update(
        title=title, status=CaseStatus.PUBLISHED, published_at=case.created_at
    )
    case.refresh_from_db()
    return case


def award(programme, staff, title="Лучший наставник", citation="За терпение и щедрость"):
    nomination, _ = Nomination.objects.get_or_create(
        programme=programme, title=title, defaults={"kind": "best_mentor"}
    )
    return Award.objects.create(nomination=nomination, staff=staff, citation=citation)


def page_on(organisation, **switches):
    return public_page_save(
        organisation=organisation, enabled=True, **{"noindex": False, **switches}
    )


def html(client, organisation) -> str:
    answer = client.get(reverse("reports:public_page", args=[organisation.slug]))
    assert answer.status_code == 200
    return answer.content.decode()


def feed(client, organisation) -> str:
    answer = client.get(reverse("reports:public_feed", args=[organisation.slug]))
    assert answer.status_code == 200
    assert answer["Content-Type"].startswith("application/atom+xml")
    return answer.content.decode()


@pytest.fixture
def mentors(programme, curator):
    """Three pairs with distinctive surnames and positions, each mentor awarded and each pair's
    case published."""
    made = pairs(
        programme,
        curator,
        [("Ромашкина", "Одуванчикова"), ("Василькова", "Ландышева"), ("Подснежникова", "Лютикова")],
    )
    positions = ["logoped", "muz_rukovoditel", "defektolog"]
    for pairing, position in zip(made, positions, strict=True):
        StaffMember.objects.filter(pk=pairing.mentor.staff_id).update(position=position)
        pairing.mentor.staff.refresh_from_db()
        award(programme, pairing.mentor.staff)
        publish(pairing, f"Кейс пары {pairing.mentor.staff.last_name}")
    page_on(programme.organisation)
    return made


# --- Off, unknown, anonymous ----------------------------------------------------------------


def test_a_page_not_switched_on_or_unknown_answers_404(client, org, programme):
    url = reverse("reports:public_page", args=[org.slug])
    assert client.get(url).status_code == 404  # never set up
    public_page_save(organisation=org, enabled=False, noindex=False)
    assert client.get(url).status_code == 404  # switched off
    assert client.get(reverse("reports:public_feed", args=[org.slug])).status_code == 404
    assert client.get(reverse("reports:public_page", args=["no-such-org"])).status_code == 404


def test_an_anonymous_visitor_opens_the_switched_on_page_and_feed(client, org, programme):
    page_on(org)
    assert "Наставничество педагогов" in html(client, org)
    assert "<feed" in feed(client, org)


def test_nothing_is_cached(client, org, programme):
    page_on(org)
    for name in ("public_page", "public_feed"):
        answer = client.get(reverse(f"reports:{name}", args=[org.slug]))
        cache = answer["Cache-Control"]
        assert "no-store" in cache and "max-age=0" in cache and "private" in cache


# --- Consents -------------------------------------------------------------------------------


def test_a_person_without_a_publication_consent_is_not_on_the_page(client, programme, mentors):
    mentor = mentors[0].mentor.staff
    page = html(client, programme.organisation)
    text = feed(client, programme.organisation)

    for shown in (page, text):
        assert mentor.last_name not in shown
        assert "учитель-логопед" not in shown
        assert "За терпение" not in shown
    # Her pair's case needs her consent to its text: not published without it.
    assert "Кейс пары Ромашкина" not in page


def test_name_allowed_position_not(client, programme, mentors):
    mentor = mentors[0].mentor.staff
    publication(mentor, "name")

    page = html(client, programme.organisation)
    text = feed(client, programme.organisation)

    for shown in (page, text):
        assert mentor.full_name in shown
        assert "учитель-логопед" not in shown


def test_position_allowed_name_not(client, programme, mentors):
    mentor = mentors[1].mentor.staff
    publication(mentor, "position")

    page = html(client, programme.organisation)

    assert "музыкальный руководитель" in page
    assert mentor.last_name not in page and mentor.first_name + " " + mentor.patronymic not in page
    assert "За терпение" not in page  # the citation speaks of her by name


def test_a_case_is_shown_only_with_every_participants_case_consent(client, programme, mentors):
    pairing = mentors[2]
    mentor, mentee = pairing.mentor.staff, mentee_of(pairing)
    publication(mentor, "case", "name")
    assert "Кейс пары Подснежникова" not in html(client, programme.organisation)

    publication(mentee, "case")
    page = html(client, programme.organisation)

    assert "Кейс пары Подснежникова" in page
    assert mentor.full_name in page
    assert mentee.last_name not in page  # in the case as «Наставляемый», without her name
    assert "Наставляемый" in page
    assert "Кейс пары Подснежникова" in feed(client, programme.organisation)


def test_a_withdrawal_removes_her_at_once(client, programme, mentors):
    pairing = mentors[2]
    mentor, mentee = pairing.mentor.staff, mentee_of(pairing)
    publication(mentor, "case", "name", "position")
    publication(mentee, "case")
    assert mentor.full_name in html(client, programme.organisation)

    withdraw(mentor)

    page, text = html(client, programme.organisation), feed(client, programme.organisation)
    for shown in (page, text):
        assert mentor.last_name not in shown
        assert "учитель-дефектолог" not in shown
        assert "Кейс пары Подснежникова" not in shown


def test_a_superseded_consent_counts_only_as_the_new_one(client, programme, mentors):
    mentor = mentors[0].mentor.staff
    publication(mentor, "name", "position")
    assert mentor.full_name in html(client, programme.organisation)

    publication(mentor, "position")  # the new consent replaces the old one

    page = html(client, programme.organisation)
    assert mentor.last_name not in page
    assert "учитель-логопед" in page


def test_a_surname_in_the_case_text_without_the_name_category_hides_the_case(
    client, programme, mentors
):
    pairing = mentors[2]
    mentor, mentee = pairing.mentor.staff, mentee_of(pairing)
    publication(mentor, "case")
    publication(mentee, "case")
    Case.objects.filter(pairing=pairing).update(lessons=f"Спасибо {mentee.last_name[:-1]}ой!")

    page = html(client, programme.organisation)

    assert mentee.last_name[:-2] not in page
    assert "Кейс пары Подснежникова" not in page


# --- Another kindergarten -------------------------------------------------------------------


def test_the_page_holds_nothing_of_another_kindergarten(client, programme, mentors, other_org):
    other_curator = UserFactory(username="dora", organisation=other_org, role="curator")
    StaffMemberFactory(organisation=other_org, user=other_curator, last_name="Дорофеева")
    other = ProgrammeFactory(organisation=other_org, curator=other_curator.staff_member, year=2025)
    pairing = pairs(other, other_curator, [("Чужакова", "Соседова")])[0]
    stranger = pairing.mentor.staff
    publication(stranger, "name", "position", "case")
    publication(mentee_of(pairing), "name", "case")
    award(other, stranger, citation="Чужая грамота")
    publish(pairing, "Чужой кейс")
    page_on(other_org)

    page, text = html(client, programme.organisation), feed(client, programme.organisation)

    for shown in (page, text):
        assert "Чужакова" not in shown and "Соседова" not in shown
        assert "Чужой кейс" not in shown and "Чужая грамота" not in shown
        assert other.title not in shown
        assert other_org.short_name not in shown
    assert "Чужой кейс" in html(client, other_org)  # it is on its own page


# --- noindex, figures, queries --------------------------------------------------------------


def test_the_noindex_switch(client, org, programme):
    page_on(org, noindex=True)
    answer = client.get(reverse("reports:public_page", args=[org.slug]))
    assert '<meta name="robots" content="noindex, nofollow">' in answer.content.decode()
    assert answer["X-Robots-Tag"] == "noindex, nofollow"

    page_on(org, noindex=False)
    answer = client.get(reverse("reports:public_page", args=[org.slug]))
    assert 'name="robots"' not in answer.content.decode()
    assert "X-Robots-Tag" not in answer


def test_the_figures_count_the_newest_programmes_pairs(client, programme, mentors):
    from reports.selectors.public import programme_figures

    figures = programme_figures(programme)
    assert (figures.pairs, figures.mentors, figures.mentees, figures.completed) == (3, 3, 3, 0)
    assert figures.satisfaction == []  # no answers: the means stay hidden (fewer than 3)


def _queries(client, organisation) -> int:
    with CaptureQueriesContext(connection) as queries:
        html(client, organisation)
    return len(queries)


def test_the_page_has_a_constant_number_of_queries(client, programme, curator):
    organisation = programme.organisation
    page_on(organisation)

    def grow(count, start):
        made = pairs(
            programme,
            curator,
            [(f"Наставникова{start + i}", f"Ученикова{start + i}") for i in range(count)],
        )
        for pairing in made:
            publication(pairing.mentor.staff, "name", "position", "case")
            publication(mentee_of(pairing), "case")
            award(programme, pairing.mentor.staff)
            publish(pairing, f"Кейс {pairing.pk}")

    grow(2, 0)
    small = _queries(client, organisation)
    grow(6, 10)
    large = _queries(client, organisation)

    assert html(client, organisation).count("data-award") == 8
    assert small == large


# --- The managers' switch -------------------------------------------------------------------


def test_the_curator_switches_the_page_on_and_7_6_closes(curator_client, client, org, programme):
    url = reverse("reports:public_settings")
    assert curator_client.get(url).status_code == 200

    curator_client.post(url, {"enabled": "on", "intro": "Мы гордимся нашими наставниками"})

    page = PublicPage.objects.get(organisation=org)
    assert page.enabled and not page.noindex
    assert "Мы гордимся" in html(client, org)
    assert programme.activities.get(code="7.6").status == "done"


def test_only_the_organisations_managers_switch_it(teacher_client, regional_client, org):
    url = reverse("reports:public_settings")
    for visitor in (teacher_client, regional_client):
        assert visitor.get(url).status_code == 403
        assert visitor.post(url, {"enabled": "on"}).status_code == 403
    assert not PublicPage.objects.filter(organisation=org, enabled=True).exists()


# --- Photos ---------------------------------------------------------------------------------


def _png(name="photo.png"):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 100, 50)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


@pytest.fixture
def photographed(programme, mentors, curator_client, settings, tmp_path):
    """The first mentor allows name and photo; the curator uploads her photo."""
    settings.MEDIA_ROOT = tmp_path
    mentor = mentors[0].mentor.staff
    publication(mentor, "name", "photo")
    answer = curator_client.post(
        reverse("reports:public_photo_upload", args=[mentor.pk]), {"photo": _png()}
    )
    assert answer.status_code == 302
    return mentor


def test_a_photo_is_shown_and_served_only_with_the_photo_category(client, programme, photographed):
    organisation = programme.organisation
    url = reverse("reports:public_photo", args=[organisation.slug, photographed.pk])

    assert url in html(client, organisation)
    picture = client.get(url)
    assert picture.status_code == 200 and picture["Content-Type"] == "image/png"
    assert "no-store" in picture["Cache-Control"]

    publication(photographed, "name")  # a new consent without the photo

    assert url not in html(client, organisation)
    assert client.get(url).status_code == 404


def test_a_withdrawal_stops_the_photo_at_once(client, programme, photographed):
    url = reverse("reports:public_photo", args=[programme.organisation.slug, photographed.pk])
    withdraw(photographed)
    assert client.get(url).status_code == 404
    assert url not in html(client, programme.organisation)


def test_no_photo_is_uploaded_without_the_consent(
    curator_client, programme, mentors, tmp_path, settings
):
    from reports.models import PublicPhoto

    settings.MEDIA_ROOT = tmp_path
    mentor = mentors[1].mentor.staff
    publication(mentor, "name")
    answer = curator_client.post(
        reverse("reports:public_photo_upload", args=[mentor.pk]), {"photo": _png()}, follow=True
    )
    assert "не разрешает публиковать фотографию" in answer.content.decode()
    assert not PublicPhoto.objects.filter(staff=mentor).exists()


def test_another_kindergartens_slug_does_not_serve_the_photo(
    client, programme, photographed, other_org
):
    page_on(other_org)
    url = reverse("reports:public_photo", args=[other_org.slug, photographed.pk])
    assert client.get(url).status_code == 404


def test_the_page_shows_the_closed_year_while_the_next_one_runs(client, programme, mentors):
    from django.utils import timezone

    from programme.models import Programme

    award(programme, mentors[0].mentor.staff, title="Наставник года")
    publication(mentors[0].mentor.staff, "name")
    Programme.objects.filter(pk=programme.pk).update(closed_at=timezone.now())
    Programme.objects.create(
        organisation=programme.organisation, year=programme.year + 1, title="Следующий год"
    )
    page_on(programme.organisation)

    text = html(client, programme.organisation)
    assert "Наставник года" in text
