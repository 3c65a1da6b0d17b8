"""axe-core (WCAG 2.0/2.1 A and AA) over every page a person can open, in the state they meet it.

The pages are the routed URLs themselves: `ROUTES` is every named URL of the product's apps (the
same walk as the URL × role permission sweep, without its `<int:pk>` filter) and each one is
either visited below — by the person who uses it, on the device they use: teachers on a 390 px
phone, the curator on a laptop — or listed in `NOT_PAGES` with what it answers instead (a file,
a redirect, a form post). A new URL that is in neither fails `test_every_route_is_visited`, so a
page cannot be left out. Forms are also checked in their error state (a failed submit).

The demo kindergarten (`programme.demo`) provides a record for every page: events, bases,
rounds, interviews, training, questionnaires, pairs and orders.
"""

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from tests.browser.conftest import PHONE, SERIOUS, axe_problems, new_page, submit
from tests.test_url_permissions import NAMESPACES

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DEMO_PASSWORD = "nastavnik2024"
LAPTOP = {"viewport": {"width": 1280, "height": 900}}


def _walk(patterns, prefix="", namespace=None):
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from _walk(p.url_patterns, prefix + str(p.pattern), p.namespace or namespace)
        elif isinstance(p, URLPattern) and p.name and namespace in NAMESPACES:
            yield f"{namespace}:{p.name}", prefix + str(p.pattern)


ROUTES = dict(sorted(_walk(get_resolver().url_patterns)))

# Routes that answer something other than a page: what they answer is checked in the curator's
# walk (a form post answers GET with 405, a redirect with 302, a file is not HTML).
POST, REDIRECT, FILE = "form post", "redirect", "file"
NOT_PAGES = {
    "reports:territory_xlsx": FILE,
    # closing the year (issue 23 §7–9)
    "programme:mentor_candidate_add": POST,
    "reports:close": POST,
    "reports:archive": POST,
    "reports:archive_download": FILE,
    "programme:home": REDIRECT,
    "programme:programme_copy": POST,
    "programme:staff_import_template": FILE,
    "programme:staff_export": FILE,
    "programme:staff_toggle_active": POST,
    "programme:staff_create_login": POST,
    "programme:event_attendance": POST,
    "programme:event_minutes": POST,
    "programme:event_attachment_add": POST,
    "programme:event_attachment_download": FILE,
    "programme:event_attachment_delete": POST,
    "programme:competency_load_defaults": POST,
    "programme:competency_toggle": POST,
    "programme:mentee_bulk": POST,
    "programme:mentee_status": POST,
    "programme:mentor_status": POST,
    "programme:assessment_go": REDIRECT,
    "programme:parameters_defaults": POST,
    "programme:parameter_delete": POST,
    "programme:round_export": FILE,
    "programme:training_mark": POST,
    "programme:material_download": FILE,
    "programme:material_delete": POST,
    "surveys:invitation_create": POST,
    "surveys:invitation_remind": POST,
    "surveys:invitation_sheets": FILE,
    "surveys:invitation_revoke": POST,
    "surveys:join_request_sheet": POST,
    "surveys:join_request_done": POST,
    "surveys:results_xlsx": FILE,
    "surveys:consent_scan": FILE,
    "surveys:self_assessment_start": POST,
    "reports:roadmap_pdf": FILE,
    "reports:announcement_pdf": FILE,
    "reports:monitoring_pdf": FILE,
    "reports:monitoring_xlsx": FILE,
    "pairing:preferences_send": POST,
    "pairing:board_run": POST,
    "pairing:board_assign": POST,
    "pairing:board_confirm": POST,
    "pairing:board_pin": POST,
    "pairing:board_remove": POST,
    "pairing:board_group": POST,
    "pairing:board_mentor_back": POST,
    "pairing:board_ungroup": POST,
    "pairing:board_terms": POST,
    "pairing:order_draft": POST,
    "pairing:order_pdf": FILE,
    "pairing:order_register": POST,
    "pairing:order_notices_print": POST,
    "pairing:pairing_terminate": POST,
    "pairing:pairing_restore": POST,
    "pairing:membership_leave": POST,
    "pairing:calendar_feed": FILE,
    "pairing:meeting_ics": FILE,
    "pairing:meeting_attachment": FILE,
    "pairing:overview_xlsx": FILE,
    "pairing:plan_evidence": FILE,
    "pairing:plan_pdf": FILE,
    "surveys:consent_forms_pdf": FILE,
    "pairing:feedback_round_delete": POST,
    "pairing:feedback_send_due": POST,
    "pairing:meeting_attachment_delete": POST,
    "pairing:meeting_delete": POST,
    "pairing:pair_end": POST,
    "pairing:outcome_record": POST,
    "pairing:outcome_confirm": POST,
    "pairing:outcome_return": POST,
    "reports:mentor_consent_pdf": FILE,
    "reports:mentor_addendum_pdf": FILE,
    "pairing:plan_activity_add": POST,
    "pairing:plan_activity_delete": POST,
    "pairing:plan_activity_edit": POST,
    "pairing:plan_activity_mark": POST,
    "pairing:plan_approve": POST,
    "pairing:plan_comment": POST,
    "pairing:plan_edit": POST,
    "pairing:plan_new_version": POST,
    "pairing:plan_return": POST,
    "pairing:plan_submit": POST,
    "pairing:satisfaction_send": POST,
    "surveys:reconsent_remind": POST,
    "reports:ceremony_invitations_pdf": FILE,
    "reports:ceremony_certificates_pdf": FILE,
    "reports:ceremony_certificate_pdf": FILE,
    "reports:ceremony_invite": POST,
    "reports:ceremony_guest_add": POST,
    "reports:ceremony_invitation_remove": POST,
    "reports:ceremony_invitations_send": POST,
    "reports:ceremony_nomination_add": POST,
    "reports:ceremony_nomination_delete": POST,
    "reports:ceremony_award_add": POST,
    "reports:ceremony_award_pair": POST,
    "reports:ceremony_award_delete": POST,
    "reports:ceremony_record": POST,
    "reports:case_material_add": POST,
    "reports:case_material_remove": POST,
    "reports:case_status": POST,
    "reports:case_pdf": FILE,
    "reports:public_feed": FILE,
    "reports:public_photo": FILE,
    "reports:public_photo_upload": POST,
    "reports:public_photo_delete": POST,
}


