"""Getting in without a password: asking for a sign-in link on the login page, following it,
and the curator's printed sheets with QR codes.

The request answers the same, in the same time, whatever the address (nobody learns who works
here: the lookup and the letter are the background task's), and both the request and the link
are throttled per address and per device in the cache (`mentoring.throttle`, the same counter
as for questionnaire links)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from common.renderer import pdf_response
from mentoring import throttle
from programme import access
from programme.exceptions import DomainError

from ..forms.signin import SignInRequestForm, SignInSheetsForm
from ..selectors import signin as selectors
from ..services import signin as services

# Per network address: 30 requests in 15 minutes (a kindergarten's staff share one address);
# per email address: 3 letters an hour (more are not sent, the answer stays the same). Wrong
# tokens: counted per network address as for questionnaire links (LINK_GUESS_LIMIT a minute),
# failures only, so real links keep opening from an address where someone guesses.
REQUESTS_PER_IP, REQUEST_WINDOW = 30, 15 * 60
LETTERS_PER_EMAIL, LETTER_WINDOW = 3, 60 * 60
GUESS_WINDOW = 60
NEUTRAL_ANSWER = (
    "Если этот адрес указан в карточке педагога, на него отправлено письмо со ссылкой для "
    "входа. Ссылка действует 30 минут и срабатывает один раз. Письма нет — проверьте папку "
    "«Спам» или обратитесь к куратору программы за листом со ссылкой."
)


@require_http_methods(["GET", "POST"])
def signin_request(request):
    form = SignInRequestForm(request.POST or None)
    if request.method == "POST":
        if not throttle.hit(
            "signin-request",
            throttle.client_ip(request),
            limit=REQUESTS_PER_IP,
            window=REQUEST_WINDOW,
        ):
            return render(request, "pairing/signin/throttled.html", status=429)
        if form.is_valid():
            email = form.cleaned_data["email"].strip().lower()
            if throttle.hit("signin-letters", email, limit=LETTERS_PER_EMAIL, window=LETTER_WINDOW):
                services.signin_links_ask(email=email)
            return render(
                request, "pairing/signin/request.html", {"form": None, "answer": NEUTRAL_ANSWER}
            )
    return render(request, "pairing/signin/request.html", {"form": form})


def _invalid(request):
    """The same page for unknown, used and expired links: nothing to probe. Past the limit of
    wrong tokens a minute it answers 429."""
    within = throttle.hit(
        "signin-link",
        throttle.client_ip(request),
        limit=settings.LINK_GUESS_LIMIT,
        window=GUESS_WINDOW,
    )
    response = render(request, "pairing/signin/invalid.html", status=404 if within else 429)
    if not within:
        response["Retry-After"] = str(GUESS_WINDOW)
    return response


@require_http_methods(["GET", "POST"])
def signin(request, token):
    """The link opens a page with one button: mail scanners that open links in advance do not
    spend it; the teacher's tap does."""
    link = services.find_link(token)
    if link is None:
        return _invalid(request)
    if request.method == "POST":
        user = services.signin_link_use(token=token)
        if user is None:
            return _invalid(request)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, "Вы вошли. Эта ссылка больше не действует.")
        return redirect("programme:my_page")
    return render(request, "pairing/signin/confirm.html", {"link": link})


@access.manager_required
def signin_sheets(request, pk):
    """Printed sheets with a one-time sign-in link and QR code, for teachers without email."""
    programme = access.get_programme(request.user, pk, write=True)
    people = selectors.sheet_people(programme)
    form = SignInSheetsForm(
        request.POST or None,
        people=people,
        initial={"staff": selectors.default_sheet_people(people)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            document = services.signin_sheets(
                programme=programme, staff=list(form.cleaned_data["staff"]), by=request.user
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            return pdf_response(document, inline=False)
    return render(
        request,
        "pairing/signin/sheets.html",
        {"programme": programme, "form": form, "people": people},
    )
