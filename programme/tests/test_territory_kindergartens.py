"""The coordinator adds a kindergarten to her territory and invites its curator (issue 24 §1):
the letter carries a link that sets a password once and is dead after use; another territory's
municipality is refused; a repeated submission makes nothing twice; curators and teachers are
refused; the list offers to invite again."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from programme.models import Organisation, StaffMember, Territory, User
from programme.services.territories import (
    Curator,
    NotHerTerritory,
    kindergarten_add,
)
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

NEW = reverse("programme:kindergarten_create")
LIST = reverse("programme:kindergarten_list")


@pytest.fixture
def omsk(db):
    region = Territory.objects.create(name="Омская область", kind="region")
    city = Territory.objects.create(name="г. Омск", kind="municipality", parent=region)
    tara = Territory.objects.create(name="Тарский район", kind="municipality", parent=region)
    other = Territory.objects.create(name="Новосибирская область", kind="region")
    berdsk = Territory.objects.create(name="г. Бердск", kind="municipality", parent=other)
    return {"region": region, "city": city, "tara": tara, "other": other, "berdsk": berdsk}


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def methodist(omsk):
    return UserFactory(
        username="methodist", organisation=None, role="regional", territory=omsk["city"]
    )


def _form(omsk, **changes):
    data = {
        "municipality": omsk["city"].pk,
        "full_name": "БДОУ г. Омска «Детский сад № 12»",
        "short_name": "Детский сад № 12",
        "slug": "ds-omsk-12",
        "address": "г. Омск, ул. Мира, д. 12",
        "head_name": "Петрова Галина Ивановна",
        "email": "ds12@example.ru",
        "curator_last_name": "Орлова",
        "curator_first_name": "Ксения",
        "curator_patronymic": "Андреевна",
        "curator_email": "Orlova@example.ru",
    }
    data.update(changes)
    return data


def _link(message) -> str:
    return re.search(r"https?://\S+/accounts/invitation/\S+/", message.body).group(0)


def _path(link: str) -> str:
    return "/" + link.split("/", 3)[3]


def test_the_coordinator_adds_a_kindergarten_and_the_curator_gets_a_link(
    omsk, methodist, django_capture_on_commit_callbacks
):
    client = _client(methodist)
    assert client.get(NEW).status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(NEW, _form(omsk))

    assert answer.status_code == 302
    org = Organisation.objects.get(slug="ds-omsk-12")
    assert (org.territory, org.short_name, org.head_name) == (
        omsk["city"],
        "Детский сад № 12",
        "Петрова Галина Ивановна",
    )
    curator = User.objects.get(email="orlova@example.ru")
    assert (curator.username, curator.role, curator.organisation) == (
        "orlova@example.ru",
        "curator",
        org,
    )
    assert not curator.has_usable_password()
    assert StaffMember.objects.get(user=curator).position == "starshiy_vospitatel"
    assert len(mail.outbox) == 1
    letter = mail.outbox[0]
    assert letter.to == ["orlova@example.ru"]
    assert "Детский сад № 12" in letter.subject
    assert "Ксения Андреевна" in letter.body
    assert "Детский сад № 12" in client.get(LIST).content.decode()


def test_the_link_sets_the_password_once_and_is_dead_after_use(
    omsk, methodist, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _client(methodist).post(NEW, _form(omsk))
    path = _path(_link(mail.outbox[0]))
    visitor = Client()

    page = visitor.get(path)
    assert page.status_code == 200 and "Задать пароль" in page.content.decode()
    short = visitor.post(path, {"new_password1": "1", "new_password2": "1"})
    assert short.status_code == 200  # a weak password is refused at the form, link still alive
    done = visitor.post(
        path, {"new_password1": "Наставник-2026!", "new_password2": "Наставник-2026!"}
    )
    assert done.status_code == 302 and done["Location"] == reverse("login")
    assert User.objects.get(username="orlova@example.ru").check_password("Наставник-2026!")

    assert visitor.get(path).status_code == 404
    again = visitor.post(
        path, {"new_password1": "Другой-пароль-1", "new_password2": "Другой-пароль-1"}
    )
    assert again.status_code == 404
    assert not User.objects.get(username="orlova@example.ru").check_password("Другой-пароль-1")


def test_a_made_up_link_is_dead(db):
    assert Client().get("/accounts/invitation/MQ/abc-def/").status_code == 404
    assert Client().get("/accounts/invitation/@@/abc-def/").status_code == 404


def test_another_territorys_coordinator_cannot_add_to_a_municipality_not_hers(omsk):
    stranger = UserFactory(
        username="novosib", organisation=None, role="regional", territory=omsk["other"]
    )
    client = _client(stranger)

    page = client.post(NEW, _form(omsk))
    assert page.status_code == 200
    assert "Выберите муниципалитет вашей территории" in page.content.decode()
    assert not Organisation.objects.filter(slug="ds-omsk-12").exists()
    assert "г. Омск" not in client.get(NEW).content.decode()
    with pytest.raises(NotHerTerritory):
        kindergarten_add(
            by=stranger,
            municipality=omsk["city"],
            full_name="x",
            short_name="x",
            slug="x",
            address="",
            head_name="",
            email="",
            curator=Curator("Орлова", "Ксения", "", "x@example.ru"),
        )


def test_a_regional_coordinator_chooses_among_her_municipalities(omsk):
    regional = UserFactory(
        username="oblast", organisation=None, role="regional", territory=omsk["region"]
    )
    text = _client(regional).get(NEW).content.decode()

    assert "г. Омск" in text and "Тарский район" in text and "г. Бердск" not in text
    answer = _client(regional).post(NEW, _form(omsk, municipality=omsk["tara"].pk))
    assert answer.status_code == 302
    assert Organisation.objects.get(slug="ds-omsk-12").territory == omsk["tara"]


def test_a_second_submission_makes_nothing_twice_and_the_form_keeps_the_input(omsk, methodist):
    client = _client(methodist)
    client.post(NEW, _form(omsk))

    again = client.post(NEW, _form(omsk))
    text = again.content.decode()
    assert again.status_code == 200
    assert "уже существует" in text or "уже занят" in text  # the slug
    assert "Пользователь с этим адресом уже есть" in text
    assert 'value="Детский сад № 12"' in text and 'value="Орлова"' in text
    assert Organisation.objects.filter(slug="ds-omsk-12").count() == 1
    assert User.objects.filter(email="orlova@example.ru").count() == 1

    other_slug = client.post(NEW, _form(omsk, slug="ds-omsk-13"))
    assert other_slug.status_code == 200  # the curator's address is still taken
    assert not Organisation.objects.filter(slug="ds-omsk-13").exists()


def test_an_empty_form_says_what_is_missing(omsk, methodist):
    text = _client(methodist).post(NEW, {}).content.decode()

    assert text.count("Обязательное поле") >= 6


def test_invite_again_resends_until_the_curator_signs_in(
    omsk, methodist, django_capture_on_commit_callbacks
):
    client = _client(methodist)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(NEW, _form(omsk))
    org = Organisation.objects.get(slug="ds-omsk-12")
    assert "Пригласить куратора повторно" in client.get(LIST).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(LIST, {"organisation": org.pk}, follow=True)
    assert "приглашение отправлено повторно" in answer.content.decode()
    assert len(mail.outbox) == 2
    assert _link(mail.outbox[0]) != "" and _link(mail.outbox[1]) != ""

    path = _path(_link(mail.outbox[1]))
    Client().post(path, {"new_password1": "Наставник-2026!", "new_password2": "Наставник-2026!"})
    curator = User.objects.get(email="orlova@example.ru")
    _client(curator)  # signs in
    curator.refresh_from_db()
    User.objects.filter(pk=curator.pk).update(last_login="2026-01-01T10:00:00Z")
    with django_capture_on_commit_callbacks(execute=True):
        refused = client.post(LIST, {"organisation": org.pk}, follow=True)
    assert "ещё не входил в систему" in refused.content.decode()
    assert len(mail.outbox) == 2
    assert "работает в системе" in client.get(LIST).content.decode()


def test_she_cannot_invite_again_for_a_kindergarten_not_hers(omsk, methodist):
    berdsk = OrganisationFactory(
        short_name="Детский сад № 7", slug="berdsk7", territory=omsk["berdsk"]
    )

    assert _client(methodist).post(LIST, {"organisation": berdsk.pk}).status_code == 404
    assert "Детский сад № 7" not in _client(methodist).get(LIST).content.decode()


def test_curators_and_teachers_are_refused(curator_client, teacher_client, client, omsk):
    for url in (NEW, LIST):
        assert curator_client.get(url).status_code == 403
        assert curator_client.post(url, _form(omsk)).status_code == 403
        assert teacher_client.get(url).status_code == 403
        assert client.get(url).status_code == 302
    assert not Organisation.objects.filter(slug="ds-omsk-12").exists()