PROGRAMME_LOOKUPS = (
    "programme",
    "round__programme",
    "pairing__programme",
    "questionnaire__programme",
    "event__programme",
    "membership__pairing__programme",
    "plan__membership__pairing__programme",
    "meeting__pairing__programme",
    "mentee__programme",
    "mentor__programme",
    "nomination__programme",
    "case__programme",
)


class Demo:
    """The demo kindergarten and the personal links a test needs (only hashes are stored, so
    the links are made from the invitations' nonces)."""

    def __init__(self):
        from programme import demo
        from programme.models import StaffMember

        self.ctx = demo.run()
        self.programme = self.ctx.programme
        self.staff = {m.last_name: m for m in StaffMember.objects.filter(
            organisation=self.programme.organisation)}  # fmt: skip

    def token(self, kind: str, surname: str) -> str:
        from surveys.models import Invitation
        from surveys.services import invitations

        invitation = Invitation.objects.get(
            questionnaire__programme=self.programme,
            questionnaire__kind=kind,
            staff__last_name=surname,
            subject=None,
        )
        return invitations.invitation_token(invitation)

    def invite(self, kind: str, surname: str) -> int:
        """An open invitation of `surname` to the questionnaire of that kind (made now if the
        demo has none); its id."""
        from surveys.models import Invitation
        from surveys.services import invitations

        questionnaire = self.programme.questionnaires.get(kind=kind)
        created, _ = invitations.invitations_create(
            questionnaire=questionnaire,
            staff=[self.staff[surname]],
            by=self.ctx.users["curator"],
            expires_at=timezone.now() + dt.timedelta(days=30),
        )
        if created:
            return created[0].pk
        return (
            Invitation.objects.filter(
                questionnaire=questionnaire, staff__last_name=surname, revoked_at__isnull=True
            )
            .latest("pk")
            .pk
        )

    def link(self, kind: str, surname: str) -> str:
        """The personal link's token of `invite(kind, surname)`."""
        from surveys.models import Invitation
        from surveys.services import invitations

        return invitations.invitation_token(Invitation.objects.get(pk=self.invite(kind, surname)))

    def invitation_of(self, kind: str, surname: str) -> int:
        from surveys.models import Invitation

        return Invitation.objects.get(
            questionnaire__programme=self.programme,
            questionnaire__kind=kind,
            staff__last_name=surname,
            subject=None,
        ).pk

    def submitted_of(self, surname: str) -> int:
        from surveys.models import Invitation, InvitationStatus

        return (
            Invitation.objects.filter(
                staff__last_name=surname,
                status=InvitationStatus.SUBMITTED,
                questionnaire__programme=self.programme,
            )
            .values_list("pk", flat=True)
            .first()
        )

    def first(self, model_path: str, **filters) -> int:
        from django.apps import apps
        from django.core.exceptions import FieldError

        model = apps.get_model(model_path)
        rows = model.objects.filter(**filters)
        # The demo also has last year's closed programme: a record of this year's, where the
        # model reaches a programme, since the pages' URLs carry this year's id.
        for lookup in PROGRAMME_LOOKUPS:
            try:
                rows = rows.filter(**{lookup: self.programme})
            except FieldError:
                continue
            break
        return rows.order_by("pk").values_list("pk", flat=True)[0]

    def pair_of(self, surname: str) -> int:
        """The active pair a mentee or mentor of that surname is in."""
        from django.db.models import Q

        from pairing.models import Pairing

        return (
            Pairing.objects.filter(programme=self.programme, status="active")
            .filter(
                Q(mentor__staff__last_name=surname) | Q(members__mentee__staff__last_name=surname)
            )
            .values_list("pk", flat=True)
            .first()
        )

    def plan_of(self, surname: str) -> int:
        from pairing.models import Plan

        return Plan.objects.filter(membership__mentee__staff__last_name=surname).latest("pk").pk

    def membership_of(self, surname: str) -> int:
        from pairing.models import Membership

        return Membership.objects.get(
            pairing_id=self.pair_of(surname), mentee__staff__last_name=surname
        ).pk

    def meeting_of(self, surname: str, status: str) -> int:
        from pairing.models import Meeting

        return (
            Meeting.objects.filter(pairing_id=self.pair_of(surname), status=status)
            .values_list("pk", flat=True)
            .first()
        )

    def qid(self, kind: str) -> int:
        return self.programme.questionnaires.get(kind=kind).pk


