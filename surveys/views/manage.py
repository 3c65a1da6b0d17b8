"""The curator's pages of the questionnaires: invitations, results, consents, third-party
input, and a teacher's own list."""

import datetime as dt
from io import BytesIO

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from programme import access
from programme.exceptions import DomainError
from programme.models import MenteeProfile, MentorProfile, StaffMember
from programme.models.org import Role
from programme.resources import escape_formula
from reports.qr import qr_svg
from reports.renderer import pdf_response, render_pdf

from .. import selectors
from ..forms import (
    InvitationCreateForm,
    InvitationOptionsForm,
    PaperConsentForm,
    ThirdPartyForm,
    WithdrawForm,
    WrittenWithdrawalForm,
)
from ..models import (
    Consent,
    ConsentChannel,
    ConsentKind,
    Invitation,
    InvitationStatus,
    QuestionnaireKind,
)
from ..services import consents, invitations
from ..services.responses import invitation_is_open


def _questionnaire(request, pk, qid, *, write=False):
    programme = access.get_programme(request.user, pk, write=write)
    questionnaire = get_object_or_404(programme.questionnaires, pk=qid)
    return programme, questionnaire


@access.reader_required
def questionnaire_list(request, pk):
    programme = access.get_programme(request.user, pk)
    return render(
        request,
        "surveys/questionnaire_list.html",
        {
            "programme": programme,
            "questionnaires": selectors.questionnaires_with_counts(programme),
            "can_manage": access.can_manage(request.user),
        },
    )


def _candidates(programme, data):
    staff = StaffMember.objects.filter(organisation=programme.organisation, is_active=True)
    if data.get("position"):
        staff = staff.filter(position=data["position"])
    if data.get("experience_from") is not None:
        staff = staff.filter(experience_total__gte=data["experience_from"])
    if data.get("experience_to") is not None:
        staff = staff.filter(experience_total__lte=data["experience_to"])
    mentee = MenteeProfile.objects.filter(programme=programme, staff=OuterRef("pk"))
    mentor = MentorProfile.objects.filter(programme=programme, staff=OuterRef("pk"))
    staff = staff.annotate(is_mentee=Exists(mentee), is_mentor=Exists(mentor))
    role = data.get("role")
    if role == "mentee":
        staff = staff.filter(is_mentee=True)
    elif role == "mentor":
        staff = staff.filter(is_mentor=True)
    elif role == "none":
        staff = staff.filter(is_mentee=False, is_mentor=False)
    return staff.order_by("last_name", "first_name")


@access.reader_required
def invitation_list(request, pk, qid):
    programme, questionnaire = _questionnaire(request, pk, qid)
    query = request.GET.copy()
    if questionnaire.assessment_scope and "role" not in query:
        # A self-assessment is answered by its group only: offer that group.
        query["role"] = "mentee" if questionnaire.assessment_scope == "mentees" else "mentor"
    filters = InvitationCreateForm(query)
    data = filters.cleaned_data if filters.is_valid() else {}
    rows = selectors.invitations_of(
        questionnaire,
        status=request.GET.get("status", ""),
        query=request.GET.get("q", ""),
    )
    return render(
        request,
        "surveys/invitation_list.html",
        {
            "programme": programme,
            "questionnaire": questionnaire,
            "rows": rows,
            "filters": filters,
            "candidates": _candidates(programme, data),
            "options": InvitationOptionsForm(),
            "statuses": InvitationStatus.choices,
            "can_manage": access.can_manage(request.user),
            "now": timezone.now(),
        },
    )


