"""Backup and restore of the whole product: the database, the media files (uploads and issued
PDFs) and a manifest with row counts and checksums, in one archive, encrypted when a key is set.

The database is copied consistently while the site runs: SQLite through its online backup API,
PostgreSQL through `pg_dump -Fc` on a snapshot exported by the transaction that counts the rows
(so the counts in the manifest are the counts of the dump). A restore goes into an empty
database only, checks every checksum before it writes anything, and compares the row counts
after; the media files come back byte for byte.

Archive: a gzip tar of manifest.json, database.sqlite3 or database.dump, and media/<name>. With a
key: «NASTAVNIK-BACKUP-1» + salt + Fernet token of the tar (key derived from the passphrase by
scrypt), so an archive copied off the server reveals nothing without BACKUP_KEY.
"""

import base64
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.db import connections
from django.utils import timezone

from ..exceptions import DomainError

MAGIC = b"NASTAVNIK-BACKUP-1\n"
FORMAT = 1
SQLITE_ENGINE = "django.db.backends.sqlite3"
CHUNK = 1024 * 1024


@dataclass
class RestoreResult:
    tables: int
    rows: int
    files: int


# --- Encryption --------------------------------------------------------------------------------


def _fernet(key: str, salt: bytes):
    from cryptography.fernet import Fernet
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

    derived = Scrypt(salt=salt, length=32, n=2**15, r=8, p=1).derive(key.encode("utf-8"))
    return Fernet(base64.urlsafe_b64encode(derived))


def encrypt(data: bytes, key: str) -> bytes:
    salt = os.urandom(16)
    return MAGIC + salt + _fernet(key, salt).encrypt(data)


def decrypt(data: bytes, key: str) -> bytes:
    from cryptography.fernet import InvalidToken

    if not data.startswith(MAGIC):
        return data  # not encrypted
    if not key:
        raise DomainError("Архив зашифрован: задайте BACKUP_KEY, с которым он был создан.")
    salt = data[len(MAGIC) : len(MAGIC) + 16]
    try:
        return _fernet(key, salt).decrypt(data[len(MAGIC) + 16 :])
    except InvalidToken:
        raise DomainError("Архив не расшифровывается: BACKUP_KEY не тот.") from None


# --- Helpers ---------------------------------------------------------------------------------


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _media_names(storage: Storage, folder: str = "") -> list[str]:
    """Every file in the storage, walked through its own API (works for any backend)."""
    try:
        dirs, files = storage.listdir(folder)
    except FileNotFoundError:
        return []
    names = [f"{folder}/{f}" if folder else f for f in files]
    for sub in dirs:
        names += _media_names(storage, f"{folder}/{sub}" if folder else sub)
    return sorted(names)


def _is_sqlite(database: dict) -> bool:
    return database["ENGINE"] == SQLITE_ENGINE


def _pg_env(database: dict) -> dict:
    env = dict(os.environ)
    if database.get("PASSWORD"):
        env["PGPASSWORD"] = str(database["PASSWORD"])
    return env


def _pg_args(database: dict) -> list[str]:
    args = []
    for flag, key in (("-h", "HOST"), ("-p", "PORT"), ("-U", "USER")):
        if database.get(key):
            args += [flag, str(database[key])]
    return args


def _pg_connect(database: dict):
    import psycopg2

    return psycopg2.connect(
        dbname=database["NAME"],
        user=database.get("USER") or None,
        password=database.get("PASSWORD") or None,
        host=database.get("HOST") or None,
        port=database.get("PORT") or None,
    )


def _pg_tables(cursor) -> list[str]:
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")
    return [row[0] for row in cursor.fetchall()]


def _count(cursor, tables: list[str], quote) -> dict[str, int]:
    counts = {}
    for table in tables:
        cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")
        counts[table] = cursor.fetchone()[0]
    return counts


def _sqlite_tables(db: sqlite3.Connection) -> list[str]:
    rows = db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "ORDER BY name"
    ).fetchall()
    return [row[0] for row in rows]