def _url(name: str, *args) -> Callable[[Demo], str]:
    """A path from a route name and arguments; an argument may be a function of the demo."""
    return lambda d: reverse(name, args=[a(d) if callable(a) else a for a in args])


def _p(d: Demo) -> int:
    return d.programme.pk


def _ceremony(d: Demo) -> int:
    """The demo programme with a ceremony: invitees, a guest, a nomination, an award."""
    from programme import services
    from programme.models import Event
    from reports.models import Nomination
    from reports.services import ceremony

    if not Event.objects.filter(programme=d.programme, kind="ceremony").exists():
        event = services.event_create(
            programme=d.programme,
            kind="ceremony",
            title="Праздник наставничества",
            starts_at=timezone.make_aware(dt.datetime(d.programme.year, 5, 20, 15, 0)),
            place="Музыкальный зал",
        )
        ceremony.ceremony_invite_proposed(event=event)
        ceremony.ceremony_add_guest(
            event=event,
            full_name="Петрова Анна Сергеевна",
            organisation_name="Управление образования",
            position="начальник отдела",
        )
    if not Nomination.objects.filter(programme=d.programme).exists():
        nomination = ceremony.nomination_create(programme=d.programme, kind="best_mentor")
        ceremony.award_create(nomination=nomination, staff=d.staff["Захарова"])
    return d.programme.pk


@dataclass(frozen=True)
class Visit:
    route: str  # the URL's name as routed; "" for a page that no route names (the 404 page)
    path: Callable[[Demo], str]
    state: str = ""  # what the page shows this time: «раздел 2», «ошибка»
    act: Callable | None = None  # what the person does on the page before the check
    status: int = 200

    @property
    def label(self) -> str:
        return f"{self.route or 'page'}{f' ({self.state})' if self.state else ''}"


def _press(button: str) -> Callable:
    """Submit the page's form with `button`, past the browser's own checks (the server's error
    page is what is being checked)."""

    def act(page):
        page.evaluate("() => document.querySelectorAll('form').forEach(f => f.noValidate = true)")
        submit(page, lambda: page.get_by_role("button", name=button).first.click())

    return act


def _consent(page):
    page.get_by_label("Текст прочитан", exact=False).check()
    submit(page, lambda: page.get_by_role("button", name="Даю согласие").click())


def _answer_section_1_and_go_on(page):
    page.locator("input[type=number]").first.fill("2")
    page.locator("input[type=radio]").first.check()
    submit(page, lambda: page.get_by_role("button", name="Далее").click())


