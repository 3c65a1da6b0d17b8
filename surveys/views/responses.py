"""Pages of the answers: results with charts and export, third-party input (2.2), a mentee's
answers side by side."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from common.downloads import name_download
from programme import access
from programme.models import StaffMember
from programme.models.org import Role
from programme.resources import escape_formula
from programme.services.audit import log_download
from programme.spreadsheets import excel_datetime, finish_sheet, workbook_bytes

from .. import selectors
from ..forms import (
    ThirdPartyForm,
)
from ..models import (
    ConsentKind,
    QuestionnaireKind,
)
from ..services import invitations
from .questionnaires import questionnaire_for


@access.reader_required
def results(request, pk, qid):
    programme, questionnaire = questionnaire_for(request, pk, qid)
    anonymous = questionnaire.kind in selectors.ANONYMOUS_KINDS
    if not anonymous and not access.can_see_names(request.user):
        # The regional coordinator reads the anonymous summaries (feedback, satisfaction,
        # quality) only: the other questionnaires' answers are about named people.
        raise PermissionDenied
    data = selectors.questionnaire_results(questionnaire)
    return render(
        request,
        "surveys/results.html",
        {
            "programme": programme,
            "questionnaire": questionnaire,
            "results": data,
            "anonymous": anonymous,
            "can_see_names": access.can_see_names(request.user),
        },
    )


@access.reader_required
def results_open(request, pk, qid, code):
    """Every open answer to one question, fifty to a page: by text in an anonymous summary,
    newest first in the others."""
    programme, questionnaire = questionnaire_for(request, pk, qid)
    anonymous = questionnaire.kind in selectors.ANONYMOUS_KINDS
    if not anonymous and not access.can_see_names(request.user):
        raise PermissionDenied
    found = selectors.open_answers(questionnaire, code)
    if found is None:
        raise Http404
    question, texts = found
    submitted = selectors.questionnaire_submitted_count(questionnaire)
    if submitted < selectors.ANONYMITY_THRESHOLD:
        raise Http404
    page = Paginator(texts, selectors.OPEN_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "surveys/results_open.html",
        {
            "programme": programme,
            "questionnaire": questionnaire,
            "question": question,
            "page": page,
            "by_text": anonymous,
        },
    )


@access.named_data_required
def results_xlsx(request, pk, qid):
    from openpyxl import Workbook

    from ..models import Question, Response, ResponseStatus

    _programme, questionnaire = questionnaire_for(request, pk, qid)
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
    # A questionnaire summarised without names is exported without anything that follows the
    # order of answering (no time, rows sorted by their answers): the curator's list of who
    # answered, and when, must not line up with a row.
    header = ["№", "Версия"] if anonymous else ["№", "Версия", "Отправлена"]
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
    rows = []
    for response in submitted:
        values = {
            a.question.code or f"q{a.question_id}": selectors.export_value(a, competencies, people)
            for a in response.answers.all()
        }
        answers = [values.get(code, "") for code in columns]
        if anonymous:
            rows.append([response.version.number, *answers])
            continue
        rows.append(
            [
                response.respondent.full_name if response.respondent else "обезличено",
                response.version.number,
                # An anonymised response keeps its date only (withdrawal of consent).
                timezone.localtime(response.submitted_at).date()
                if response.anonymised_at
                else excel_datetime(response.submitted_at),
                *answers,
            ]
        )
    if anonymous:
        rows.sort(key=lambda row: [str(value) for value in row])
    for number, row in enumerate(rows, start=1):
        sheet.append([escape_formula(v) for v in [number, *row]])
    finish_sheet(sheet, frozen_columns=1)
    response = HttpResponse(
        workbook_bytes(book),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    filename = f"Ответы — {questionnaire.title}.xlsx"
    name_download(response, filename)
    log_download(obj=questionnaire, what=filename)  # named answers left the system
    return response


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
            invitation = invitations.third_party_invitation(
                questionnaire=questionnaire,
                author=me,
                subject=form.cleaned_data["subject"],
                by=user,
            )
            return redirect("surveys:fill_mine", invitation_id=invitation.pk)
    return render(request, "surveys/third_party.html", {"programme": programme, "form": form})


@access.named_data_required
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
