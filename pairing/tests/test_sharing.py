"""Mentors shared across kindergartens (issue 24, item 4): the sharing consent shows her card to
the other kindergartens of her territory only; a request answered by her and her kindergarten
puts her on the borrowing board as «наставник из …»; her one limit holds across both; the
borrowing order names her as external; withdrawal removes her card at once."""

import datetime as dt
import io

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from pairing.documents import loan_letter_document, order_document
from pairing.models import LoanStatus, MentorLoan, Pairing, PairingStatus
from pairing.selectors import board as board_selectors
from pairing.selectors import sharing as selectors
from pairing.services import board as board_services
from pairing.services import orders as order_services
from pairing.services import sharing as services
from programme.exceptions import DomainError
from programme.models import Territory, TerritoryKind
from surveys.documents import consent_forms_document
from surveys.models import Consent, ConsentChannel, ConsentKind
from surveys.services import consents
from tests.factories import (
    CompetencyFactory,
    OrganisationFactory,
    ProgrammeFactory,
    StaffMemberFactory,
    UserFactory,
)
from tests.factories_pairing import included_mentee, ready_mentor
from tests.files import pdf_bytes

pytestmark = pytest.mark.django_db

PHONE = "+7 900 111-22-33"
EMAIL = "volkova.private@example.org"


def _text(document) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(document.content)).pages)


def _programme(organisation):
    programme = ProgrammeFactory(organisation=organisation)
    programme.starts_on, programme.ends_on = dt.date(2024, 9, 1), dt.date(2025, 5, 31)
    programme.save()
    return programme


def share(staff) -> Consent:
    return consents.consent_give(
        staff=staff, kind=ConsentKind.SHARING, channel=ConsentChannel.ONLINE
    )


class World:
    def __init__(self):
        region = Territory.objects.create(name="Омская область", kind=TerritoryKind.REGION)
        omsk = Territory.objects.create(
            name="г. Омск", kind=TerritoryKind.MUNICIPALITY, parent=region
        )
        tara = Territory.objects.create(
            name="Тарский район", kind=TerritoryKind.MUNICIPALITY, parent=region
        )
        self.region, self.omsk, self.tara = region, omsk, tara
        self.home = OrganisationFactory(
            slug="ds-home",
            short_name="Детский сад № 30",
            full_name="МБДОУ «Детский сад № 30»",
            territory=omsk,
        )
        self.borrower = OrganisationFactory(
            slug="ds-borrow",
            short_name="Детский сад № 12",
            full_name="БДОУ «Детский сад № 12»",
            territory=omsk,
        )
        self.far = OrganisationFactory(slug="ds-far", short_name="Детский сад № 7", territory=tara)
        self.home_programme = _programme(self.home)
        self.programme = _programme(self.borrower)
        self.far_programme = _programme(self.far)
        home_skill = CompetencyFactory(organisation=self.home, name="Работа с родителями")
        skill = CompetencyFactory(organisation=self.borrower, name="Работа с родителями")
        self.skill = skill
        self.mentor = ready_mentor(
            self.home_programme,
            {home_skill: 3},
            capacity=1,
            last_name="Волкова",
            first_name="Наталья",
            patronymic="Сергеевна",
            phone=PHONE,
            email=EMAIL,
        )
        self.mentee = included_mentee(self.programme, {skill: 1}, last_name="Новикова")
        self.home_curator = UserFactory(organisation=self.home, role="curator")
        self.curator = UserFactory(organisation=self.borrower, role="curator")
        self.far_curator = UserFactory(organisation=self.far, role="curator")

    def client(self, user) -> Client:
        client = Client()
        client.force_login(user)
        return client

    def ask(self) -> MentorLoan:
        return services.loan_request(
            programme=self.programme,
            mentor=self.mentor,
            mentee=self.mentee,
            message="Нужна помощь в работе с родителями",
            by=self.curator,
        )

    def accept_both(self, loan) -> MentorLoan:
        services.loan_answer_by_mentor(loan_id=loan.pk, staff_id=self.mentor.staff_id, accept=True)
        return services.loan_answer_by_home(
            loan_id=loan.pk, programme=self.home_programme, accept=True, by=self.home_curator
        )


@pytest.fixture
def world():
    return World()


def _listed(world, organisation) -> list:
    return [
        c.mentor.pk
        for c in selectors.shared_cards(
            organisations=selectors.territory_organisations(organisation),
            exclude_organisation_id=organisation.pk,
        )
    ]


