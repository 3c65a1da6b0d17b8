"""The public join page behind the announcement's QR code."""

from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_http_methods

from mentoring import throttle
from pairing.views import signin as signin_views
from programme.exceptions import DomainError
from programme.models import Organisation
from surveys import selectors as survey_selectors
from surveys.services import join as join_services

from ..forms.join import JoinEmailForm, JoinNameForm
from ..selectors import programmes as selectors

# The join page asks the same as the login page's sign-in request, and is throttled alike:
# per network address the same counter, per email address the same letters an hour. Names
# left for the curator: at most NAMES_PER_ORGANISATION an hour per kindergarten (a flood
# stops there; the answer stays the same).
NAMES_PER_ORGANISATION, NAMES_WINDOW = 40, 60 * 60
EMAIL_ANSWER = (
    "Если этот адрес указан в списке педагогов детского сада, на него отправлено письмо с "
    "личной ссылкой на анкету. Письма нет — проверьте папку «Спам» или оставьте ниже "
    "фамилию и имя: куратор выдаст лист со ссылкой."
)
NAME_ANSWER = (
    "Спасибо! Куратор программы получит вашу просьбу и выдаст вам лист-приглашение с личной "
    "ссылкой на анкету и QR-кодом. Если вас ещё нет в списке педагогов, куратор внесёт вас "
    "в него."
)


@require_http_methods(["GET", "POST"])
def join(request, slug):
    """Public page behind the announcement's QR code: no login, nothing about the staff but
    the curator's name. A teacher gets her personal questionnaire link by email (her address
    in the staff list) or leaves her name for the curator; both answers are the same whatever
    was found."""
    organisation = get_object_or_404(Organisation, slug=slug)
    programme = selectors.current_programme(organisation)
    event = selectors.informing_event(programme) if programme else None
    questionnaire = survey_selectors.join_questionnaire(programme) if programme else None
    email_form = JoinEmailForm(prefix="email")
    name_form = JoinNameForm(prefix="name")
    answer = ""
    if request.method == "POST" and questionnaire is not None:
        if not throttle.hit(
            "signin-request",
            throttle.client_ip(request),
            limit=signin_views.REQUESTS_PER_IP,
            window=signin_views.REQUEST_WINDOW,
        ):
            return render(request, "pairing/signin/throttled.html", status=429)
        if request.POST.get("action") == "email":
            email_form = JoinEmailForm(request.POST, prefix="email")
            if email_form.is_valid():
                email = email_form.cleaned_data["email"].strip().lower()
                if throttle.hit(
                    "signin-letters",
                    email,
                    limit=signin_views.LETTERS_PER_EMAIL,
                    window=signin_views.LETTER_WINDOW,
                ):
                    join_services.join_link_request(programme=programme, email=email)
                answer = EMAIL_ANSWER
                email_form = JoinEmailForm(prefix="email")
        elif request.POST.get("action") == "name":
            name_form = JoinNameForm(request.POST, prefix="name")
            if name_form.is_valid():
                try:
                    if throttle.hit(
                        "join-names",
                        str(organisation.pk),
                        limit=NAMES_PER_ORGANISATION,
                        window=NAMES_WINDOW,
                    ):
                        join_services.join_request_leave(
                            programme=programme, **name_form.cleaned_data
                        )
                except DomainError as error:
                    name_form.add_error(None, error.message)
                else:
                    answer = NAME_ANSWER
                    name_form = JoinNameForm(prefix="name")
    return render(
        request,
        "reports/join.html",
        {
            "organisation": organisation,
            "programme": programme,
            "event": event,
            "questionnaire": questionnaire,
            "email_form": email_form,
            "name_form": name_form,
            "answer": answer,
        },
    )
