"""Pages of 5.4: the programme's orders, the draft with its details and the appendix preview,
registering the signed order, the notices, and a pairing's page with its later changes.

Only managers of the organisation (curator, head) open them: they name people, so the
regional coordinator does not (he reads the anonymous progress on the dashboard)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from common.renderer import Document, pdf_response
from pairing import documents
from programme import access
from programme.exceptions import DomainError
from programme.views.base import save_form

from ..forms.orders import (
    MembershipLeaveForm,
    NoticePrintForm,
    OrderForm,
    OrderRegisterForm,
    PairingTerminateForm,
)
from ..models import Membership, Order, Pairing, PairingStatus
from ..selectors import orders as selectors
from ..selectors.pairings import programme_pairing
from ..services import notices as notice_services
from ..services import orders as services
from ..services import pairings as pairing_services


def _order(programme, order_pk) -> Order:
    return get_object_or_404(
        Order.objects.filter(programme=programme).select_related(
            "amends", "monitor", "registered_by"
        ),
        pk=order_pk,
    )


def _pairing(programme, pairing_pk) -> Pairing:
    try:
        return programme_pairing(programme, pairing_pk)
    except Pairing.DoesNotExist:
        raise Http404 from None


@access.manager_required
def order_list(request, pk):
    programme = access.get_programme(request.user, pk, write=True)
    draft, groups = selectors.programme_orders(programme)
    pairings = selectors.programme_pairings(programme)
    return render(
        request,
        "pairing/orders/order_list.html",
        {
            "programme": programme,
            "draft": draft,
            "groups": groups,
            "pairings": pairings,
            "pending": selectors.pending_summary(pairings),
        },
    )


@require_POST
@access.manager_required
def order_draft(request, pk):
    programme = access.get_programme(request.user, pk, write=True)
    try:
        order = services.order_draft(programme=programme, by=request.user)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("pairing:order_list", pk=programme.pk)
    messages.success(request, "Проект приказа сформирован по утверждённым парам и изменениям.")
    return redirect("pairing:order_detail", pk=programme.pk, order_pk=order.pk)


def _detail_page(request, programme, order, *, form=None, register_form=None):
    if form is None:
        form = OrderForm(instance=order, organisation=programme.organisation)
    return render(
        request,
        "pairing/orders/order_detail.html",
        {
            "programme": programme,
            "order": order,
            "form": form,
            "register_form": register_form or OrderRegisterForm(),
            "print_form": NoticePrintForm(),
            "items": selectors.order_items(order),
            "notices": selectors.order_notices(order) if order.is_registered else [],
        },
    )


@access.manager_required
def order_detail(request, pk, order_pk):
    """The draft's details with a preview of its appendix; a registered order read-only."""
    programme = access.get_programme(request.user, pk, write=True)
    order = _order(programme, order_pk)
    form = OrderForm(
        request.POST or None,
        # A copy: a valid form writes its values into its instance, the page shows the order.
        instance=_order(programme, order_pk),
        organisation=programme.organisation,
    )
    saved = save_form(
        request,
        form,
        lambda data: services.order_update(order=order, **data),
        success="Проект приказа сохранён.",
    )
    if saved:
        return redirect("pairing:order_detail", pk=programme.pk, order_pk=order.pk)
    return _detail_page(request, programme, order, form=form)


@access.manager_required
def order_pdf(request, pk, order_pk):
    """The registered order as it was issued (the stored bytes), or the draft rendered now."""
    programme = access.get_programme(request.user, pk, write=True)
    order = _order(programme, order_pk)
    if order.is_registered and order.pdf:
        with order.pdf.open("rb") as stored:
            content = stored.read()
        document = Document(filename=documents.order_filename(order), content=content)
        return pdf_response(document, request=request)
    return pdf_response(documents.order_document(order), request=request)


@require_POST
@access.manager_required
def order_register(request, pk, order_pk):
    programme = access.get_programme(request.user, pk, write=True)
    order = _order(programme, order_pk)
    register_form = OrderRegisterForm(request.POST)
    if not register_form.is_valid():
        return _detail_page(request, programme, order, register_form=register_form)
    try:
        order = services.order_register(order=order, by=request.user)
    except DomainError as error:
        # Shown at the form, whose ticks stay as they were.
        register_form.add_error(None, error.message)
        return _detail_page(request, programme, order, register_form=register_form)
    else:
        messages.success(
            request,
            f"{services.order_label(order)} {services.registered_word(order.kind)}. "
            "Пары действуют, участникам "
            "с электронной почтой отправлены уведомления.",
        )
    return redirect("pairing:order_detail", pk=programme.pk, order_pk=order.pk)


