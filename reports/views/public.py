"""The public page (7.6) at /o/<slug>/ and its Atom feed, without login, for the kindergarten's
site and its partners' sites; and the managers' page that switches it on. Never cached: a
withdrawn consent takes a person off the very next response."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from common.downloads import file_response
from common.formatting import count_ru
from programme import access
from programme.exceptions import DomainError
from programme.models import StaffMember

from ..forms.public import PublicPageForm
from ..models import PublicPage
from ..selectors import public as selectors
from ..services import public as services

NOINDEX = "noindex, nofollow"


def _no_store(response: HttpResponse, page: PublicPage) -> HttpResponse:
    # never_cache sets max-age=0 and no-store; «private» keeps shared caches off it too.
    response["Cache-Control"] = "no-store, no-cache, must-revalidate, private, max-age=0"
    if page.noindex:
        response["X-Robots-Tag"] = NOINDEX
    return response


def _page_or_404(slug: str) -> PublicPage:
    page = selectors.public_page_for(slug)
    if page is None:
        raise Http404
    return page


@require_GET
@never_cache
def public_page(request, slug):
    """The programme's results in figures, its best mentors, its published cases."""
    page = _page_or_404(slug)
    view = selectors.public_view(page)
    response = render(
        request,
        "reports/public/page.html",
        {"view": view, "noindex": page.noindex, "robots": NOINDEX},
    )
    return _no_store(response, page)


def _results_text(view) -> str:
    figures = view.figures
    lines = [
        f"Пар: {figures.pairs}, завершили работу: {figures.completed}, цель достигнута "
        f"полностью: {figures.goal_achieved}.",
        f"Наставников: {figures.mentors}, наставляемых: {figures.mentees}.",
    ]
    for item in figures.satisfaction:
        lines.append(
            f"Удовлетворённость ({item.label.lower()}): {item.mean} из 10, "
            + count_ru(item.responses, "ответ", "ответа", "ответов")
            + "."
        )
    for award in view.awards:
        lines.append(f"{award.nomination}: {award.person.label}.")
    return "\n".join(lines)


def _case_text(item) -> str:
    case = item.case
    parts = [person.label for person in item.people]
    for label, text in (
        ("Проблема", case.problem),
        ("Цель", case.goal),
        ("Что сделано", case.what_was_done),
        ("Результаты", case.results),
        ("Выводы", case.lessons),
    ):
        if text.strip():
            parts.append(f"{label}: {text.strip()}")
    return "\n\n".join(parts)


@require_GET
@never_cache
def public_feed(request, slug):
    """Atom: the newest programme's results and the published cases, under the same consent
    rules as the page (partners' sites show it)."""
    page = _page_or_404(slug)
    view = selectors.public_view(page)
    organisation = view.organisation
    link = request.build_absolute_uri(reverse("reports:public_page", args=[slug]))
    feed = Atom1Feed(
        title=f"{organisation.short_name}: наставничество педагогов",
        link=link,
        description="Итоги программы наставничества и кейсы наставнических пар",
        language="ru",
        feed_url=request.build_absolute_uri(),
        author_name=organisation.short_name,
    )
    if view.programme is not None and view.figures is not None:
        feed.add_item(
            title=f"Итоги: {view.programme.title}",
            link=f"{link}#results",
            unique_id=f"{link}#results-{view.programme.pk}",
            description=_results_text(view),
            updateddate=view.page.updated_at,
            pubdate=view.page.updated_at,
        )
    for item in view.cases:
        case = item.case
        feed.add_item(
            title=f"Кейс: {case.title}",
            link=f"{link}#case-{case.pk}",
            unique_id=f"{link}#case-{case.pk}",
            description=_case_text(item),
            pubdate=case.published_at,
            updateddate=case.updated_at,
        )
    response = HttpResponse(content_type="application/atom+xml; charset=utf-8")
    feed.write(response, "utf-8")
    return _no_store(response, page)


@access.manager_required
def public_settings(request):
    """Switch the organisation's public page on or off, and noindex."""
    organisation = access.user_organisation(request.user)
    page = PublicPage.objects.filter(organisation=organisation).first() or PublicPage(
        organisation=organisation
    )
    form = PublicPageForm(request.POST or None, instance=page)
    if request.method == "POST" and form.is_valid():
        services.public_page_save(organisation=organisation, **form.cleaned_data)
        messages.success(
            request,
            "Публичная страница открыта." if form.cleaned_data["enabled"] else "Страница закрыта.",
        )
        return redirect("reports:public_settings")
    return render(
        request,
        "reports/public/settings.html",
        {
            "form": form,
            "page": page,
            "organisation": organisation,
            "public_url": services.public_page_url(organisation),
            "photo_people": selectors.photo_people(organisation),
            "photo_accept": services.PHOTO_RULE.accept,
        },
    )


@require_GET
@never_cache
def public_photo(request, slug, staff_pk):
    """Her photo, only while the page is on and her consent allows a photo — now."""
    page = _page_or_404(slug)
    photo = selectors.public_photo(page.organisation, staff_pk)
    if photo is None or not photo.image:
        raise Http404
    extension = photo.image.name.rsplit(".", 1)[-1].lower()
    try:
        response = file_response(photo.image, f"Фотография.{extension}", inline=True)
    except FileNotFoundError:
        raise Http404 from None
    return _no_store(response, page)


def _staff(request, staff_pk):
    organisation = access.user_organisation(request.user)
    return organisation, get_object_or_404(StaffMember, organisation=organisation, pk=staff_pk)


@require_POST
@access.manager_required
def public_photo_upload(request, staff_pk):
    organisation, staff = _staff(request, staff_pk)
    upload = request.FILES.get("photo")
    if upload is None:
        messages.error(request, "Выберите файл с фотографией.")
        return redirect("reports:public_settings")
    try:
        services.public_photo_save(organisation=organisation, staff=staff, upload=upload)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Фотография загружена: {staff.short_name}.")
    return redirect("reports:public_settings")


@require_POST
@access.manager_required
def public_photo_delete(request, staff_pk):
    organisation, staff = _staff(request, staff_pk)
    services.public_photo_delete(organisation=organisation, staff=staff)
    messages.success(request, f"Фотография удалена: {staff.short_name}.")
    return redirect("reports:public_settings")
