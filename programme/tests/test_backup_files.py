"""The archive file itself (issue 22 §6): readable by its owner only from the first byte, no
partial file left when writing fails, and no unencrypted archive in production unless asked."""

import os
import resource
import signal
import stat

import pytest
from django.core.files.storage import InMemoryStorage
from django.core.management import CommandError, call_command

from programme.exceptions import DomainError
from programme.services import backup

pytestmark = pytest.mark.django_db

ARCHIVE = os.urandom(1024 * 1024)  # what backup_create would return: the file is the point here


@pytest.fixture
def archive_made(monkeypatch):
    """backup_create's work (tested in test_backup.py) done: the keys it was given."""
    keys = []

    def made(*, storage, key=""):
        keys.append(key)
        return ARCHIVE

    monkeypatch.setattr(backup, "backup_create", made)
    return keys


@pytest.fixture
def open_umask():
    """The most permissive umask: whatever mode the file is created with shows."""
    previous = os.umask(0)
    yield
    os.umask(previous)


def test_the_archive_is_readable_by_its_owner_only_from_the_first_byte(
    archive_made, open_umask, tmp_path, monkeypatch
):
    modes = []
    rename = os.replace

    def watched_rename(source, target, *args, **kwargs):
        # The moment the archive is complete but not yet under its name: its mode since creation.
        modes.append(stat.S_IMODE(os.stat(source).st_mode))
        return rename(source, target, *args, **kwargs)

    monkeypatch.setattr(os, "replace", watched_rename)

    path = backup.backup_write(directory=tmp_path, storage=InMemoryStorage(), key="ключ")

    assert modes == [0o600]
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert path.read_bytes() == ARCHIVE


@pytest.fixture
def small_file_size_limit():
    """Files of this process may grow to 64 KB: a write past it fails as on a full disk."""
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    handler = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # an error instead of the signal
    resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, hard))
    yield
    resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
    signal.signal(signal.SIGXFSZ, handler)


def test_a_write_that_fails_half_way_leaves_no_partial_archive(
    archive_made, tmp_path, small_file_size_limit
):
    with pytest.raises(DomainError, match=r"Архив не записан.*Неполный файл удалён"):
        backup.backup_write(directory=tmp_path, storage=InMemoryStorage(), key="ключ")

    assert list(tmp_path.iterdir()) == []


def test_production_refuses_an_unencrypted_archive_unless_asked(archive_made, tmp_path, settings):
    settings.DEBUG = False
    settings.BACKUP_KEY = ""

    with pytest.raises(CommandError, match=r"BACKUP_KEY не задан.*--no-encryption"):
        call_command("backup", dir=str(tmp_path))
    assert list(tmp_path.iterdir()) == []

    call_command("backup", dir=str(tmp_path), no_encryption=True)
    [archive] = tmp_path.iterdir()
    assert archive.name.endswith(".tar.gz") and archive.read_bytes() == ARCHIVE


def test_with_a_key_the_archive_is_encrypted_even_when_no_encryption_is_allowed(
    archive_made, tmp_path, settings
):
    settings.DEBUG = False
    settings.BACKUP_KEY = "ключ резервной копии"

    call_command("backup", dir=str(tmp_path), no_encryption=True)

    [archive] = tmp_path.iterdir()
    assert archive.name.endswith(".enc") and archive_made == ["ключ резервной копии"]


def test_a_laptop_writes_an_unencrypted_archive_without_asking(archive_made, tmp_path, settings):
    settings.DEBUG = True
    settings.BACKUP_KEY = ""

    call_command("backup", dir=str(tmp_path))

    assert len(list(tmp_path.iterdir())) == 1
