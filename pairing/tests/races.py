"""Two curators confirming pairings at the same moment, each from her own database connection:
the race the board's row lock must settle (PostgreSQL)."""

import threading
import time

from django.db import connection

from pairing.services import board as services
from programme.exceptions import DomainError


def confirm_at_once(monkeypatch, proposals, curators) -> list[str]:
    """Confirm each proposal by its curator in two threads started together; each outcome is
    «confirmed» or the refusal's message. The consent check is slowed, so both confirmations
    read the mentor's places at once unless the lock makes one wait."""
    real_check = services.has_valid_consent

    def slow_check(staff, *args):
        time.sleep(0.2)
        return real_check(staff, *args)

    monkeypatch.setattr(services, "has_valid_consent", slow_check)
    start = threading.Barrier(len(proposals))
    outcomes: list[str] = []

    def confirm(pairing, curator):
        start.wait()
        try:
            services.pairings_confirm(pairings=[pairing], by=curator)
            outcomes.append("confirmed")
        except DomainError as error:
            outcomes.append(error.message)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=confirm, args=(p, c))
        for p, c in zip(proposals, curators, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes
