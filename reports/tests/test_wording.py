"""No text a person reads hedges the gender with a bracketed ending («ознакомлен» followed
by «(а)», «Уважаемый» by «(ая)»): the patronymic tells the gender, and where nothing tells it
the wording is one that fits everyone."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HEDGE = re.compile(r"\w\((а|ая|ую|ой|ый|ее|ие|ла|на|ло)\)")
SKIP = {".venv", "venv", "node_modules", "migrations", ".git", "media", "staticfiles", "vendor"}
SUFFIXES = {".py", ".html", ".txt", ".md"}


def _files():
    for path in ROOT.rglob("*"):
        if path.suffix in SUFFIXES and not SKIP & set(path.relative_to(ROOT).parts):
            yield path


def test_no_template_or_message_hedges_the_gender_with_a_bracketed_ending():
    found = [
        f"{path.relative_to(ROOT)}:{number}: {match.group(0)}"
        for path in _files()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        for match in [HEDGE.search(line)]
        if match
    ]
    assert found == []


def test_the_check_catches_a_hedge():
    assert HEDGE.search("С уведомлением ознакомлен" + "(а):")
    assert HEDGE.search("Уважаемый" + "(ая) Ирина Николаевна!")
    assert not HEDGE.search("Уважаемая Ирина Николаевна! (приложение)")
