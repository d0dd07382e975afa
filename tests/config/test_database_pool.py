"""PostgreSQL's connections come from a pool per process (config/settings.py): under Daphne,
a connection per request costs its set-up each time, a persistent one per thread exhausts the
server (docs/benchmarks.md, "Pages under load")."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

REPO = Path(__file__).resolve().parents[2]
POSTGRES = "postgres://catalyse:secret@db.example.org:5432/catalyse"


def database_settings(**env) -> dict:
    """The database settings config/settings.py computes from ``env`` (no connection made)."""
    variables = {name: value for name, value in os.environ.items()
                 if not name.startswith("DATABASE_")}
    variables.update(DJANGO_SETTINGS_MODULE="config.settings", **env)
    script = ("import django, json; django.setup(); from django.conf import settings; "
              "print(json.dumps(settings.DATABASES['default'], default=str))")
    result = subprocess.run(  # noqa: S603 (our interpreter, our script)
        [sys.executable, "-c", script], cwd=REPO, env=variables,
        capture_output=True, text=True, timeout=120, check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_postgresql_uses_a_pool_of_ten_by_default():
    database = database_settings(DATABASE_URL=POSTGRES)
    assert database["CONN_MAX_AGE"] == 0
    assert database["OPTIONS"]["pool"] == {"min_size": 2, "max_size": 10, "timeout": 10}


def test_the_pool_size_and_timeout_are_settings():
    database = database_settings(DATABASE_URL=POSTGRES, DATABASE_POOL_MAX_SIZE="4",
                                 DATABASE_POOL_TIMEOUT="3")
    assert database["OPTIONS"]["pool"] == {"min_size": 2, "max_size": 4, "timeout": 3}


@pytest.mark.parametrize("env", [
    {"DATABASE_POOL_MAX_SIZE": "0"},
    {"DATABASE_CONN_MAX_AGE": "60"},  # Django cannot combine both: the pool gives way
])
def test_the_pool_can_be_turned_off(env):
    database = database_settings(DATABASE_URL=POSTGRES, **env)
    assert "pool" not in database.get("OPTIONS", {})


def test_sqlite_has_no_pool(tmp_path):
    database = database_settings(DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}")
    assert "pool" not in database.get("OPTIONS", {})


@pytest.mark.django_db
def test_connections_go_back_to_the_pool_after_use():
    if connection.vendor != "postgresql":
        pytest.skip("the pool is PostgreSQL's (run with DATABASE_URL=postgres://...)")
    if "pool" not in connection.settings_dict.get("OPTIONS", {}):
        pytest.skip("the pool is turned off in this environment")
    assert connection.pool is not None
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    assert connection.pool.get_stats()["pool_size"] >= 1