# Teachers on a phone, in the order they meet the pages. Гусева has not consented yet and
# opens her personal link; Захарова (login «teacher») works from «Моя страница»; Волкова
# («mentor») has a pair; Лебедева («psychologist») tells what she knows of a colleague.
PHONE_VISITS: dict[str, list[Visit]] = {
    "anonymous": [
        Visit("", lambda d: "/no-such-page/", "404", status=404),
        Visit("reports:join", _url("reports:join", "ds30")),
        Visit("surveys:fill", _url("surveys:fill", "x" * 40), "ссылка не действует", status=404),
        Visit(
            "surveys:fill_consent",
            lambda d: reverse("surveys:fill_consent", args=[d.token("mentee_intake", "Гусева")]),
        ),
        Visit(
            "surveys:fill_consent",
            lambda d: reverse("surveys:fill_consent", args=[d.token("mentee_intake", "Гусева")]),
            "ошибка",
            _press("Даю согласие"),
        ),
        Visit(
            "surveys:fill",
            lambda d: reverse("surveys:fill_consent", args=[d.token("mentee_intake", "Гусева")]),
            "раздел 1",
            _consent,
        ),
        Visit(
            "surveys:fill",
            _url("surveys:fill", lambda d: d.token("mentee_intake", "Гусева")),
            "раздел 1, ошибка",
            _press("Далее"),
        ),
        Visit(
            "surveys:fill",
            _url("surveys:fill", lambda d: d.token("mentee_intake", "Гусева")),
            "раздел 2",
            _answer_section_1_and_go_on,
        ),
        Visit(
            "surveys:fill",
            _url("surveys:fill", lambda d: d.token("mentee_intake", "Гусева")),
            "раздел 2, ошибка",
            lambda page: (
                page.goto(page.url.split("?")[0] + "?section=2"),
                _press("Далее")(page),
            ),
        ),
        Visit(
            "surveys:fill",
            lambda d: (
                reverse("surveys:fill", args=[d.token("mentee_intake", "Гусева")]) + "?section=3"
            ),
            "раздел 3, ошибка",
            _press("Отправить ответы"),
        ),
        Visit(
            "surveys:fill",
            _url("surveys:fill", lambda d: d.token("mentor_intake", "Егорова")),
            "анкета наставника, раздел 2",
            lambda page: (
                page.goto(page.url + "?section=2"),
                _press("Отправить ответы")(page),
            ),
        ),
        Visit(
            "surveys:fill",
            _url("surveys:fill", lambda d: d.token("preference", "Яковлева")),
            "ранжирование, ошибка",
            _press("Отправить ответы"),
        ),
        Visit(
            "surveys:fill",
            _url("surveys:fill", lambda d: d.link("satisfaction", "Антонова")),
            "шкалы, ошибка",
            _press("Далее"),
        ),
        Visit(
            "surveys:fill_withdraw",
            _url("surveys:fill_withdraw", lambda d: d.token("mentee_intake", "Гусева")),
        ),
        Visit(
            "surveys:fill_withdraw",
            _url("surveys:fill_withdraw", lambda d: d.token("mentee_intake", "Гусева")),
            "ошибка",
            _press("Отозвать согласие"),
        ),
        Visit(
            "surveys:fill_publication",
            _url("surveys:fill_publication", lambda d: d.token("mentee_intake", "Антонова")),
        ),
        Visit("pairing:signin_request", _url("pairing:signin_request")),
        Visit(
            "pairing:signin_request",
            _url("pairing:signin_request"),
            "ошибка",
            _press("Получить ссылку для входа на почту"),
        ),
        Visit(
            "pairing:signin", _url("pairing:signin", "x" * 40), "ссылка не действует", status=404
        ),
        Visit(
            "surveys:fill_thanks",
            _url("surveys:fill_thanks", lambda d: d.token("mentee_intake", "Соловьёва")),
        ),
        Visit(
            "surveys:fill_withdraw",
            _url("surveys:fill_withdraw", lambda d: d.token("mentee_intake", "Гусева")),
            "согласие отозвано",
            lambda page: (
                page.get_by_label("Я отзываю согласие", exact=False).check(),
                submit(page, lambda: page.get_by_role("button", name="Отозвать согласие").click()),
            ),
        ),
    ],
    "teacher": [
        Visit("programme:my_page", _url("programme:my_page")),
        Visit("surveys:my_questionnaires", _url("surveys:my_questionnaires")),
        Visit(
            "pairing:pair", _url("pairing:pair", lambda d: d.pair_of("Захарова")), "наставляемая"
        ),
        Visit("pairing:plan", _url("pairing:plan", lambda d: d.plan_of("Захарова"))),
        Visit(
            "pairing:meeting",
            _url("pairing:meeting", lambda d: d.meeting_of("Захарова", "held")),
        ),
        Visit("pairing:my_calendar", _url("pairing:my_calendar")),
        Visit("surveys:my_publication_consent", _url("surveys:my_publication_consent")),
        Visit(
            "surveys:fill_mine",
            _url("surveys:fill_mine", lambda d: d.invitation_of("mentee_intake", "Захарова")),
        ),
        Visit(
            "surveys:fill_mine",
            _url("surveys:fill_mine", lambda d: d.invitation_of("mentee_intake", "Захарова")),
            "ошибка",
            _press("Далее"),
        ),
        Visit(
            "surveys:fill_mine_withdraw",
            _url(
                "surveys:fill_mine_withdraw", lambda d: d.invitation_of("mentee_intake", "Захарова")
            ),
        ),
        Visit(
            "surveys:fill_mine_thanks",
            _url("surveys:fill_mine_thanks", lambda d: d.submitted_of("Захарова")),
        ),
        Visit("surveys:my_consent_withdraw", _url("surveys:my_consent_withdraw")),
        Visit(
            "surveys:my_consent_withdraw",
            _url("surveys:my_consent_withdraw"),
            "согласие отозвано",
            lambda page: (
                page.get_by_label("Я отзываю согласие", exact=False).check(),
                submit(page, lambda: page.get_by_role("button", name="Отозвать согласие").click()),
            ),
        ),
        # Withdrawal revoked her links; the curator invites her again and she meets the consent.
        Visit(
            "surveys:fill_mine_consent",
            _url("surveys:fill_mine_consent", lambda d: d.invite("interim_feedback", "Захарова")),
        ),
    ],
    "mentor": [
        Visit("programme:my_page", _url("programme:my_page"), "моя пара"),
        Visit("pairing:pair", _url("pairing:pair", lambda d: d.pair_of("Волкова")), "наставник"),
        Visit(
            "pairing:plan_for",
            _url(
                "pairing:plan_for",
                lambda d: d.pair_of("Волкова"),
                lambda d: d.membership_of("Захарова"),
            ),
            "план наставляемой",
        ),
        Visit(
            "pairing:meeting_create", _url("pairing:meeting_create", lambda d: d.pair_of("Волкова"))
        ),
        Visit(
            "pairing:meeting_create",
            _url("pairing:meeting_create", lambda d: d.pair_of("Волкова")),
            "ошибка",
            _press("Сохранить"),
        ),
        Visit(
            "pairing:meeting_edit",
            _url("pairing:meeting_edit", lambda d: d.meeting_of("Захарова", "planned")),
        ),
        Visit(
            "pairing:meeting_outcome",
            _url("pairing:meeting_outcome", lambda d: d.meeting_of("Захарова", "planned")),
        ),
    ],
    "psychologist": [
        Visit("surveys:third_party", _url("surveys:third_party", _p)),
        Visit(
            "surveys:third_party",
            _url("surveys:third_party", _p),
            "ошибка",
            _press("Заполнить анкету"),
        ),
    ],
}


