"""Filling in a questionnaire: from a personal link without a password, or from «Моя
страница» for a teacher with a login. Consent first, on its own page; drafts kept in the
database; one submission per invitation."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from mentoring import throttle
from mentoring.client_address import client_address
from programme.exceptions import DomainError

from ..forms import ConsentForm, SectionForm, WithdrawForm
from ..models import ConsentChannel, ConsentKind, Invitation, ResponseStatus
from ..services import consents, responses
from ..services.invitations import find_invitation
from .consents import publication_page

ACTIONS = {"save", "next", "prev", "submit"}
# «Найти» in a person question: the section comes back with the people found, nothing saved.
FIND = "find"


class Flow:
    """The URLs of one way into a questionnaire (a personal link or one's own page)."""

    def __init__(self, invitation: Invitation, name: str, arg):
        self.invitation = invitation
        self.name = name
        self.arg = arg

    def url(self, page: str) -> str:
        suffix = "" if page == "fill" else f"_{page}"
        return reverse(f"surveys:{self.name}{suffix}", args=[self.arg])

    @property
    def fill_url(self) -> str:
        return self.url("fill")

    @property
    def withdraw_url(self) -> str:
        return self.url("withdraw")


def _invalid(request):
    # The same page and status for unknown, revoked and expired links: nothing to probe.
    return render(request, "surveys/link_invalid.html", status=404)


LINK_GUESS_WINDOW = 60  # seconds


def _wrong_token(request):
    """A personal link that does not open: counted per address; past ~20 a minute the same
    page answers 429. Only failures count, so a school whose teachers share one address keeps
    opening its real links while someone there guesses."""
    within = throttle.hit(
        "personal-link",
        throttle.client_ip(request),
        limit=settings.LINK_GUESS_LIMIT,
        window=LINK_GUESS_WINDOW,
    )
    if not within:
        response = render(request, "surveys/link_invalid.html", status=429)
        response["Retry-After"] = str(LINK_GUESS_WINDOW)
        return response
    return _invalid(request)


def _by_token(token: str) -> Flow | None:
    invitation = find_invitation(token)
    if invitation is None or not responses.invitation_is_open(invitation):
        return None
    return Flow(invitation, "fill", token)


def _mine(request, invitation_id: int) -> Flow:
    staff = getattr(request.user, "staff_member", None)
    invitation = (
        Invitation.objects.select_related(
            "questionnaire__programme__organisation", "staff", "response__version"
        )
        .filter(pk=invitation_id, staff=staff, revoked_at__isnull=True)
        .first()
        if staff
        else None
    )
    if invitation is None or not responses.invitation_is_open(invitation):
        raise Http404
    return Flow(invitation, "fill_mine", invitation_id)


def _client_ip(request) -> str | None:
    return client_address(request)


def _questionnaire(request, flow: Flow):
    invitation = flow.invitation
    response = getattr(invitation, "response", None)
    if response is not None and response.status == ResponseStatus.SUBMITTED:
        return render(request, "surveys/thanks.html", {"invitation": invitation, "already": True})
    # A posted section is checked by the service (ConsentRequired below), once.
    if request.method == "GET" and not consents.has_current_consent(invitation.staff):
        # No consent, or one to a version before a «требует повторного согласия» one.
        return redirect(flow.url("consent"))
    responses.mark_opened(invitation)
    version = responses.invitation_version(invitation)
    all_questions = responses.questions_of(invitation, version=version)
    # The sections that have questions, read with them (select_related): no query of its own.
    sections = sorted(
        {q.section for q in all_questions if q.section is not None}, key=lambda s: s.order
    ) or [None]
    try:
        index = min(max(int(request.GET.get("section", 1)), 1), len(sections))
    except ValueError:
        index = 1
    section = sections[index - 1]
    questions = [q for q in all_questions if section is None or q.section_id == section.pk]
    action = request.POST.get("action") if request.method == "POST" else None
    # A posted form shows what was posted: the stored answers are read for a fresh page only.
    answers = (
        {a.question_id: a.value for a in response.answers.all()}
        if response and action not in ACTIONS | {FIND}
        else {}
    )
    form = SectionForm(
        request.POST if request.method == "POST" else None,
        questions=questions,
        invitation=invitation,
        answers=answers,
        enforce_required=action in ("next", "submit"),
    )
    if action in ACTIONS and form.is_valid():
        try:
            responses.save_answers(
                invitation=invitation,
                data=form.answers(),
                submit=action == "submit",
                questions=all_questions,
            )
        except responses.AlreadySubmitted:
            # A second click of «Отправить» (or another device): the answers are in.
            return render(
                request, "surveys/thanks.html", {"invitation": invitation, "already": True}
            )
        except responses.InvitationClosed:
            return _invalid(request)
        except responses.ConsentRequired:
            return redirect(flow.url("consent"))
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            if action == "submit":
                return redirect(flow.url("thanks"))
            target = {"next": index + 1, "prev": index - 1}.get(action, index)
            if action == "save":
                messages.success(
                    request,
                    "Черновик сохранён. Можно закрыть страницу и вернуться по той же ссылке — "
                    "ответы останутся.",
                )
            return redirect(f"{flow.url('fill')}?section={target}")
    return render(
        request,
        "surveys/fill.html",
        {
            "invitation": invitation,
            "questionnaire": invitation.questionnaire,
            "version": version,
            "section": section,
            "index": index,
            "count": len(sections),
            "percent": round(100 * (index - 1) / len(sections)),
            "form": form,
            "flow": flow,
        },
    )


def _consent(request, flow: Flow):
    invitation = flow.invitation
    form = ConsentForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        # Returns the valid consent there is: a second click or device changes nothing.
        consents.consent_give(
            staff=invitation.staff,
            kind=ConsentKind.PROCESSING,
            channel=ConsentChannel.ONLINE,
            ip_address=_client_ip(request),
            user_agent=request.META.get("HTTP_USER_AGENT", ""),
        )
        return redirect(flow.url("fill"))
    given = consents.valid_consent(invitation.staff)
    if given is not None and not consents.is_outdated(given):
        return redirect(flow.url("fill"))
    text = consents.current_text(
        organisation=invitation.questionnaire.programme.organisation,
        kind=ConsentKind.PROCESSING,
    )
    return render(
        request,
        "surveys/consent.html",
        {
            "invitation": invitation,
            "text": text,
            "form": form,
            "flow": flow,
            "outdated": given,  # given to a version before a «требует повторного согласия»
        },
    )


def _publication(request, flow: Flow):
    """The publication consent from a personal link: her own document, her own choices."""
    return publication_page(request, staff=flow.invitation.staff, flow=flow)


def _withdraw(request, flow: Flow):
    form = WithdrawForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            consents.consent_withdraw(
                staff=flow.invitation.staff,
                kind=ConsentKind.PROCESSING,
                channel=ConsentChannel.ONLINE,
                note="Отозвано педагогом онлайн",
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            return render(request, "surveys/withdrawn.html", {"invitation": flow.invitation})
    return render(
        request,
        "surveys/withdraw.html",
        {"invitation": flow.invitation, "form": form, "flow": flow},
    )


def _thanks(request, flow: Flow):
    return render(request, "surveys/thanks.html", {"invitation": flow.invitation})


def _by_token_view(handler):
    @require_http_methods(["GET", "POST"])
    def view(request, token):
        flow = _by_token(token)
        if flow is None:
            return _wrong_token(request)
        return handler(request, flow)

    return view


def _mine_view(handler):
    @login_required
    @require_http_methods(["GET", "POST"])
    def view(request, invitation_id):
        return handler(request, _mine(request, invitation_id))

    return view


fill = _by_token_view(_questionnaire)
consent = _by_token_view(_consent)
withdraw = _by_token_view(_withdraw)
publication = _by_token_view(_publication)


@require_http_methods(["GET"])
def thanks(request, token):
    invitation = find_invitation(token)
    if invitation is None:
        return _wrong_token(request)
    return _thanks(request, Flow(invitation, "fill", token))


fill_mine = _mine_view(_questionnaire)
fill_mine_consent = _mine_view(_consent)
fill_mine_withdraw = _mine_view(_withdraw)


@login_required
def fill_mine_thanks(request, invitation_id):
    staff = getattr(request.user, "staff_member", None)
    invitation = Invitation.objects.filter(pk=invitation_id, staff=staff).first() if staff else None
    if invitation is None:
        raise Http404
    return _thanks(request, Flow(invitation, "fill_mine", invitation_id))