# --- the consent ----------------------------------------------------------------------------


def test_the_sharing_consent_is_its_own_versioned_text_with_every_part_the_law_asks(world):
    text = consents.current_text(organisation=world.home, kind=ConsentKind.SHARING)
    assert text.version == 1
    assert text.code == "ds-home-НАСТ-1"
    assert "другим образовательным организациям территории «г. Омск»" in text.body
    from surveys.consent_texts import missing_parts

    assert missing_parts(kind=ConsentKind.SHARING, body=text.body, organisation=world.home) == []
    newer = consents.consent_text_new_version(
        organisation=world.home, kind=ConsentKind.SHARING, title=text.title, body=text.body
    )
    assert newer.version == 2


def test_the_sharing_consent_prints_and_is_recorded_on_paper_with_its_scan(world):
    text = consents.current_text(organisation=world.home, kind=ConsentKind.SHARING)
    printed = _text(consent_forms_document(text=text, people=[world.mentor.staff]))
    assert "Согласие на предоставление персональных данных наставника" in printed
    assert text.code in printed
    scan = SimpleUploadedFile("scan.pdf", pdf_bytes(), content_type="application/pdf")
    consent = consents.consent_give(
        staff=world.mentor.staff,
        kind=ConsentKind.SHARING,
        channel=ConsentChannel.PAPER,
        scan=scan,
        text=text,
        recorded_by=world.home_curator,
    )
    assert consent.channel == ConsentChannel.PAPER and consent.scan
    assert _listed(world, world.borrower) == [world.mentor.pk]


def test_she_gives_and_withdraws_the_sharing_consent_on_her_own_page(world):
    from tests.factories_pair_work import login

    client = login(world.mentor.staff)
    url = reverse("surveys:my_sharing_consent")
    assert "Даю согласие" in client.get(url).content.decode()
    client.post(url, {"agree": "1"})
    assert consents.has_valid_consent(world.mentor.staff, ConsentKind.SHARING)
    assert _listed(world, world.borrower) == [world.mentor.pk]
    client.post(url, {"withdraw": "1"})
    assert not consents.has_valid_consent(world.mentor.staff, ConsentKind.SHARING)
    assert _listed(world, world.borrower) == []
    # Her processing consent and her home base are untouched.
    assert consents.has_valid_consent(world.mentor.staff, ConsentKind.PROCESSING)


# --- the cards ------------------------------------------------------------------------------


def test_a_mentor_without_the_sharing_consent_is_never_on_another_kindergartens_list(world):
    assert _listed(world, world.borrower) == []
    page = world.client(world.curator).get(
        reverse("pairing:shared_mentor_list", args=[world.programme.pk])
    )
    assert page.status_code == 200
    assert "Волкова" not in page.content.decode()


def test_a_mentor_of_another_territory_is_never_on_the_list(world):
    share(world.mentor.staff)
    assert _listed(world, world.borrower) == [world.mentor.pk]
    assert _listed(world, world.far) == []
    page = world.client(world.far_curator).get(
        reverse("pairing:shared_mentor_list", args=[world.far_programme.pk])
    )
    assert "Волкова" not in page.content.decode()


def test_her_own_kindergarten_does_not_see_her_as_shared(world):
    share(world.mentor.staff)
    assert _listed(world, world.home) == []


def test_a_kindergarten_directly_in_the_region_sees_the_regions_mentors(world):
    share(world.mentor.staff)
    regional = OrganisationFactory(slug="ds-region", territory=world.region)
    assert _listed(world, regional) == [world.mentor.pk]


def test_her_withdrawal_removes_her_card_and_cancels_pending_requests(world):
    share(world.mentor.staff)
    loan = world.ask()
    consents.consent_withdraw(
        staff=world.mentor.staff, kind=ConsentKind.SHARING, channel=ConsentChannel.ONLINE
    )
    assert _listed(world, world.borrower) == []
    loan.refresh_from_db()
    assert loan.status == LoanStatus.CANCELLED


def test_the_card_holds_no_contacts_answers_or_scores(world):
    share(world.mentor.staff)
    world.mentor.note = "Личная заметка куратора"
    world.mentor.achievements = "Победитель конкурса из анкеты"
    world.mentor.save()
    html = (
        world.client(world.curator)
        .get(reverse("pairing:shared_mentor_list", args=[world.programme.pk]))
        .content.decode()
    )
    assert "Волкова Наталья Сергеевна" in html
    assert "Работа с родителями" in html
    for secret in (PHONE, EMAIL, "Личная заметка", "Победитель конкурса", "балл"):
        assert secret not in html


