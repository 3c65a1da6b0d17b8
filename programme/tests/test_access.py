import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_anonymous_user_is_sent_to_login(client, programme):
    response = client.get(reverse("programme:dashboard", args=[programme.pk]))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_teacher_cannot_open_the_dashboard(teacher_client, programme):
    response = teacher_client.get(reverse("programme:dashboard", args=[programme.pk]))

    assert response.status_code == 403


def test_curator_of_another_organisation_gets_404_for_the_programme(
    other_curator_client, programme
):
    for name in ("programme:dashboard", "programme:programme_edit"):
        response = other_curator_client.get(reverse(name, args=[programme.pk]))
        assert response.status_code == 404, name
    response = other_curator_client.get(
        reverse("programme:activity_edit", args=[programme.pk, "1.1"])
    )
    assert response.status_code == 404


def test_regional_coordinator_reads_but_cannot_change(regional_client, programme):
    assert (
        regional_client.get(reverse("programme:dashboard", args=[programme.pk])).status_code == 200
    )
    response = regional_client.post(reverse("programme:programme_copy", args=[programme.pk]))
    assert response.status_code == 403


def test_login_page_is_in_russian(client):
    response = client.get(reverse("login"))

    assert "Вход в систему" in response.content.decode()


def test_home_sends_each_role_to_its_page(curator_client, teacher_client, programme):
    assert curator_client.get("/").url == reverse("programme:dashboard", args=[programme.pk])
    assert teacher_client.get("/").url == reverse("programme:my_page")


def test_repeated_failed_logins_lock_the_username_out_in_russian(client, curator):
    for _ in range(5):
        client.post(reverse("login"), {"username": "alice", "password": "неверный"})

    response = client.post(
        reverse("login"), {"username": "alice", "password": "пароль-для-тестов-1"}
    )

    assert "Вход временно заблокирован" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_correct_password_logs_in(client, curator):
    response = client.post(
        reverse("login"), {"username": "alice", "password": "пароль-для-тестов-1"}
    )

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(curator.pk)
