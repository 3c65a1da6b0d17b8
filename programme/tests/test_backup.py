"""Backup → empty database → restore round-trips (issue 13 item 7): the same row counts and
byte-identical files, on SQLite and on PostgreSQL; an encrypted archive needs its key; a damaged
archive and a non-empty database are refused before anything is written."""

import sqlite3
import uuid

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import InMemoryStorage, default_storage
from django.core.management import CommandError, call_command
from django.db import connection

from programme.exceptions import DomainError
from programme.models import StaffMember
from programme.services import backup
from surveys.models import Consent
from tests.factories import StaffMemberFactory
from tests.factories_pairing import give_processing_consent

pytestmark = pytest.mark.django_db(transaction=True)

SQLITE = connection.vendor == "sqlite"
POSTGRES = connection.vendor == "postgresql"
SCAN = b"%PDF-1.4 scan of a signed consent \x00\x01\x02" * 100


@pytest.fixture
def world(org):
    people = [StaffMemberFactory(organisation=org) for _ in range(5)]
    for person in people[:3]:
        give_processing_consent(person)
    name = default_storage.save(f"consents/{uuid.uuid4().hex}.pdf", ContentFile(SCAN))
    yield {"people": people, "file": name}
    default_storage.delete(name)


def db_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        counts = {}
        for table in tables:
            cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
            counts[table] = cursor.fetchone()[0]
    return counts


def restore_and_compare(content, database, key=""):
    target_storage = InMemoryStorage()
    result = backup.backup_restore(
        content=content, database=database, storage=target_storage, key=key
    )
    return result, target_storage


@pytest.mark.skipif(not SQLITE, reason="SQLite round trip")
def test_sqlite_backup_restores_the_same_counts_and_identical_files(world, tmp_path):
    content = backup.backup_create(storage=default_storage, key="пароль резервной копии")
    assert content.startswith(backup.MAGIC) and SCAN not in content  # encrypted
    target = tmp_path / "restored.sqlite3"
    database = {"ENGINE": backup.SQLITE_ENGINE, "NAME": str(target)}
    result, storage = restore_and_compare(content, database, key="пароль резервной копии")
    restored = sqlite3.connect(target)
    assert restored.execute("SELECT COUNT(*) FROM programme_staffmember").fetchone()[0] == (
        StaffMember.objects.count()
    )
    assert restored.execute("SELECT COUNT(*) FROM surveys_consent").fetchone()[0] == 3
    restored.close()
    assert result.rows == sum(db_counts().values())
    with storage.open(world["file"], "rb") as handle:
        assert handle.read() == SCAN
    # The target is no longer empty: a second restore is refused.
    with pytest.raises(DomainError, match="не пустая"):
        backup.backup_restore(
            content=content, database=database, storage=storage, key="пароль резервной копии"
        )


@pytest.mark.skipif(not POSTGRES, reason="PostgreSQL round trip")
def test_postgresql_backup_restores_the_same_counts_and_identical_files(world):
    content = backup.backup_create(storage=default_storage)
    source = connection.settings_dict
    name = f"{source['NAME']}_restore"
    admin = backup._pg_connect({**source, "NAME": "postgres"})
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    try:
        result, storage = restore_and_compare(content, {**source, "NAME": name})
        assert result.rows == sum(db_counts().values())
        restored = backup._pg_connect({**source, "NAME": name})
        with restored.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM surveys_consent")
            assert cursor.fetchone()[0] == Consent.objects.count() == 3
        restored.close()
        with storage.open(world["file"], "rb") as handle:
            assert handle.read() == SCAN
    finally:
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.close()


def test_an_encrypted_archive_needs_its_key(world, tmp_path):
    content = backup.backup_create(storage=default_storage, key="верный ключ")
    with pytest.raises(DomainError, match="BACKUP_KEY"):
        backup.read_archive(content, key="")
    with pytest.raises(DomainError, match="не тот"):
        backup.read_archive(content, key="чужой ключ")
    manifest, _archive = backup.read_archive(content, key="верный ключ")
    assert manifest["tables"]["programme_staffmember"] == StaffMember.objects.count()
    assert manifest["files"][world["file"]]["size"] == len(SCAN)


def test_a_damaged_archive_is_refused_before_anything_is_written(world, tmp_path):
    import io
    import tarfile

    content = backup.backup_create(storage=default_storage)
    source = tarfile.open(fileobj=io.BytesIO(content), mode="r:gz")  # noqa: SIM115
    damaged = io.BytesIO()
    with tarfile.open(fileobj=damaged, mode="w:gz") as archive:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name.startswith("media/"):
                data = data[:-1] + b"!"
            member.size = len(data)
            archive.addfile(member, io.BytesIO(data))
    target = tmp_path / "never.sqlite3"
    database = (
        {"ENGINE": backup.SQLITE_ENGINE, "NAME": str(target)}
        if SQLITE
        else {**connection.settings_dict, "NAME": "never_created"}
    )
    with pytest.raises(DomainError, match="повреждён"):
        backup.backup_restore(
            content=damaged.getvalue(), database=database, storage=InMemoryStorage()
        )
    assert not target.exists()


def test_the_commands_write_an_archive_and_refuse_a_database_that_is_not_empty(
    world, tmp_path, settings
):
    settings.BACKUP_KEY = ""
    call_command("backup", dir=str(tmp_path), no_encryption=True)
    [archive] = list(tmp_path.glob("nastavnik-*.tar.gz"))
    # The test database is in use (and on SQLite in memory): the restore refuses to touch it.
    with pytest.raises(CommandError, match="не пустая" if POSTGRES else "в памяти"):
        call_command("restore", str(archive))