def test_the_list_filters_by_competency_and_searches(world):
    share(world.mentor.staff)
    url = reverse("pairing:shared_mentor_list", args=[world.programme.pk])
    client = world.client(world.curator)
    assert "Волкова" in client.get(url, {"competency": "Работа с родителями"}).content.decode()
    assert "Волкова" not in client.get(url, {"q": "ИКТ"}).content.decode()
    assert "Волкова" in client.get(url, {"q": "родител"}).content.decode()


def test_the_coordinator_sees_the_cards_without_names(world):
    share(world.mentor.staff)
    coordinator = UserFactory(
        username="omsk-methodist", organisation=None, role="regional", territory=world.omsk
    )
    html = (
        world.client(coordinator).get(reverse("pairing:territory_shared_mentors")).content.decode()
    )
    assert "Детский сад № 30" in html and "Работа с родителями" in html
    assert "Волкова" not in html and "Наталья" not in html


def test_the_list_takes_the_same_queries_for_3_and_30_mentors(world, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    skill = world.mentor.competencies.first().competency
    url = reverse("pairing:shared_mentor_list", args=[world.programme.pk])
    client = world.client(world.curator)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    for _ in range(3):
        share(ready_mentor(world.home_programme, {skill: 2}).staff)
    few = count()
    for _ in range(27):
        share(ready_mentor(world.home_programme, {skill: 2}).staff)
    assert count() == few


# --- the request and the board --------------------------------------------------------------


def test_a_request_accepted_by_both_puts_her_on_the_board_as_a_mentor_from_her_kindergarten(
    world, django_capture_on_commit_callbacks
):
    share(world.mentor.staff)
    world.home_programme.curator = StaffMemberFactory(
        organisation=world.home, email="home-curator@example.org", position="starshiy_vospitatel"
    )
    world.home_programme.save()
    with django_capture_on_commit_callbacks(execute=True):
        loan = world.ask()
    letters = {m.to[0]: m for m in mail.outbox}
    assert set(letters) == {EMAIL, "home-curator@example.org"}
    assert "/signin/" in letters[EMAIL].body or "/my/loans/" in letters[EMAIL].body
    assert loan.status == LoanStatus.PENDING
    assert board_selectors.borrowed_mentors(world.programme) == []
    loan = world.accept_both(loan)
    assert loan.status == LoanStatus.ACCEPTED

    board_services.board_run(programme=world.programme, by=world.curator)
    proposed = Pairing.objects.get(programme=world.programme, status=PairingStatus.PROPOSED)
    assert proposed.mentor == world.mentor
    html = (
        world.client(world.curator)
        .get(reverse("pairing:board", args=[world.programme.pk]))
        .content.decode()
    )
    assert "наставник из Детский сад № 30" in html
    board_services.board_confirm(
        programme=world.programme,
        stamp=board_services.board_stamp(world.programme),
        by=world.curator,
    )
    proposed.refresh_from_db()
    assert proposed.status == PairingStatus.CONFIRMED


@pytest.mark.parametrize("who", ["mentor", "home"])
def test_a_decline_by_either_keeps_her_off_the_board(world, who):
    share(world.mentor.staff)
    loan = world.ask()
    if who == "mentor":
        services.loan_answer_by_mentor(
            loan_id=loan.pk, staff_id=world.mentor.staff_id, accept=False
        )
        services_home_first = None
    else:
        services.loan_answer_by_mentor(loan_id=loan.pk, staff_id=world.mentor.staff_id, accept=True)
        services_home_first = services.loan_answer_by_home(
            loan_id=loan.pk, programme=world.home_programme, accept=False, by=world.home_curator
        )
    loan.refresh_from_db()
    assert loan.status == LoanStatus.DECLINED
    assert services_home_first is None or services_home_first.status == LoanStatus.DECLINED
    assert board_selectors.borrowed_mentors(world.programme) == []
    board_services.board_run(programme=world.programme, by=world.curator)
    assert not Pairing.objects.filter(programme=world.programme, mentor=world.mentor).exists()


def test_she_is_offered_only_for_the_mentee_she_was_lent_for(world):
    share(world.mentor.staff)
    world.mentor.capacity = 3
    world.mentor.save()
    world.accept_both(world.ask())
    other = included_mentee(world.programme, {world.skill: 1}, last_name="Орлова")
    board_services.board_run(programme=world.programme, by=world.curator)
    assert not Pairing.objects.filter(
        programme=world.programme, mentor=world.mentor, members__mentee=other
    ).exists()


def test_her_one_limit_counts_her_home_pairs(world):
    """Her home kindergarten filled her one place: the borrowing board cannot confirm."""
    share(world.mentor.staff)
    world.accept_both(world.ask())
    board_services.board_run(programme=world.programme, by=world.curator)
    home_mentee = included_mentee(
        world.home_programme, {world.mentor.competencies.first().competency: 1}
    )
    board_services.board_run(programme=world.home_programme, by=world.home_curator)
    assert Pairing.objects.filter(programme=world.home_programme, members__mentee=home_mentee)
    board_services.board_confirm(
        programme=world.home_programme,
        stamp=board_services.board_stamp(world.home_programme),
        by=world.home_curator,
    )
    with pytest.raises(DomainError, match="не осталось мест"):
        board_services.board_confirm(
            programme=world.programme,
            stamp=board_services.board_stamp(world.programme),
            by=world.curator,
        )
    assert board_selectors.board_people(world.programme).free[world.mentor.pk] == 0


# --- documents ------------------------------------------------------------------------------


def _confirmed_borrowed_pair(world) -> Pairing:
    share(world.mentor.staff)
    loan = world.accept_both(world.ask())
    board_services.board_run(programme=world.programme, by=world.curator)
    board_services.board_confirm(
        programme=world.programme,
        stamp=board_services.board_stamp(world.programme),
        by=world.curator,
    )
    return loan


def test_the_borrowing_order_names_her_as_an_external_mentor(world):
    _confirmed_borrowed_pair(world)
    order = order_services.order_draft(programme=world.programme, by=world.curator)
    text = " ".join(_text(order_document(order)).split())
    assert "Волкова Наталья Сергеевна" in text
    assert "внешний наставник по согласованию с МБДОУ «Детский сад № 30»" in text
    assert "Новикова" in text


def test_the_letter_names_both_organisations_and_not_the_mentee(world):
    loan = _confirmed_borrowed_pair(world)
    loan.refresh_from_db()
    pairings = list(Pairing.objects.filter(mentor=world.mentor, programme=world.programme))
    text = " ".join(_text(loan_letter_document(loan, pairings)).split())
    assert "О направлении наставника" in text
    assert "БДОУ «Детский сад № 12»" in text and "МБДОУ «Детский сад № 30»" in text
    assert "Волкову Наталью Сергеевну" in text
    assert "Новикова" not in text
    # Both sides download it.
    for user, programme, side in (
        (world.curator, world.programme, ""),
        (world.home_curator, world.home_programme, "?side=home"),
    ):
        url = reverse("pairing:loan_letter_pdf", args=[programme.pk, loan.pk]) + side
        assert world.client(user).get(url).status_code == 200


def test_a_fixed_pair_stays_after_her_withdrawal(world):
    _confirmed_borrowed_pair(world)
    consents.consent_withdraw(
        staff=world.mentor.staff, kind=ConsentKind.SHARING, channel=ConsentChannel.ONLINE
    )
    assert Pairing.objects.get(programme=world.programme).status == PairingStatus.CONFIRMED
    assert MentorLoan.objects.get().status == LoanStatus.ACCEPTED
    assert _listed(world, world.borrower) == []


# --- permissions ----------------------------------------------------------------------------


def test_a_curator_of_another_territory_cannot_ask_for_her(world):
    share(world.mentor.staff)
    url = reverse("pairing:shared_mentor_ask", args=[world.far_programme.pk, world.mentor.pk])
    assert world.client(world.far_curator).get(url).status_code == 404
    # Nor through another kindergarten's programme.
    url = reverse("pairing:shared_mentor_ask", args=[world.programme.pk, world.mentor.pk])
    assert world.client(world.far_curator).get(url).status_code == 404


def test_a_teacher_gets_403_on_the_shared_list(world):
    from tests.factories_pair_work import login

    client = login(world.mentee.staff)
    url = reverse("pairing:shared_mentor_list", args=[world.programme.pk])
    assert client.get(url).status_code == 403


def test_the_lending_curator_sees_only_requests_for_her_mentors(world):
    share(world.mentor.staff)
    world.ask()
    other_home = OrganisationFactory(slug="ds-other", territory=world.omsk)
    other_mentor = ready_mentor(_programme(other_home), {}, last_name="Громова")
    share(other_mentor.staff)
    services.loan_request(
        programme=world.programme,
        mentor=other_mentor,
        mentee=included_mentee(world.programme, {}, last_name="Зайцева"),
        message="",
        by=world.curator,
    )
    html = (
        world.client(world.home_curator)
        .get(reverse("pairing:loan_list", args=[world.home_programme.pk]))
        .content.decode()
    )
    assert "Волкова" in html and "Громова" not in html
    assert "Новикова" not in html  # the mentee's name stays with her kindergarten


def test_the_lending_curator_answers_through_the_page_and_the_mentor_through_hers(world):
    from tests.factories_pair_work import login

    share(world.mentor.staff)
    loan = world.ask()
    world.client(world.home_curator).post(
        reverse("pairing:loan_answer", args=[world.home_programme.pk, loan.pk]),
        {"answer": "accept"},
    )
    mentor_client = login(world.mentor.staff)
    assert "Детский сад № 12" in mentor_client.get(reverse("pairing:my_loans")).content.decode()
    mentor_client.post(reverse("pairing:my_loan_answer", args=[loan.pk]), {"answer": "accept"})
    loan.refresh_from_db()
    assert loan.status == LoanStatus.ACCEPTED
    # Another kindergarten's curator cannot answer for her kindergarten.
    loan2_page = world.client(world.curator).post(
        reverse("pairing:loan_answer", args=[world.home_programme.pk, loan.pk]),
        {"answer": "decline"},
    )
    assert loan2_page.status_code in (403, 404)


def test_a_mentor_with_no_free_place_cannot_be_asked_for(world):
    share(world.mentor.staff)
    home_mentee = included_mentee(
        world.home_programme, {world.mentor.competencies.first().competency: 1}
    )
    board_services.board_assign(
        programme=world.home_programme, mentee_id=home_mentee.pk, mentor_id=world.mentor.pk
    )
    board_services.board_confirm(
        programme=world.home_programme,
        stamp=board_services.board_stamp(world.home_programme),
        by=world.home_curator,
    )
    card = selectors.shared_cards(
        organisations=selectors.territory_organisations(world.borrower),
        exclude_organisation_id=world.borrower.pk,
    )[0]
    assert card.free == 0
    with pytest.raises(DomainError, match="нет свободных мест"):
        world.ask()


def test_withdrawing_the_processing_consent_also_ends_her_sharing(world):
    share(world.mentor.staff)
    loan = world.ask()
    consents.consent_withdraw(
        staff=world.mentor.staff, kind=ConsentKind.PROCESSING, channel=ConsentChannel.ONLINE
    )
    assert _listed(world, world.borrower) == []
    assert not MentorLoan.objects.filter(pk=loan.pk, status=LoanStatus.PENDING).exists()


def test_the_request_page_asks_for_a_mentee_and_sends_the_request(world):
    share(world.mentor.staff)
    client = world.client(world.curator)
    url = reverse("pairing:shared_mentor_ask", args=[world.programme.pk, world.mentor.pk])
    page = client.get(url).content.decode()
    assert "Новикова" in page and "Волкова Наталья Сергеевна" in page and PHONE not in page
    answer = client.post(url, {"mentee": world.mentee.pk, "message": "Помогите, пожалуйста"})
    assert answer.status_code == 302
    loan = MentorLoan.objects.get()
    assert (loan.mentee, loan.message) == (world.mentee, "Помогите, пожалуйста")
    # A second request for the same pair is refused, and nothing is added.
    client.post(url, {"mentee": world.mentee.pk, "message": ""})
    assert MentorLoan.objects.count() == 1


def test_the_admin_lists_a_loan_to_both_kindergartens_read_only_and_to_no_other(world):
    from programme.services.roles import grant_admin_access

    share(world.mentor.staff)
    loan = world.ask()
    for user, listed in (
        (world.curator, True),
        (world.home_curator, True),
        (world.far_curator, False),
    ):
        grant_admin_access(user=user)
        client = world.client(user)
        page = client.get(reverse("admin:pairing_mentorloan_changelist"))
        change = client.get(reverse("admin:pairing_mentorloan_change", args=[loan.pk]))

        if listed:
            assert page.status_code == 200
            assert change.status_code == 200
            assert 'name="status"' not in change.content.decode()  # read-only
        else:
            assert change.status_code in (302, 403, 404)
            assert page.status_code in (200, 403)
            if page.status_code == 200:
                assert "Волкова" not in page.content.decode()