@require_POST
@access.manager_required
def invitation_create(request, pk, qid):
    _programme, questionnaire = _questionnaire(request, pk, qid, write=True)
    options = InvitationOptionsForm(request.POST)
    ids = [int(v) for v in request.POST.getlist("staff") if v.isdigit()]
    staff = list(StaffMember.objects.filter(pk__in=ids))
    if not options.is_valid():
        messages.error(request, "Срок действия ссылки — от 1 до 365 дней.")
        return redirect("surveys:invitation_list", pk=pk, qid=qid)
    try:
        created, skipped = invitations.invitations_create(
            questionnaire=questionnaire,
            staff=staff,
            by=request.user,
            expires_at=timezone.now() + dt.timedelta(days=options.cleaned_data["days"]),
            send_email=options.cleaned_data["send_email"],
        )
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("surveys:invitation_list", pk=pk, qid=qid)
    text = f"Создано приглашений: {len(created)}."
    if skipped:
        text += f" У {skipped} уже есть действующая ссылка — им повторно не отправлено."
    no_email = [i.staff.short_name for i in created if not i.staff.email]
    if options.cleaned_data["send_email"]:
        text += f" Письма отправляются: {len(created) - len(no_email)}."
    if no_email:
        text += " Без электронной почты (распечатайте листы-приглашения): " + ", ".join(no_email)
    messages.success(request, text)
    return redirect("surveys:invitation_list", pk=pk, qid=qid)


@require_POST
@access.manager_required
def invitation_revoke(request, pk, qid, invitation_id):
    _programme, questionnaire = _questionnaire(request, pk, qid, write=True)
    invitation = get_object_or_404(questionnaire.invitations, pk=invitation_id)
    try:
        invitations.invitation_revoke(invitation=invitation)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"Ссылка {invitation.staff.short_name} больше не действует.")
    return redirect("surveys:invitation_list", pk=pk, qid=qid)


@require_POST
@access.manager_required
def invitation_remind(request, pk, qid):
    _programme, questionnaire = _questionnaire(request, pk, qid, write=True)
    count = invitations.remind_unsubmitted(questionnaire=questionnaire)
    messages.success(request, f"Напоминания отправляются: {count}.")
    return redirect("surveys:invitation_list", pk=pk, qid=qid)


@access.manager_required
def invitation_sheets(request, pk, qid):
    """Printed invitations: one A4 sheet per person with the link and a QR code."""
    programme, questionnaire = _questionnaire(request, pk, qid, write=True)
    rows = questionnaire.invitations.filter(revoked_at__isnull=True).select_related("staff")
    ids = [int(v) for v in request.GET.getlist("ids") if v.isdigit()]
    rows = rows.filter(pk__in=ids) if ids else rows.exclude(status=InvitationStatus.SUBMITTED)
    sheets = [
        {"invitation": i, "link": invitations.invitation_link(i)}
        for i in rows.order_by("staff__last_name", "staff__first_name")
        if invitation_is_open(i)
    ]
    if not sheets:
        messages.error(request, "Нет действующих приглашений для печати.")
        return redirect("surveys:invitation_list", pk=pk, qid=qid)
    for sheet in sheets:
        sheet["qr"] = qr_svg(sheet["link"])
    document = render_pdf(
        "reports/invitation_sheets.html",
        {"programme": programme, "questionnaire": questionnaire, "sheets": sheets},
        filename=f"invitations-{questionnaire.pk}.pdf",
    )
    return pdf_response(document)


@access.reader_required
def results(request, pk, qid):
    programme, questionnaire = _questionnaire(request, pk, qid)
    data = selectors.questionnaire_results(questionnaire)
    return render(
        request,
        "surveys/results.html",
        {
            "programme": programme,
            "questionnaire": questionnaire,
            "results": data,
            "anonymous": questionnaire.kind in selectors.ANONYMOUS_KINDS,
        },
    )