def _mentee(d):
    return d.first("programme.MenteeProfile", programme=d.programme)


def _mentor(d):
    return d.first("programme.MentorProfile", programme=d.programme)


# The curator on a laptop: every page of the programme, forms also in their error state.
CURATOR_VISITS: list[Visit] = [
    Visit("programme:programme_list", _url("programme:programme_list")),
    Visit("programme:programme_create", _url("programme:programme_create")),
    Visit(
        "programme:programme_create",
        _url("programme:programme_create"),
        "ошибка",
        _press("Сохранить"),
    ),
    Visit("programme:dashboard", _url("programme:dashboard", _p)),
    Visit("reports:to_sign", _url("reports:to_sign")),
    Visit("programme:programme_edit", _url("programme:programme_edit", _p)),
    Visit("programme:activity_edit", _url("programme:activity_edit", _p, "1.1")),
    Visit("programme:staff_list", _url("programme:staff_list")),
    Visit("programme:staff_create", _url("programme:staff_create")),
    Visit("programme:staff_create", _url("programme:staff_create"), "ошибка", _press("Сохранить")),
    Visit("programme:staff_import", _url("programme:staff_import")),
    Visit(
        "programme:staff_edit",
        _url("programme:staff_edit", lambda d: d.staff["Захарова"].pk),
    ),
    Visit("programme:event_list", _url("programme:event_list", _p)),
    Visit("programme:event_create", _url("programme:event_create", _p)),
    Visit(
        "programme:event_create", _url("programme:event_create", _p), "ошибка", _press("Сохранить")
    ),
    Visit(
        "programme:event_detail",
        _url("programme:event_detail", _p, lambda d: d.first("programme.Event", kind="informing")),
    ),
    Visit(
        "programme:event_edit",
        _url("programme:event_edit", _p, lambda d: d.first("programme.Event", kind="informing")),
    ),
    Visit("programme:competency_list", _url("programme:competency_list")),
    Visit("programme:competency_create", _url("programme:competency_create")),
    Visit(
        "programme:competency_edit",
        _url("programme:competency_edit", lambda d: d.first("programme.Competency")),
    ),
    Visit("programme:mentee_list", _url("programme:mentee_list", _p)),
    Visit("programme:mentee_add", _url("programme:mentee_add", _p)),
    Visit("programme:mentee_analysis", _url("programme:mentee_analysis", _p)),
    Visit("programme:mentee_edit", _url("programme:mentee_edit", _p, _mentee)),
    Visit("programme:mentor_list", _url("programme:mentor_list", _p)),
    Visit("programme:mentor_add", _url("programme:mentor_add", _p)),
    Visit("programme:mentor_edit", _url("programme:mentor_edit", _p, _mentor)),
    Visit("programme:comparison", _url("programme:comparison", _p)),
    Visit("programme:assessment_home", _url("programme:assessment_home", _p)),
    Visit("programme:parameter_create", _url("programme:parameter_create", _p)),
    Visit(
        "programme:parameter_edit",
        _url("programme:parameter_edit", _p, lambda d: d.first("programme.AssessmentParameter")),
    ),
    Visit("programme:round_create", _url("programme:round_create", _p)),
    Visit(
        "programme:score_grid",
        _url("programme:score_grid", _p, lambda d: d.first("programme.AssessmentRound"), "mentees"),
    ),
    Visit("programme:assessment_comparison", _url("programme:assessment_comparison", _p)),
    Visit("programme:interview_list", _url("programme:interview_list", _p)),
    Visit("programme:interview_create", _url("programme:interview_create", _p)),
    Visit(
        "programme:interview_edit",
        _url("programme:interview_edit", _p, lambda d: d.first("programme.Interview")),
    ),
    Visit("programme:training_home", _url("programme:training_home", _p)),
    Visit("programme:training_settings", _url("programme:training_settings", _p)),
    Visit("programme:session_create", _url("programme:session_create", _p)),
    Visit(
        "programme:session_edit",
        _url("programme:session_edit", _p, lambda d: d.first("programme.TrainingSession")),
    ),
    Visit("programme:expert_list", _url("programme:expert_list", _p)),
    Visit(
        "programme:expert_edit",
        _url("programme:expert_edit", _p, lambda d: d.first("programme.Expert")),
    ),
    Visit("programme:material_list", _url("programme:material_list", _p)),
    Visit("surveys:questionnaire_list", _url("surveys:questionnaire_list", _p)),
    Visit(
        "surveys:invitation_list",
        _url("surveys:invitation_list", _p, lambda d: d.qid("mentee_intake")),
    ),
    Visit("surveys:results", _url("surveys:results", _p, lambda d: d.qid("mentee_intake"))),
    Visit(
        "surveys:results",
        _url("surveys:results", _p, lambda d: d.qid("mentor_intake")),
        "наставники",
    ),
    Visit("surveys:consent_list", _url("surveys:consent_list", _p)),
    Visit(
        "surveys:side_by_side",
        _url("surveys:side_by_side", _p, lambda d: d.staff["Зайцева"].pk),
    ),
    Visit("pairing:preferences", _url("pairing:preferences", _p)),
    Visit("pairing:board", _url("pairing:board", _p)),
    Visit("pairing:order_list", _url("pairing:order_list", _p)),
    Visit(
        "pairing:order_detail",
        _url("pairing:order_detail", _p, lambda d: d.first("pairing.Order")),
    ),
    Visit("pairing:feedback", _url("pairing:feedback", _p)),
    Visit("pairing:satisfaction", _url("pairing:satisfaction", _p)),
    Visit("pairing:overview", _url("pairing:overview", _p)),
    Visit("pairing:pair", _url("pairing:pair", lambda d: d.pair_of("Волкова")), "куратор"),
    Visit("pairing:signin_sheets", _url("pairing:signin_sheets", _p)),
    Visit(
        "surveys:results_open",
        _url("surveys:results_open", _p, lambda d: d.qid("mentee_intake"), "difficulties"),
    ),
    Visit(
        "pairing:pairing_detail",
        _url("pairing:pairing_detail", _p, lambda d: d.first("pairing.Pairing", status="active")),
    ),
    Visit("reports:monitoring", _url("reports:monitoring", _p)),
    Visit("reports:monitoring", _url("reports:monitoring", _p), "ошибка", _press("Сохранить")),
    Visit("reports:ceremony", _url("reports:ceremony", _ceremony)),
    Visit(
        "reports:ceremony", _url("reports:ceremony", _ceremony), "ошибка", _press("Добавить гостя")
    ),
    # closing the year (issue 23 §7–9)
    Visit("reports:history", _url("reports:history", lambda d: d.staff["Захарова"].pk)),
    Visit("programme:mentor_candidates", _url("programme:mentor_candidates", _p)),
    Visit("reports:closing", _url("reports:closing", _p)),
]