@require_POST
@access.manager_required
def order_notices_print(request, pk, order_pk):
    programme = access.get_programme(request.user, pk, write=True)
    order = _order(programme, order_pk)
    form = NoticePrintForm(request.POST)
    everyone = form.is_valid() and form.cleaned_data["everyone"]
    try:
        document = notice_services.notices_print(order=order, everyone=everyone)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("pairing:order_detail", pk=programme.pk, order_pk=order.pk)
    return pdf_response(document, request=request)


def _pairing_page(request, programme, pairing, *, terminate_form=None, leave_form=None):
    """The page with one «Исключить» form per mentee and the «Прекратить» form: each with ids
    of its own (auto_id), so that no two fields on the page share an id or a label."""
    members = list(pairing.members.all())
    for member in members:
        member.leave_form = (
            leave_form
            if leave_form is not None and leave_form.membership_pk == member.pk
            else MembershipLeaveForm(auto_id=f"leave-{member.pk}-%s")
        )
    return render(
        request,
        "pairing/pairing_detail.html",
        {
            "programme": programme,
            "pairing": pairing,
            "members": members,
            "order_items": selectors.pairing_orders(pairing),
            "terminate_form": terminate_form or PairingTerminateForm(auto_id="terminate-%s"),
        },
    )


@access.manager_required
def pairing_detail(request, pk, pairing_pk):
    """A pairing's page: people, form, term, status, the orders that concern it."""
    programme = access.get_programme(request.user, pk, write=True)
    return _pairing_page(request, programme, _pairing(programme, pairing_pk))


@require_POST
@access.manager_required
def pairing_terminate(request, pk, pairing_pk):
    programme = access.get_programme(request.user, pk, write=True)
    pairing = _pairing(programme, pairing_pk)
    form = PairingTerminateForm(request.POST, auto_id="terminate-%s")
    saved = save_form(
        request,
        form,
        lambda data: pairing_services.pairing_terminate(pairing=pairing, **data),
        success=lambda p: (
            "Наставничество прекращено досрочно. Изменение войдёт в следующий приказ."
            if p.status == PairingStatus.TERMINATED
            else f"Пара действует до {p.ended_on:%d.%m.%Y} и в этот день будет прекращена "
            "досрочно; куратор, заведующий и участники уведомлены."
        ),
    )
    if saved:
        return redirect("pairing:pairing_detail", pk=programme.pk, pairing_pk=pairing.pk)
    return _pairing_page(request, programme, pairing, terminate_form=form)


@require_POST
@access.manager_required
def pairing_restore(request, pk, pairing_pk):
    """Undo an early end made by mistake, while no amendment order has recorded it."""
    programme = access.get_programme(request.user, pk, write=True)
    pairing = _pairing(programme, pairing_pk)
    try:
        pairing_services.pairing_restore(pairing=pairing)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Пара восстановлена: досрочное прекращение отменено.")
    return redirect("pairing:pairing_detail", pk=programme.pk, pairing_pk=pairing.pk)


@require_POST
@access.manager_required
def membership_leave(request, pk, pairing_pk, membership_pk):
    programme = access.get_programme(request.user, pk, write=True)
    pairing = _pairing(programme, pairing_pk)
    membership = get_object_or_404(Membership.objects.filter(pairing=pairing), pk=membership_pk)
    form = MembershipLeaveForm(request.POST, auto_id=f"leave-{membership.pk}-%s")
    form.membership_pk = membership.pk
    saved = save_form(
        request,
        form,
        lambda data: pairing_services.membership_leave(membership=membership, **data),
        success="Наставляемый исключён из пары. Изменение войдёт в следующий приказ.",
    )
    if saved:
        return redirect("pairing:pairing_detail", pk=programme.pk, pairing_pk=pairing.pk)
    return _pairing_page(request, programme, pairing, leave_form=form)