def _quote_sqlite(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _quote_pg(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


# --- Database dump ---------------------------------------------------------------------------


def _dump_sqlite(alias: str, target: Path) -> dict[str, int]:
    connection = connections[alias]
    connection.ensure_connection()
    destination = sqlite3.connect(target)
    try:
        connection.connection.backup(destination)  # SQLite's online backup API
        return _count(destination.cursor(), _sqlite_tables(destination), _quote_sqlite)
    finally:
        destination.close()


def _dump_postgresql(database: dict, target: Path) -> dict[str, int]:
    if shutil.which("pg_dump") is None:
        raise DomainError("Нет программы pg_dump: установите postgresql-client.")
    import psycopg2.extensions

    snapshot_holder = _pg_connect(database)
    try:
        snapshot_holder.set_isolation_level(psycopg2.extensions.ISOLATION_LEVEL_REPEATABLE_READ)
        with snapshot_holder.cursor() as cursor:
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            counts = _count(cursor, _pg_tables(cursor), _quote_pg)
            # The dump sees exactly what was counted: the same snapshot, while it is held.
            result = subprocess.run(
                [
                    "pg_dump",
                    "-Fc",
                    "--no-owner",
                    "--no-privileges",
                    f"--snapshot={snapshot}",
                    "-f",
                    str(target),
                    *_pg_args(database),
                    database["NAME"],
                ],
                env=_pg_env(database),
                capture_output=True,
                text=True,
            )
        if result.returncode != 0:
            raise DomainError(f"pg_dump завершился с ошибкой: {result.stderr.strip()}")
        return counts
    finally:
        snapshot_holder.rollback()
        snapshot_holder.close()


# --- Backup ----------------------------------------------------------------------------------


def backup_create(*, storage: Storage, key: str = "", alias: str = "default") -> bytes:
    """The archive's bytes: database, media files and manifest (encrypted with a key)."""
    database = connections[alias].settings_dict
    with tempfile.TemporaryDirectory() as folder:
        sqlite = _is_sqlite(database)
        dump = Path(folder) / ("database.sqlite3" if sqlite else "database.dump")
        counts = _dump_sqlite(alias, dump) if sqlite else _dump_postgresql(database, dump)
        manifest = {
            "format": FORMAT,
            "created_at": timezone.now().isoformat(),
            "engine": "sqlite" if sqlite else "postgresql",
            "database": {"file": dump.name, "sha256": _sha256_file(dump)},
            "tables": counts,
            "rows": sum(counts.values()),
            "files": {},
        }
        buffer = io.BytesIO()
        with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
            archive.add(dump, arcname=dump.name)
            for name in _media_names(storage):
                with storage.open(name, "rb") as handle:
                    content = handle.read()
                manifest["files"][name] = {"sha256": _sha256(content), "size": len(content)}
                info = tarfile.TarInfo(f"media/{name}")
                info.size = len(content)
                archive.addfile(info, io.BytesIO(content))
            data = json.dumps(manifest, ensure_ascii=False, indent=1).encode("utf-8")
            info = tarfile.TarInfo("manifest.json")
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
        content = buffer.getvalue()
    return encrypt(content, key) if key else content


def _write_private(path: Path, content: bytes) -> None:
    """Write `content` to a new file that only its owner may read, from the first byte: it is
    created with mode 0600 (whatever the umask, which can only take rights away), never
    widened later. On any failure the partial file is removed."""
    path.unlink(missing_ok=True)  # a leftover of a run killed in the same second
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            for start in range(0, len(content), CHUNK):
                handle.write(content[start : start + CHUNK])
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        path.unlink(missing_ok=True)
        raise


def backup_write(
    *, directory: Path, storage: Storage, key: str = "", unencrypted_allowed: bool = False
) -> Path:
    """Write an archive into the directory under a dated name; returns its path. Without a key
    the archive is refused unless `unencrypted_allowed` (development, or asked for explicitly):
    it holds every person's data. The archive is readable by its owner only, and a failed
    write leaves nothing behind."""
    if not key and not unencrypted_allowed:
        raise DomainError(
            "BACKUP_KEY не задан: архив с персональными данными не записан без шифрования. "
            "Задайте BACKUP_KEY или, если копия без шифрования действительно нужна, "
            "запустите с --no-encryption."
        )
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    path = directory / f"nastavnik-{stamp}.tar.gz{'.enc' if key else ''}"
    content = backup_create(storage=storage, key=key)
    temporary = path.with_suffix(path.suffix + ".part")
    try:
        _write_private(temporary, content)
        os.replace(temporary, path)  # a half-written archive never has the final name
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise DomainError(
            f"Архив не записан ({error.strerror or error}): проверьте место на диске и права "
            f"на папку {directory}. Неполный файл удалён."
        ) from error
    return path


# --- Restore ---------------------------------------------------------------------------------


def read_archive(content: bytes, *, key: str = "") -> tuple[dict, tarfile.TarFile]:
    """The manifest and the open tar; every checksum is verified before anything is written."""
    data = decrypt(content, key)
    try:
        archive = tarfile.open(fileobj=io.BytesIO(data), mode="r:gz")  # noqa: SIM115 (returned open)
        manifest = json.loads(archive.extractfile("manifest.json").read())
    except (tarfile.TarError, KeyError, ValueError):
        raise DomainError("Это не архив резервной копии или он повреждён.") from None
    if manifest.get("format") != FORMAT:
        raise DomainError("Архив другого формата: восстановите его той версией, что создала.")
    dump = archive.extractfile(manifest["database"]["file"]).read()
    if _sha256(dump) != manifest["database"]["sha256"]:
        raise DomainError("Копия базы данных в архиве повреждена: контрольная сумма не совпадает.")
    for name, meta in manifest["files"].items():
        member = archive.extractfile(f"media/{name}")
        if member is None or _sha256(member.read()) != meta["sha256"]:
            raise DomainError(f"Файл «{name}» в архиве повреждён: контрольная сумма не совпадает.")
    return manifest, archive


def _restore_sqlite(database: dict, dump: bytes) -> dict[str, int]:
    target = database["NAME"]
    if str(target).startswith(":memory:") or "mode=memory" in str(target):
        raise DomainError("Восстановление в базу SQLite в памяти невозможно: укажите файл.")
    if Path(target).exists():
        existing = sqlite3.connect(target)
        try:
            if _sqlite_tables(existing):
                raise DomainError(
                    "База данных не пустая. Восстановление идёт только в пустую базу: "
                    "переименуйте или удалите файл базы и запустите снова."
                )
        finally:
            existing.close()
    with tempfile.TemporaryDirectory() as folder:
        source_path = Path(folder) / "database.sqlite3"
        source_path.write_bytes(dump)
        source = sqlite3.connect(source_path)
        destination = sqlite3.connect(target)
        try:
            source.backup(destination)
            return _count(destination.cursor(), _sqlite_tables(destination), _quote_sqlite)
        finally:
            source.close()
            destination.close()


def _restore_postgresql(database: dict, dump: bytes) -> dict[str, int]:
    if shutil.which("pg_restore") is None:
        raise DomainError("Нет программы pg_restore: установите postgresql-client.")
    connection = _pg_connect(database)
    try:
        with connection.cursor() as cursor:
            if _pg_tables(cursor):
                raise DomainError(
                    "База данных не пустая. Восстановление идёт только в пустую базу: создайте "
                    "новую (createdb) и укажите её в DATABASE_URL."
                )
    finally:
        connection.close()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "database.dump"
        path.write_bytes(dump)
        result = subprocess.run(
            [
                "pg_restore",
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                "--single-transaction",
                "-d",
                database["NAME"],
                *_pg_args(database),
                str(path),
            ],
            env=_pg_env(database),
            capture_output=True,
            text=True,
        )
    if result.returncode != 0:
        raise DomainError(f"pg_restore завершился с ошибкой: {result.stderr.strip()}")
    connection = _pg_connect(database)
    try:
        with connection.cursor() as cursor:
            return _count(cursor, _pg_tables(cursor), _quote_pg)
    finally:
        connection.close()


def backup_restore(
    *, content: bytes, database: dict, storage: Storage, key: str = ""
) -> RestoreResult:
    """Restore an archive into an empty database and the media storage, then check the row
    counts against the manifest. Refused, with nothing written, on any wrong checksum."""
    manifest, archive = read_archive(content, key=key)
    engine = "sqlite" if _is_sqlite(database) else "postgresql"
    if manifest["engine"] != engine:
        raise DomainError(
            f"Архив сделан с базы {manifest['engine']}, а восстановить просят в {engine}."
        )
    for name, meta in manifest["files"].items():
        if storage.exists(name):
            with storage.open(name, "rb") as handle:
                if _sha256(handle.read()) != meta["sha256"]:
                    raise DomainError(
                        f"Файл «{name}» уже есть в хранилище и отличается от архивного."
                    )
    dump = archive.extractfile(manifest["database"]["file"]).read()
    restore = _restore_sqlite if engine == "sqlite" else _restore_postgresql
    counts = restore(database, dump)
    if counts != manifest["tables"]:
        differ = sorted(
            t
            for t in set(counts) | set(manifest["tables"])
            if counts.get(t) != manifest["tables"].get(t)
        )
        raise DomainError(
            "После восстановления число строк не совпадает с описью: " + ", ".join(differ[:10])
        )
    written = 0
    for name, meta in manifest["files"].items():
        if storage.exists(name):
            continue  # identical, checked above
        data = archive.extractfile(f"media/{name}").read()
        saved = storage.save(name, ContentFile(data))
        if saved != name:
            raise DomainError(f"Файл «{name}» сохранён под другим именем: {saved}.")
        with storage.open(name, "rb") as handle:
            if _sha256(handle.read()) != meta["sha256"]:
                raise DomainError(f"Файл «{name}» записан с ошибкой.")
        written += 1
    return RestoreResult(tables=len(counts), rows=sum(counts.values()), files=written)