def _case(d: Demo) -> int:
    """The case of Волкова's pair (made from the pair's records if the demo has none)."""
    from pairing.models import Pairing
    from reports.models import Case
    from reports.services.cases import case_create_from_pairing

    found = Case.objects.filter(programme=d.programme).values_list("pk", flat=True).first()
    if found:
        return found
    return case_create_from_pairing(pairing=Pairing.objects.get(pk=d.pair_of("Волкова"))).pk


def _public_page(d: Demo) -> str:
    """The kindergarten's public page, switched on (noindex, as a kindergarten may want)."""
    from reports.services.public import public_page_save

    organisation = d.programme.organisation
    public_page_save(organisation=organisation, enabled=True, noindex=True)
    return reverse("reports:public_page", args=[organisation.slug])


def _clear_title_and_save(page):
    page.get_by_label("Название кейса").fill("")
    _press("Сохранить")(page)


# Stage 7: cases (7.5) and the public page's switch (7.6); the public page itself is the
# anonymous visitor's (a phone, as a parent or a colleague opens it from the site).
CURATOR_VISITS += [
    Visit("reports:case_list", _url("reports:case_list", _p)),
    Visit("reports:case_create", _url("reports:case_create", _p)),
    Visit("reports:case_edit", _url("reports:case_edit", _p, _case)),
    Visit(
        "reports:case_edit", _url("reports:case_edit", _p, _case), "ошибка", _clear_title_and_save
    ),
    Visit("reports:public_settings", _url("reports:public_settings")),
]
PHONE_VISITS["anonymous"] += [Visit("reports:public_page", _public_page)]