@access.reader_required
def results_xlsx(request, pk, qid):
    from openpyxl import Workbook

    from ..models import Question, Response, ResponseStatus

    _programme, questionnaire = _questionnaire(request, pk, qid)
    anonymous = questionnaire.kind in selectors.ANONYMOUS_KINDS
    questions = list(
        Question.objects.filter(version__questionnaire=questionnaire)
        .order_by("-version__number", "section__order", "order")
        .prefetch_related("choices")
    )
    columns: dict[str, str] = {}
    for question in questions:
        columns.setdefault(question.code or f"q{question.pk}", question.text)
    competencies, people = selectors._label_maps(questionnaire)
    book = Workbook()
    sheet = book.active
    sheet.title = "Ответы"
    header = ["№", "Версия", "Отправлена"]
    if not anonymous:
        header.insert(1, "Респондент")
    sheet.append(header + list(columns.values()))
    submitted = (
        Response.objects.filter(
            version__questionnaire=questionnaire, status=ResponseStatus.SUBMITTED
        )
        .select_related("version", "respondent")
        .prefetch_related("answers__question__choices")
        .order_by("submitted_at")
    )
    for number, response in enumerate(submitted, start=1):
        values = {
            a.question.code or f"q{a.question_id}": selectors.render_value(a, competencies, people)
            for a in response.answers.all()
        }
        row = [
            number,
            response.version.number,
            timezone.localtime(response.submitted_at).strftime("%d.%m.%Y %H:%M"),
        ]
        if not anonymous:
            row.insert(1, response.respondent.full_name if response.respondent else "обезличено")
        sheet.append([escape_formula(v) for v in row + [values.get(code, "") for code in columns]])
    buffer = BytesIO()
    book.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="answers-{questionnaire.pk}.xlsx"'
    return response


@access.reader_required
def consent_list(request, pk):
    programme = access.get_programme(request.user, pk)
    staff_qs = StaffMember.objects.filter(organisation=programme.organisation, is_active=True)
    records = (
        Consent.objects.filter(organisation=programme.organisation)
        .select_related("staff", "text", "recorded_by")
        .order_by("staff__last_name", "-given_at")
    )
    paper = PaperConsentForm(staff_queryset=staff_qs)
    written = WrittenWithdrawalForm(staff_queryset=staff_qs)
    if request.method == "POST":
        if not access.can_manage(request.user):
            raise PermissionDenied
        if request.POST.get("action") == "paper":
            paper = PaperConsentForm(request.POST, request.FILES, staff_queryset=staff_qs)
            if paper.is_valid():
                try:
                    consents.consent_give(
                        staff=paper.cleaned_data["staff"],
                        kind=paper.cleaned_data["kind"],
                        channel=ConsentChannel.PAPER,
                        scan=paper.cleaned_data["scan"],
                        recorded_by=request.user,
                    )
                except DomainError as error:
                    paper.add_error(None, error.message)
                else:
                    messages.success(request, "Бумажное согласие внесено.")
                    return redirect("surveys:consent_list", pk=pk)
        elif request.POST.get("action") == "withdraw":
            written = WrittenWithdrawalForm(request.POST, staff_queryset=staff_qs)
            if written.is_valid():
                try:
                    consents.consent_withdraw(
                        staff=written.cleaned_data["staff"],
                        kind=written.cleaned_data["kind"],
                        channel=ConsentChannel.PAPER,
                        note=written.cleaned_data["note"],
                        by=request.user,
                    )
                except DomainError as error:
                    written.add_error(None, error.message)
                else:
                    messages.success(request, "Отзыв согласия зарегистрирован; ответы обезличены.")
                    return redirect("surveys:consent_list", pk=pk)
    return render(
        request,
        "surveys/consent_list.html",
        {
            "programme": programme,
            "records": records,
            "paper": paper,
            "written": written,
            "can_manage": access.can_manage(request.user),
        },
    )


@access.reader_required
def consent_scan(request, pk, consent_id):
    programme = access.get_programme(request.user, pk)
    consent = get_object_or_404(
        Consent.objects.filter(organisation=programme.organisation).exclude(scan=""),
        pk=consent_id,
    )
    from django.http import FileResponse

    return FileResponse(consent.scan.open("rb"), as_attachment=True)


THIRD_PARTY_ROLES = (Role.PSYCHOLOGIST, Role.HEAD, Role.CURATOR)


