"""Progress of the roadmap from real data.

Each app that fills part of the roadmap registers, in its AppConfig.ready(), functions that
read a programme and say how far an activity has gone («ответили 24 из 35») and which key
counts it knows. The dashboard asks them all; it knows none of the apps. Every provider must
use a fixed number of queries, whatever the number of rows.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Progress:
    text: str
    done: int = 0
    total: int = 0

    @property
    def fraction(self) -> float:
        if self.total <= 0:
            return 0.0
        return min(1.0, self.done / self.total)


@dataclass(frozen=True)
class ActivityLink:
    label: str
    url_name: str  # reversed with the programme's pk
    query: str = ""  # appended as is, e.g. "?kind=informing"


ActivityProvider = Callable[["object"], dict[str, Progress]]
CountProvider = Callable[["object"], dict[str, int]]

_activity_providers: list[ActivityProvider] = []
_count_providers: list[CountProvider] = []
_activity_links: dict[str, list[ActivityLink]] = {}

# Key counts shown on the dashboard, in this order; providers fill the values.
KEY_COUNTS: tuple[tuple[str, str], ...] = (
    ("staff", "Педагогов"),
    ("consents", "Согласий на обработку ПДн"),
    ("responses", "Заполненных анкет"),
    ("mentees", "Наставляемых"),
    ("mentors", "Наставников"),
    ("pairs", "Пар и групп"),
)


def register_activity_progress(provider: ActivityProvider) -> ActivityProvider:
    if provider not in _activity_providers:
        _activity_providers.append(provider)
    return provider


def register_counts(provider: CountProvider) -> CountProvider:
    if provider not in _count_providers:
        _count_providers.append(provider)
    return provider


def register_activity_link(code: str, label: str, url_name: str, query: str = "") -> None:
    links = _activity_links.setdefault(code, [])
    if all((link.url_name, link.query) != (url_name, query) for link in links):
        links.append(ActivityLink(label, url_name, query))


def activity_progress(programme) -> dict[str, Progress]:
    result: dict[str, Progress] = {}
    for provider in _activity_providers:
        result.update(provider(programme))
    return result


def key_counts(programme) -> list[tuple[str, str, int]]:
    values = {key: 0 for key, _label in KEY_COUNTS}
    for provider in _count_providers:
        values.update(provider(programme))
    return [(key, label, values[key]) for key, label in KEY_COUNTS]


def activity_links(code: str) -> list[ActivityLink]:
    return list(_activity_links.get(code, ()))
