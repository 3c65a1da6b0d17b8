"""The database cache, shared by every app server, with an increment that loses nothing.

Django's DatabaseCache inherits the generic `incr` (get, then set): two app servers counting
the same attempt at once both read 4 and both write 5, and a guesser spreading requests over
the servers gets past the limit. Here `incr` reads the row locked (SELECT … FOR UPDATE on
PostgreSQL; on SQLite the transaction takes the write lock when it begins) and writes the sum
back keeping the row's expiry, so a throttle's window ends when it said. `add` locks an expired
row the same way, so two servers restarting one expired counter give 1 and then 2, not 1 twice.
"""

import base64
import pickle

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.db import DatabaseCache as DjangoDatabaseCache
from django.db import connections, models, router, transaction
from django.utils.timezone import now as tz_now


class DatabaseCache(DjangoDatabaseCache):
    def _locked_row(self, cursor, connection, key: str):
        quote = connection.ops.quote_name
        lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
        cursor.execute(
            f"SELECT {quote('value')}, {quote('expires')} FROM {quote(self._table)} "
            f"WHERE {quote('cache_key')} = %s{lock}",
            [key],
        )
        return cursor.fetchone()

    @staticmethod
    def _expires(connection, value):
        expression = models.Expression(output_field=models.DateTimeField())
        for converter in connection.ops.get_db_converters(
            expression
        ) + expression.get_db_converters(connection):
            value = converter(value, expression, connection)
        return value

    def incr(self, key, delta=1, version=None):
        key = self.make_and_validate_key(key, version=version)
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        quote = connection.ops.quote_name
        with transaction.atomic(using=db), connection.cursor() as cursor:
            row = self._locked_row(cursor, connection, key)
            if row is None or self._expires(connection, row[1]) < tz_now():
                raise ValueError(f"Key '{key}' not found.")
            stored = connection.ops.process_clob(row[0])
            value = pickle.loads(base64.b64decode(stored.encode())) + delta
            encoded = base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode("latin1")
            cursor.execute(
                f"UPDATE {quote(self._table)} SET {quote('value')} = %s "
                f"WHERE {quote('cache_key')} = %s",
                [encoded, key],
            )
        return value

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        validated = self.make_and_validate_key(key, version=version)
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        with transaction.atomic(using=db):
            with connection.cursor() as cursor:
                self._locked_row(cursor, connection, validated)
            # A missing row: the table's primary key lets one INSERT win, the other add is False.
            return super().add(key, value, timeout=timeout, version=version)
