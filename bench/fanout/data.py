"""The data of the fan-out benchmark: a throw-away PostgreSQL database (``catalyse_bench``,
dropped at the end; or a SQLite file in the temporary directory) and a Redis database of its
own (must be empty; flushed at the end), generated members with a session each, and rooms."""

import contextlib
import os
import secrets
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BENCH_DB = "catalyse_bench"


def open_redis(base_url: str, db: int):
    """A client of the benchmark's Redis database, which must be empty."""
    import redis as redis_lib

    redis_url = f"{base_url.rstrip('/')}/{db}"
    redis = redis_lib.Redis.from_url(redis_url)
    if redis.dbsize():
        raise SystemExit(f"{redis_url} is not empty: choose another --redis-db")
    return redis, redis_url


def create_database(args, workdir: Path) -> tuple[str, str | None, str | None]:
    """The throw-away database's URL, and the admin URL and name to drop it with (None for
    SQLite: the file goes with the temporary directory)."""
    if args.sqlite:
        return f"sqlite:///{workdir / 'bench.sqlite3'}", None, None
    import psycopg

    admin_url, bench_db = args.postgres, getattr(args, "database", None) or BENCH_DB
    if not getattr(args, "reuse_database", False):
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {bench_db} WITH (FORCE)")
            admin.execute(f"CREATE DATABASE {bench_db}")
    parts = urlsplit(admin_url)
    return urlunsplit(parts._replace(path=f"/{bench_db}")), admin_url, bench_db


def configure_environment(database_url: str, redis_url: str, workdir: Path) -> None:
    """The environment of this process's Django and of the servers it starts."""
    for name in ("MEILISEARCH_URL", "EMAIL_URL", "TASKS_QUEUE", "DEBUG"):
        os.environ.pop(name, None)
    os.environ.update({
        "DATABASE_URL": database_url, "REDIS_URL": redis_url,
        "SECRET_KEY": secrets.token_urlsafe(50), "ALLOWED_HOSTS": "127.0.0.1",
        "CATALYSE_VAR_DIR": str(workdir), "DJANGO_SETTINGS_MODULE": "config.settings",
    })


def populate(count: int, sqlite: bool) -> tuple[list[int], list[str]]:
    """Sets Django up, migrates, and creates ``count`` members with a session each."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    user_ids, cookies = create_members(count)
    connections.close_all()
    print(f"database ({'SQLite' if sqlite else 'PostgreSQL'}) migrated, {count} members "
          f"and sessions in {time.perf_counter() - started:.1f} s", flush=True)
    return user_ids, cookies


def teardown(redis, admin_url: str | None, bench_db: str | None) -> None:
    """Flushes the benchmark's Redis database and drops the throw-away database."""
    with contextlib.suppress(Exception):
        redis.flushdb()
    if bench_db:
        with contextlib.suppress(Exception):
            from django.db import connections

            connections.close_all()
        import psycopg

        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {bench_db} WITH (FORCE)")


def create_members(count: int) -> tuple[list[int], list[str]]:
    """``count`` approved members, and a logged-in session cookie for each."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session
    from django.db import transaction
    from django.utils import timezone
    from django.utils.crypto import get_random_string

    from community.models import User
    from demo.management.commands.seed_demo import Command as Seed
    from demo.management.commands.seed_demo import Generator

    generator = Generator()
    people = [generator.person(*slot) for slot in generator.slots(count)]
    with transaction.atomic():
        Seed().create_people(people)
    users = list(User.objects.members().order_by("pk")[:count])
    if len(users) < count:
        raise RuntimeError(f"only {len(users)} members generated")
    store, backend = SessionStore(), settings.AUTHENTICATION_BACKENDS[0]
    expires = timezone.now() + timezone.timedelta(days=1)
    rows, cookies = [], []
    for user in users:
        key = get_random_string(32, "abcdefghijklmnopqrstuvwxyz0123456789")
        data = store.encode({SESSION_KEY: str(user.pk), BACKEND_SESSION_KEY: backend,
                             HASH_SESSION_KEY: user.get_session_auth_hash()})
        rows.append(Session(session_key=key, session_data=data, expire_date=expires))
        cookies.append(key)
    Session.objects.bulk_create(rows)
    return [user.pk for user in users], cookies


def create_room(user_ids: list[int], name: str) -> int:
    from chat.models import Room, RoomMembership

    room = Room.objects.create(kind=Room.Kind.PUBLIC, name=name, created_by_id=user_ids[0])
    RoomMembership.objects.bulk_create(
        [RoomMembership(room=room, user_id=user_id) for user_id in user_ids]
    )
    return room.pk


def drop_room(room: int, quiet: float = 2, timeout: float = 60) -> None:
    """Deletes the room once no message has been stored in it for ``quiet`` seconds (the
    server may still be working through a backlog after the clients are gone)."""
    from django.db import OperationalError

    from chat.models import Room

    deadline = time.monotonic() + timeout
    last, since = None, time.monotonic()
    while time.monotonic() < deadline:
        seq = Room.objects.filter(pk=room).values_list("last_seq", flat=True).first()
        if seq != last:
            last, since = seq, time.monotonic()
        elif time.monotonic() - since >= quiet:
            break
        time.sleep(0.2)
    for _attempt in range(5):
        try:
            Room.objects.filter(pk=room).delete()
            return
        except OperationalError:  # a deadlock with a message still being stored
            time.sleep(1)
    raise RuntimeError(f"could not delete room {room}")
