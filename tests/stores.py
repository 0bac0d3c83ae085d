"""The store backends the store tests run on: SQLite (a file) and PostgreSQL + PostGIS (a
fresh database on the session's throwaway server, see :mod:`tests.pgserver`)."""

from __future__ import annotations

import sqlite3
from typing import Any

from incidents.store.postgres import PostgresStore

BACKENDS = ("sqlite", "postgres")


def execute_raw(store: Any, sql: str, params: tuple[Any, ...] = ()) -> None:
    """Run ``sql`` (``?`` placeholders) on the store's own database, around the store, as an
    older version or a damaged disk might have written."""
    if isinstance(store, PostgresStore):
        import psycopg

        with psycopg.connect(store.url, autocommit=True) as con:
            con.execute(sql.replace("?", "%s"), params)
        return
    with sqlite3.connect(store.path) as con:
        con.execute(sql, params)
