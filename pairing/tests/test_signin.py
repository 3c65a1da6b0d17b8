"""Getting in without a password: a one-time sign-in link by email or on a printed sheet."""

import datetime as dt
import re

import pytest
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from pairing.models import SignInLink
from pairing.services import signin as services
from pairing.services.base import hash_token
from tests.factories import StaffMemberFactory, UserFactory
from tests.factories_pair_work import active_pairs, mentee_of

from .test_orders import pdf_text

REQUEST = "/signin/"


@pytest.fixture
def teacher_without_login(org):
    return StaffMemberFactory(
        organisation=org, last_name="Журавлёва", email="zhuravleva@example.org"
    )


def _link_in(message) -> str:
    return re.search(r"http://testserver(/signin/[^/\s]+/)", message.body).group(1)


def _ask(client, email):
    return client.post(REQUEST, {"email": email})


def test_a_link_asked_on_the_login_page_signs_the_teacher_in_once(
    client, teacher_without_login, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        answer = _ask(client, "Zhuravleva@Example.org")

    assert answer.status_code == 200
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["zhuravleva@example.org"]
    path = _link_in(mail.outbox[0])
    assert client.get(path).status_code == 200  # the page with the button: nothing spent yet
    assert SignInLink.objects.get().used_at is None

    signed_in = client.post(path)

    assert signed_in.status_code == 302 and signed_in["Location"] == reverse("programme:my_page")
    teacher_without_login.refresh_from_db()
    user = teacher_without_login.user
    assert user is not None and not user.has_usable_password() and user.role == "teacher"
    assert str(client.session[SESSION_KEY]) == str(user.pk)
    again = Client().post(path)
    assert again.status_code == 404
    assert SESSION_KEY not in again.wsgi_request.session


def test_the_link_is_stored_only_as_a_hash(client, teacher_without_login):
    link = services.signin_link_create(staff=teacher_without_login, channel="email")
    token = services.link_token(link)

    stored = SignInLink.objects.filter(pk=link.pk).values().get()
    assert all(token not in str(value) for value in stored.values())
    assert stored["token_hash"] == hash_token(token)
    assert services.find_link(token) == link


def test_an_expired_link_does_not_sign_in(client, teacher_without_login):
    link = services.signin_link_create(staff=teacher_without_login, channel="email")
    SignInLink.objects.filter(pk=link.pk).update(
        expires_at=timezone.now() - dt.timedelta(minutes=1)
    )
    path = reverse("pairing:signin", args=[services.link_token(link)])

    assert client.get(path).status_code == 404
    assert client.post(path).status_code == 404
    assert SESSION_KEY not in client.session


def test_the_answer_does_not_tell_whether_the_address_is_known(client, teacher_without_login):
    known = _ask(client, "zhuravleva@example.org").content.decode()
    unknown = _ask(client, "nobody@example.org").content.decode()

    assert "Если этот адрес указан в карточке педагога" in unknown
    strip = lambda text: re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", text)  # noqa: E731
    assert strip(known) == strip(unknown)
    assert SignInLink.objects.filter(staff__email="nobody@example.org").count() == 0


def test_the_curator_and_the_head_get_no_link_by_email(client, curator, org):
    curator.staff_member.email = "alice@example.org"
    curator.staff_member.save()

    _ask(client, "alice@example.org")

    assert mail.outbox == [] and SignInLink.objects.count() == 0


def test_a_teacher_with_a_password_keeps_it(client, teacher):
    staff = teacher.staff_member
    link = services.signin_link_create(staff=staff, channel="email")

    client.post(reverse("pairing:signin", args=[services.link_token(link)]))

    teacher.refresh_from_db()
    assert teacher.check_password("пароль-для-тестов-1")
    assert str(client.session[SESSION_KEY]) == str(teacher.pk)


def test_requests_are_throttled_per_device_and_letters_per_address(
    client, teacher_without_login, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(5):
            _ask(client, "zhuravleva@example.org")
    assert len(mail.outbox) == 3  # three letters an hour to one address

    for _ in range(25):
        _ask(client, "someone@example.org")
    assert _ask(client, "someone@example.org").status_code == 429


def test_guessing_tokens_is_throttled_like_questionnaire_links(
    client, teacher_without_login, settings
):
    settings.LINK_GUESS_LIMIT = 5
    link = services.signin_link_create(staff=teacher_without_login, channel="email")
    for n in range(5):
        assert client.get(f"/signin/wrong-token-{n}/").status_code == 404

    assert client.get("/signin/wrong-token-6/").status_code == 429
    # Only failures count: a colleague's real link from the same address still opens.
    real = client.post(reverse("pairing:signin", args=[services.link_token(link)]))
    assert real.status_code == 302
    assert SignInLink.objects.get().used_at is not None


def test_a_link_never_opens_another_persons_pair(programme, curator, client):
    mine, other = active_pairs(programme, curator, 2)
    me = mentee_of(mine)
    link = services.signin_link_create(staff=me, channel="printed")

    client.post(reverse("pairing:signin", args=[services.link_token(link)]))

    assert client.get(reverse("pairing:pair", args=[mine.pk])).status_code == 200
    assert client.get(reverse("pairing:pair", args=[other.pk])).status_code == 404


def test_the_curator_prints_sheets_with_qr_codes_for_teachers_without_email(
    programme, curator, curator_client
):
    pairing = active_pairs(programme, curator, 1)[0]
    mentee = mentee_of(pairing)
    mentee.email = ""
    mentee.save()
    url = reverse("pairing:signin_sheets", args=[programme.pk])

    page = curator_client.get(url)
    assert page.status_code == 200
    assert page.context["form"].initial["staff"] == [mentee.pk]  # preselected: no email

    sheets = curator_client.post(url, {"staff": [mentee.pk]})

    assert sheets["Content-Type"] == "application/pdf"
    text = pdf_text(sheets.content)
    assert mentee.full_name in text
    link = SignInLink.objects.get(staff=mentee)
    assert link.channel == "printed" and link.created_by == curator
    assert "/signin/" in text.replace("\n", "")
    assert link.expires_at > timezone.now() + dt.timedelta(days=13)


def test_the_login_page_offers_a_link_by_email(client):
    page = client.get(reverse("login")).content.decode()

    assert "Получить ссылку для входа на почту" in page
    assert f'action="{reverse("pairing:signin_request")}"' in page


def test_a_link_is_refused_to_a_teacher_who_left(teacher_without_login):
    teacher_without_login.is_active = False
    teacher_without_login.save()

    assert services.signin_links_request(email="zhuravleva@example.org") == 0


def test_a_link_for_another_kindergartens_teacher_signs_in_only_her(other_org, client):
    stranger = StaffMemberFactory(organisation=other_org, email="x@example.org")
    UserFactory(username="x", organisation=other_org)
    link = services.signin_link_create(staff=stranger, channel="email")

    client.post(reverse("pairing:signin", args=[services.link_token(link)]))

    stranger.refresh_from_db()
    assert str(client.session[SESSION_KEY]) == str(stranger.user_id)
    assert stranger.user.organisation == other_org
