"""Throttled link guessing (issue 11, item 7): wrong personal-link tokens are counted per
address; past ~20 a minute the same dead-link page answers 429, while a right token from the
same address still opens and another address is not slowed down."""

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

SCHOOL = "10.20.30.40"


def _guess(client, n, address=SCHOOL, page="surveys:fill"):
    return [
        client.get(reverse(page, args=[f"guess{i}-not-a-token"]), REMOTE_ADDR=address)
        for i in range(n)
    ]


def test_twenty_five_wrong_tokens_end_in_429_while_a_right_one_still_opens(
    mentee_intake, bob, invite
):
    _invitation, token = invite(mentee_intake, bob)
    client = Client()

    answers = _guess(client, 25)
    right = client.get(reverse("surveys:fill", args=[token]), REMOTE_ADDR=SCHOOL)

    assert [a.status_code for a in answers[:20]] == [404] * 20
    assert [a.status_code for a in answers[20:]] == [429] * 5
    assert "Ссылка не действует" in answers[-1].content.decode()
    assert answers[-1]["Retry-After"] == "60"
    assert right.status_code in (200, 302)  # the questionnaire, or its consent page first
    if right.status_code == 302:
        assert token in right["Location"]


def test_right_links_are_not_counted(mentee_intake, bob, invite):
    _invitation, token = invite(mentee_intake, bob)
    client = Client()

    url = reverse("surveys:fill", args=[token])
    for _ in range(30):
        assert client.get(url, REMOTE_ADDR=SCHOOL).status_code in (200, 302)
    assert _guess(client, 1)[0].status_code == 404


def test_every_page_of_a_link_counts_and_another_address_is_not_slowed(client):
    for page in ("surveys:fill", "surveys:fill_consent", "surveys:fill_thanks"):
        _guess(client, 7, page=page)

    assert _guess(client, 1)[0].status_code == 429
    assert _guess(client, 1, address="10.99.99.99")[0].status_code == 404