@login_required
def third_party(request, pk):
    """A psychologist or the head adds what they know of a consented teacher's needs (2.2)."""
    user = request.user
    if user.role not in THIRD_PARTY_ROLES and not user.is_superuser:
        raise PermissionDenied
    programme = access.programmes_for(user).filter(pk=pk).first()
    if programme is None or programme.organisation_id != user.organisation_id:
        raise Http404
    me = getattr(user, "staff_member", None)
    consented = StaffMember.objects.filter(
        organisation=programme.organisation,
        consents__kind=ConsentKind.PROCESSING,
        consents__withdrawn_at__isnull=True,
    ).distinct()
    if me:
        consented = consented.exclude(pk=me.pk)
    form = ThirdPartyForm(
        request.POST if request.method == "POST" else None, staff_queryset=consented
    )
    questionnaire = programme.questionnaires.filter(kind=QuestionnaireKind.THIRD_PARTY).first()
    if request.method == "POST" and form.is_valid():
        if me is None or questionnaire is None:
            form.add_error(None, "Ваша учётная запись не связана с карточкой педагога.")
        else:
            invitation = _third_party_invitation(
                questionnaire, me, form.cleaned_data["subject"], user
            )
            return redirect("surveys:fill_mine", invitation_id=invitation.pk)
    return render(request, "surveys/third_party.html", {"programme": programme, "form": form})


def _third_party_invitation(questionnaire, me, subject, user) -> Invitation:
    existing = (
        Invitation.objects.filter(
            questionnaire=questionnaire, staff=me, subject=subject, revoked_at__isnull=True
        )
        .exclude(status=InvitationStatus.SUBMITTED)
        .first()
    )
    if existing and invitation_is_open(existing):
        return existing
    created, _skipped = invitations.invitations_create(
        questionnaire=questionnaire,
        staff=[me],
        subject=subject,
        by=user,
        expires_at=timezone.now() + dt.timedelta(days=30),
    )
    return created[0]


@access.reader_required
def side_by_side(request, pk, staff_id):
    programme = access.get_programme(request.user, pk)
    staff = get_object_or_404(
        StaffMember.objects.filter(organisation=programme.organisation), pk=staff_id
    )
    return render(
        request,
        "surveys/side_by_side.html",
        {
            "programme": programme,
            "staff": staff,
            "columns": selectors.side_by_side(programme, staff),
        },
    )


@login_required
def my_questionnaires(request):
    staff = getattr(request.user, "staff_member", None)
    return render(
        request,
        "surveys/my_questionnaires.html",
        {
            "staff": staff,
            "invitations": selectors.my_invitations(staff) if staff else [],
            "has_consent": consents.has_valid_consent(staff) if staff else False,
        },
    )


@login_required
def my_consent_withdraw(request):
    staff = getattr(request.user, "staff_member", None)
    if staff is None:
        raise Http404
    form = WithdrawForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            consents.consent_withdraw(
                staff=staff,
                kind=ConsentKind.PROCESSING,
                channel=ConsentChannel.ONLINE,
                note="Отозвано педагогом на своей странице",
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            return render(request, "surveys/withdrawn.html", {})
    return render(request, "surveys/withdraw.html", {"form": form})


@require_POST
@access.manager_required
def self_assessment_start(request, pk, round_pk, scope):
    """From the score grid: ask the group to assess themselves with a questionnaire."""
    from programme.models import AssessmentRound

    from ..services.self_assessment import self_assessment_questionnaire

    programme = access.get_programme(request.user, pk, write=True)
    assessment_round = get_object_or_404(
        AssessmentRound.objects.filter(programme=programme), pk=round_pk
    )
    try:
        questionnaire = self_assessment_questionnaire(round=assessment_round, scope=scope)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("programme:score_grid", pk=pk, round_pk=round_pk, scope=scope)
    messages.success(
        request,
        "Анкета самооценки готова. Выберите участников и создайте приглашения: "
        "их ответы станут оценками в таблице.",
    )
    return redirect("surveys:invitation_list", pk=pk, qid=questionnaire.pk)
