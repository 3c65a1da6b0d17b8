"""Benchmark of the public page (7.6): a kindergarten of ~80 teachers with 30 pairs, awards,
publication consents and published cases. Prints the page's and the Atom feed's time and their
query counts at two sizes (10 and 30 pairs) — the count must not grow; the target is ≤ 100 ms
for the page.

    .venv/bin/python bench/public_page.py          # SQLite, a throwaway database
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/mentoring_bench \
        .venv/bin/python bench/public_page.py      # PostgreSQL (test_mentoring_bench)

Figures, not assertions.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import run
from django.db import connection
from django.test import Client
from django.test.utils import (
    CaptureQueriesContext,
    setup_test_environment,
    teardown_test_environment,
)

NOMINATIONS = ("Лучший наставник", "Наставник года", "Лучшая наставническая пара")


def _png():
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (96, 96), (200, 120, 60)).save(buffer, format="PNG")
    return SimpleUploadedFile("photo.png", buffer.getvalue(), content_type="image/png")


def kindergarten(pairs: int, slug: str):
    """20 more staff than the pairs take (30 pairs → 80 teachers), every pair's people with a
    publication consent (the mentors: name, position, case, photo; the mentees: case), a third
    of the mentors awarded (with a photo), two thirds of the pairs with a published case, the
    page switched on."""
    from django.utils import timezone

    from programme.models import User
    from reports.models import Award, Case, CaseStatus, Nomination
    from reports.services.cases import case_create_from_pairing
    from reports.services.public import public_page_save, public_photo_save
    from surveys.models import ConsentChannel, ConsentKind
    from surveys.services import consents

    org, programme, _client = run.make_world(20, slug)
    user = User.objects.get(username=f"cur-{slug}")
    made = run._more_active_pairs(programme, user, pairs, prefix=slug[:3])
    nominations = [
        Nomination.objects.create(programme=programme, kind="best_mentor", title=title)
        for title in NOMINATIONS
    ]
    for i, pairing in enumerate(made):
        mentor = pairing.mentor.staff
        mentee = pairing.members.get().mentee.staff
        mentor_allows = ["name", "position", "case", "photo"]
        for staff, categories in ((mentor, mentor_allows), (mentee, ["case"])):
            consents.consent_give(
                staff=staff,
                kind=ConsentKind.PUBLICATION,
                channel=ConsentChannel.ONLINE,
                categories=categories,
            )
        if i % 3 == 0:
            public_photo_save(organisation=org, staff=mentor, upload=_png())
            Award.objects.create(
                nomination=nominations[i % len(nominations)],
                staff=mentor,
                pairing=pairing,
                citation="За терпение, щедрость и открытые показы",
            )
        if i % 3 != 2:
            case = case_create_from_pairing(pairing=pairing)
            Case.objects.filter(pk=case.pk).update(
                status=CaseStatus.PUBLISHED, published_at=timezone.now()
            )
    public_page_save(organisation=org, enabled=True, noindex=False, intro="Итоги года")
    return org


def measure(org, pairs: int) -> None:
    client = Client()
    for label, url in (("page", f"/o/{org.slug}/"), ("feed", f"/o/{org.slug}/feed.atom")):
        client.get(url)  # warm up
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        # Read now: the next requests empty the log (the context reconnects reset_queries).
        queries = len(ctx.captured_queries)
        assert response.status_code == 200, (url, response.status_code)
        ms, _ = run.timed(lambda: client.get(url), 20)  # noqa: B023
        print(
            f"public {label}, {pairs:>2} pairs ({20 + 2 * pairs} teachers): {ms:6.1f} ms median, "
            f"{queries} queries, {len(response.content) // 1024} KiB"
        )


def main() -> None:
    import tempfile

    from django.conf import settings

    settings.MEDIA_ROOT = tempfile.mkdtemp(prefix="bench-public-")
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, keepdb=False)
    try:
        print(f"database: {connection.vendor}")
        for pairs in (10, 30):
            measure(kindergarten(pairs, f"pub{pairs}"), pairs)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()


if __name__ == "__main__":
    main()