# The coordinator's own pages (issue 24): the roll-up of her territory, on a laptop.
COORDINATOR_VISITS = [
    Visit("reports:territory", _url("reports:territory")),
    Visit("programme:kindergarten_list", _url("programme:kindergarten_list")),
    Visit("programme:kindergarten_create", _url("programme:kindergarten_create")),
    Visit(
        "programme:kindergarten_create",
        _url("programme:kindergarten_create"),
        "ошибка",
        _press("Добавить и пригласить куратора"),
    ),
]
PHONE_VISITS["anonymous"] += [
    Visit(
        "programme:set_password",
        lambda d: reverse("programme:set_password", args=["MQ", "x-y"]),
        "ссылка не действует",
        status=404,
    )
]

WHO = {  # who → (login, device)
    "coordinator": ("region", LAPTOP),
    "anonymous": (None, PHONE),
    "teacher": ("teacher", PHONE),
    "mentor": ("mentor", PHONE),
    "psychologist": ("psychologist", PHONE),
    "curator": ("curator", LAPTOP),
}
VISITS = {**PHONE_VISITS, "curator": CURATOR_VISITS, "coordinator": COORDINATOR_VISITS}


def test_every_route_is_visited():
    """Each routed URL is a visited page or answers something else, and not both."""
    visited = {v.route for visits in VISITS.values() for v in visits} - {""}
    assert sorted(set(ROUTES) - visited - set(NOT_PAGES)) == [], "routes nobody visits"
    assert sorted(visited & set(NOT_PAGES)) == []
    assert sorted((visited | set(NOT_PAGES)) - set(ROUTES)) == [], "no longer routed"
    # The anonymous visitor also logs in: the login page is checked by `_log_in`.


def _log_in(page, live_server, username, found, *, error_state=True):
    """Through the login page; the page (and once its error state) is checked on the way."""
    page.goto(f"{live_server.url}{reverse('login')}")
    found["login"] = axe_problems(page) + markup_problems(page)
    if error_state:
        page.get_by_label("Имя пользователя").fill(username)
        page.get_by_label("Пароль").fill("не тот пароль")
        submit(page, lambda: page.get_by_role("button", name="Войти").click())
        found["login (ошибка)"] = axe_problems(page) + markup_problems(page)
    page.get_by_label("Имя пользователя").fill(username)
    page.get_by_label("Пароль").fill(DEMO_PASSWORD)
    submit(page, lambda: page.get_by_role("button", name="Войти").click())


MARKUP_CHECKS = """() => {
  const found = [];
  const ids = {};
  document.querySelectorAll("[id]").forEach(el => { ids[el.id] = (ids[el.id] || 0) + 1; });
  for (const [id, n] of Object.entries(ids)) {
    if (n > 1) { found.push(`duplicate-id: «${id}» ×${n}`); }
  }
  const fields = "input:not([type=hidden]):not([type=submit]):not([type=button]), select, textarea";
  document.querySelectorAll(fields).forEach(el => {
    const labels = el.labels ? el.labels.length : 0;
    if (labels > 1) { found.push(`one-label: «${el.id || el.name}» has ${labels} labels`); }
  });
  return found;
}"""


def markup_problems(page) -> list[tuple[str, str]]:
    """What axe 4 no longer checks: an id used twice on the page (two forms without prefixes),
    a field with more than one label."""
    return [("serious", line) for line in page.evaluate(MARKUP_CHECKS)]


def _report(who, found) -> str:
    """Per page: serious or critical problems, all problems (elements), then each one."""
    lines = [f"{who}: axe problems per page (serious+critical / all)"]
    for label, problems in found.items():
        serious = sum(impact in SERIOUS for impact, _line in problems)
        lines.append(f"  {serious:3d} {len(problems):3d}  {label}")
        for impact, problem in problems:
            lines.append(f"           {impact}: {problem}")
    return "\n".join(lines)


