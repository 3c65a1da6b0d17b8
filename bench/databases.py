"""What the benchmarks that build their own PostgreSQL instance share."""

import urllib.parse


def recreate_database(url: str, name: str, *, template: str | None = None) -> None:
    """Drop the database `name` on the server of `url` and create it again (as a copy of
    `template` when given), from the server's own «postgres» database."""
    import psycopg2

    parts = urllib.parse.urlparse(url)
    admin = psycopg2.connect(
        host=parts.hostname or "127.0.0.1",
        port=parts.port or 5432,
        user=parts.username or "postgres",
        password=parts.password or None,
        dbname="postgres",
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        copy = f' TEMPLATE "{template}"' if template else ""
        cursor.execute(f'CREATE DATABASE "{name}"{copy}')
    admin.close()


def fresh_database(url: str, *, marker: str) -> None:
    """Drop and create the database of `url`; only one whose name contains `marker` («scale»,
    «load»), so that a benchmark never drops a database it did not make."""
    name = urllib.parse.urlparse(url).path.lstrip("/")
    if marker not in name:
        raise SystemExit(f"refusing to drop database {name!r}: its name must contain «{marker}»")
    recreate_database(url, name)
