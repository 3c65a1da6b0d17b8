"""Pages of the individual development plan: a version with its rows, comments and history;
the mentor's draft (header, rows), the done marks with evidence, sending it to the curator,
the curator's approval or return, a new version of an approved plan, the PDF, and the
evidence files (served only to the pair and its curator)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from common.downloads import file_response
from common.renderer import pdf_response
from pairing.documents import plan_document
from programme.exceptions import DomainError
from programme.uploads import download_name
from programme.validators import is_safe_url
from programme.views.base import save_form

from ..forms.plans import PlanActivityForm, PlanCommentForm, PlanHeaderForm, PlanMarkForm
from ..models import Membership, Plan, PlanActivity, PlanStatus
from ..services import plans as services
from .base import pair_or_404, plan_or_404


def _may_draft(found) -> None:
    if not found.may_draft_plans:
        raise PermissionDenied


def _versions(plan: Plan) -> list[Plan]:
    return list(Plan.objects.filter(membership_id=plan.membership_id).order_by("-number"))


def _plan_page(
    request,
    found,
    plan,
    *,
    header_form=None,
    row_form=None,
    comment_form=None,
    refused_row=None,
    refused_mark=None,
    return_text="",
):
    """The plan page; a refused form (a row's edit or mark, the return) comes back as typed,
    with its error, opened."""
    rows = list(plan.activities.all())
    refused_row = refused_row or (None, None)
    refused_mark = refused_mark or (None, None)
    marking = plan.status != PlanStatus.SUPERSEDED and found.may_draft_plans
    # Only who may draft sees a row's «Изменить» and «Удалить» (a mentee reads the plan).
    editable = plan.is_editable and found.may_draft_plans
    return render(
        request,
        "pairing/plans/plan.html",
        {
            "access": found,
            "pairing": found.pairing,
            "plan": plan,
            "mentee": plan.membership.mentee.staff,
            "rows": [
                {
                    "activity": a,
                    "form": (refused_row[1] if refused_row[0] == a.pk else PlanActivityForm.of(a))
                    if editable
                    else None,
                    "mark": (
                        refused_mark[1]
                        if refused_mark[0] == a.pk
                        else PlanMarkForm(
                            initial={"done_on": a.done_on, "evidence_url": a.evidence_url},
                            prefix=f"m{a.pk}",
                        )
                    )
                    if marking
                    else None,
                    "open_form": refused_row[0] == a.pk,
                    "open_mark": refused_mark[0] == a.pk,
                }
                for a in rows
            ],
            "versions": _versions(plan),
            "header_form": header_form
            or PlanHeaderForm(
                initial={"deficits": plan.deficits, "goal": plan.goal, "tasks": plan.tasks}
            ),
            "row_form": row_form or PlanActivityForm(prefix="new"),
            "comment_form": comment_form or PlanCommentForm(),
            "may_edit": editable,
            "return_text": return_text,
        },
    )


@login_required
def plan_for(request, pk, membership_pk):
    """A mentee's plan in the pair: the version the pair works by; without one, the mentor
    (or curator) starts it with a POST."""
    found = pair_or_404(request, pk)
    membership = get_object_or_404(
        Membership.objects.filter(pairing=found.pairing), pk=membership_pk
    )
    if found.is_mentee and found.membership.pk != membership.pk:
        raise Http404
    versions = list(membership.plans.order_by("-number"))
    current = next((p for p in versions if p.status == PlanStatus.APPROVED), None) or next(
        (p for p in versions if p.status in (PlanStatus.DRAFT, PlanStatus.SUBMITTED)), None
    )
    if request.method == "POST":
        _may_draft(found)
        try:
            plan = services.plan_create(membership=membership, by=request.user)
        except DomainError as error:
            messages.error(request, error.message)
            return redirect("pairing:pair", pk=found.pairing.pk)
        messages.success(
            request, "Черновик плана создан; дефициты взяты из запросов наставляемого."
        )
        return redirect("pairing:plan", pk=plan.pk)
    if current is not None:
        return redirect("pairing:plan", pk=current.pk)
    return render(
        request,
        "pairing/plans/start.html",
        {"access": found, "pairing": found.pairing, "membership": membership},
    )


@login_required
def plan(request, pk):
    found, plan = plan_or_404(request, pk)
    return _plan_page(request, found, plan)


@require_POST
@login_required
def plan_edit(request, pk):
    found, plan = plan_or_404(request, pk)
    _may_draft(found)
    form = PlanHeaderForm(request.POST)
    if save_form(
        request,
        form,
        lambda data: services.plan_update(plan=plan, **data),
        success="План сохранён.",
    ):
        return redirect("pairing:plan", pk=plan.pk)
    return _plan_page(request, found, plan, header_form=form)


@require_POST
@login_required
def plan_activity_add(request, pk):
    found, plan = plan_or_404(request, pk)
    _may_draft(found)
    form = PlanActivityForm(request.POST, prefix="new")
    if save_form(
        request,
        form,
        lambda data: services.plan_activity_save(plan=plan, **data),
        success="Мероприятие добавлено.",
    ):
        return redirect("pairing:plan", pk=plan.pk)
    return _plan_page(request, found, plan, row_form=form)


def _activity(plan: Plan, activity_pk: int) -> PlanActivity:
    return get_object_or_404(PlanActivity.objects.filter(plan=plan), pk=activity_pk)


@require_POST
@login_required
def plan_activity_edit(request, pk, activity_pk):
    found, plan = plan_or_404(request, pk)
    _may_draft(found)
    activity = _activity(plan, activity_pk)
    form = PlanActivityForm(request.POST, prefix=f"a{activity.pk}")
    if save_form(
        request,
        form,
        lambda data: services.plan_activity_save(plan=plan, activity=activity, **data),
        success="Мероприятие изменено.",
    ):
        return redirect("pairing:plan", pk=plan.pk)
    return _plan_page(request, found, plan, refused_row=(activity.pk, form))


@require_POST
@login_required
def plan_activity_delete(request, pk, activity_pk):
    found, plan = plan_or_404(request, pk)
    _may_draft(found)
    try:
        services.plan_activity_delete(activity=_activity(plan, activity_pk))
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Мероприятие удалено из черновика.")
    return redirect("pairing:plan", pk=plan.pk)


@require_POST
@login_required
def plan_activity_mark(request, pk, activity_pk):
    """The done mark and evidence: the mentor or the curator."""
    found, plan = plan_or_404(request, pk)
    _may_draft(found)
    activity = _activity(plan, activity_pk)
    form = PlanMarkForm(request.POST, request.FILES, prefix=f"m{activity.pk}")

    def mark(data):
        return services.plan_activity_mark(
            activity=activity,
            done_on=data["done_on"],
            evidence_file=data["evidence_file"],
            evidence_url=data["evidence_url"],
            clear_file=data["clear_file"],
        )

    if save_form(request, form, mark, success="Отметка сохранена."):
        return redirect("pairing:plan", pk=plan.pk)
    return _plan_page(request, found, plan, refused_mark=(activity.pk, form))


@login_required
def plan_evidence(request, pk, activity_pk):
    """An evidence file, only to the pair and its curator, under its uploaded name."""
    _found, plan = plan_or_404(request, pk)
    activity = _activity(plan, activity_pk)
    if not activity.evidence_file:
        if is_safe_url(activity.evidence_url):
            return redirect(activity.evidence_url.strip())
        raise Http404
    filename = download_name(activity.evidence_file, activity.evidence_name)
    return file_response(activity.evidence_file, filename)


def _act(request, plan, action, success):
    try:
        result = action()
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("pairing:plan", pk=plan.pk)
    messages.success(request, success)
    return redirect("pairing:plan", pk=getattr(result, "pk", plan.pk))


@require_POST
@login_required
def plan_submit(request, pk):
    found, plan = plan_or_404(request, pk)
    _may_draft(found)
    return _act(
        request,
        plan,
        lambda: services.plan_submit(plan=plan),
        "План отправлен куратору на согласование.",
    )


@require_POST
@login_required
def plan_approve(request, pk):
    found, plan = plan_or_404(request, pk)
    if not found.may_approve_plans:
        raise PermissionDenied
    return _act(
        request, plan, lambda: services.plan_approve(plan=plan, by=request.user), "План утверждён."
    )


@require_POST
@login_required
def plan_return(request, pk):
    found, plan = plan_or_404(request, pk)
    if not found.may_approve_plans:
        raise PermissionDenied
    form = PlanCommentForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Напишите, что исправить.")
        return _plan_page(request, found, plan, return_text=request.POST.get("text", ""))
    try:
        services.plan_return(
            plan=plan, by=request.user, author=found.staff, comment=form.cleaned_data["text"]
        )
    except DomainError as error:
        messages.error(request, error.message)
        return _plan_page(request, found, plan, return_text=form.cleaned_data["text"])
    messages.success(request, "План возвращён наставнику на доработку.")
    return redirect("pairing:plan", pk=plan.pk)


@require_POST
@login_required
def plan_new_version(request, pk):
    found, plan = plan_or_404(request, pk)
    _may_draft(found)
    return _act(
        request,
        plan,
        lambda: services.plan_new_version(plan=plan, by=request.user),
        "Создана новая версия плана. Утверждённая действует, пока куратор не утвердит новую.",
    )


@require_POST
@login_required
def plan_comment(request, pk):
    """Anyone of the pair (the mentee above all) and the curator may comment a version."""
    found, plan = plan_or_404(request, pk)
    form = PlanCommentForm(request.POST)
    if save_form(
        request,
        form,
        lambda data: services.plan_comment(
            plan=plan, by=request.user, author=found.staff, text=data["text"]
        ),
        success="Комментарий добавлен.",
    ):
        return redirect("pairing:plan", pk=plan.pk)
    return _plan_page(request, found, plan, comment_form=form)


@login_required
def plan_pdf(request, pk):
    _found, plan = plan_or_404(request, pk)
    return pdf_response(plan_document(plan), request=request)