@pytest.mark.parametrize("who", list(WHO))
def test_pages_have_no_serious_accessibility_problems(live_server, browser, who):
    demo = Demo()
    username, device = WHO[who]
    page = new_page(browser, **device)
    found: dict[str, list[str]] = {}
    if username:
        _log_in(page, live_server, username, found, error_state=who in ("teacher", "curator"))
    for visit in VISITS[who]:
        answer = page.goto(live_server.url + visit.path(demo))
        if answer.status != visit.status:
            found[visit.label] = [("critical", f"answered {answer.status}: {page.url}")]
            continue
        if visit.act:
            visit.act(page)
        found[visit.label] = axe_problems(page) + markup_problems(page)
    print(_report(who, found))
    serious = {
        label: [line for impact, line in problems if impact in SERIOUS]
        for label, problems in found.items()
    }
    assert {label: lines for label, lines in serious.items() if lines} == {}


def test_what_is_not_a_page_answers_as_listed(live_server, browser):
    """Form posts refuse GET (405), redirects redirect, files are not HTML."""
    demo = Demo()
    page = new_page(browser, **LAPTOP)
    _log_in(page, live_server, "curator", {}, error_state=False)
    files = {
        "programme:staff_import_template": _url("programme:staff_import_template"),
        "programme:staff_export": _url("programme:staff_export", "xlsx"),
        "programme:round_export": _url(
            "programme:round_export", _p, lambda d: d.first("programme.AssessmentRound")
        ),
        "surveys:invitation_sheets": _url(
            "surveys:invitation_sheets", _p, lambda d: d.qid("mentee_intake")
        ),
        "surveys:results_xlsx": _url("surveys:results_xlsx", _p, lambda d: d.qid("mentee_intake")),
        "reports:roadmap_pdf": _url("reports:roadmap_pdf", _p),
        "reports:announcement_pdf": _url("reports:announcement_pdf", _p),
        "pairing:order_pdf": _url("pairing:order_pdf", _p, lambda d: d.first("pairing.Order")),
        "pairing:plan_pdf": _url("pairing:plan_pdf", lambda d: d.plan_of("Захарова")),
        "pairing:overview_xlsx": _url("pairing:overview_xlsx", _p),
        "pairing:meeting_ics": _url(
            "pairing:meeting_ics", lambda d: d.meeting_of("Захарова", "planned")
        ),
        "surveys:consent_forms_pdf": _url("surveys:consent_forms_pdf", _p),
        "reports:monitoring_pdf": _url("reports:monitoring_pdf", _p),
        "reports:monitoring_xlsx": _url("reports:monitoring_xlsx", _p),
        "reports:ceremony_invitations_pdf": _url("reports:ceremony_invitations_pdf", _ceremony),
        "reports:ceremony_certificates_pdf": _url("reports:ceremony_certificates_pdf", _ceremony),
    }
    wrong = []
    for name, kind in NOT_PAGES.items():
        if kind == FILE and name not in files:
            continue  # an uploaded file's download: no file in the demo
        path = files[name](demo) if name in files else _any_path(ROUTES[name], demo)
        answer = page.request.get(live_server.url + path, max_redirects=0)
        content_type = answer.headers.get("content-type", "")
        ok = {
            POST: answer.status == 405,
            REDIRECT: answer.status == 302,
            FILE: answer.status == 200 and not content_type.startswith("text/html"),
        }[kind]
        if not ok:
            wrong.append(f"{name} ({kind}): {answer.status} {content_type}")
    assert wrong == []


def _any_path(route: str, demo: Demo) -> str:
    def fill(match):
        kind, name = match.group(1), match.group(2)
        if name == "pk":
            return str(demo.programme.pk)
        return "1" if kind == "int" else "x"

    return "/" + re.sub(r"<(\w+):(\w+)>", fill, route)


FOCUS_RING = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  return [el.tagName + " " + (el.innerText || el.name || el.id || "").trim().slice(0, 40),
          style.outlineStyle, parseFloat(style.outlineWidth)];
}"""


def test_the_skip_link_comes_first_and_every_focus_is_visible(
    live_server, browser, curator, programme
):
    """On the curator's busiest page: Tab first reaches «Перейти к содержанию», which takes the
    focus past the menu; every element the keyboard reaches shows a ring of 2 px or more."""
    page = new_page(browser, **LAPTOP)
    dashboard = reverse("programme:dashboard", args=[programme.pk])
    page.goto(f"{live_server.url}{reverse('login')}?next={dashboard}")
    page.get_by_label("Имя пользователя").fill("alice")
    page.get_by_label("Пароль").fill("пароль-для-тестов-1")
    submit(page, lambda: page.get_by_role("button", name="Войти").click())

    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Перейти к содержанию")
    assert skip.evaluate("el => el === document.activeElement")
    assert skip.is_visible() and skip.bounding_box()["y"] >= 0
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "content"
    page.keyboard.press("Tab")
    assert page.evaluate("!!document.activeElement.closest('main')")

    page.goto(live_server.url + dashboard)
    unseen = []
    for _ in range(40):
        page.keyboard.press("Tab")
        what, style, width = page.evaluate(FOCUS_RING)
        if style == "none" or width < 2:
            unseen.append(f"{what}: {style} {width}")
    assert unseen == []
