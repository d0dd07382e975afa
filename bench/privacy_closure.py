"""Closing the account of a member who wrote a lot, in both modes: time, and where it goes.

    .venv/bin/python bench/privacy_closure.py [--messages 10000] [--files 200]
                                              [--posts 1000] [--database-url URL]

A throw-away database (SQLite in a temporary directory by default; --database-url for a
PostgreSQL database of your own, e.g.
postgres://catalyse:catalyse@127.0.0.1:5432/catalyse_bench_closure, new and empty), a
temporary MEDIA_ROOT and a temporary embedded search index are filled in bulk, twice (one
leaver per mode): --messages chat messages in 20 rooms (each with another member, who answers),
--posts wall posts and as many comments, --files documents in the library with one stored file
each (64 KiB, plus a thumbnail), a project, an event seat with someone on the waitlist. Every
index is then built (search_reindex), so that closing has real index entries to replace or
remove.

Then ``account_close`` runs for each leaver, as the page runs it: "anonymise" for the first,
"delete" (documents too) for the second. The time is measured around the whole call, which
includes what waits for the commit: in embedded mode the search index updates, the file
deletions and the e-mail run in-process right after it (in production they are tasks). The
transaction alone is printed too. Everything is local, bounded in time (--timeout) and stops by
itself.

PASS when each closing, commit work included, takes under --goal seconds.
"""

import argparse
import os
import secrets
import shutil
import signal
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
FILE_BYTES = 64 * 1024


def _time_limit(*_args) -> None:
    raise SystemExit("privacy closure bench: time limit reached")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--files", type=int, default=200)
    parser.add_argument("--posts", type=int, default=1_000)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--goal", type=float, default=30.0, help="seconds per closing")
    parser.add_argument("--timeout", type=int, default=900)
    return parser


def make_person(tag: str, first_name: str):
    from allauth.account.models import EmailAddress
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from community.models import Profile, User, UserStatus

    person = User.objects.create(email=f"{tag}@bench.closure", first_name=first_name,
                                 last_name=f"Partant{tag}", status=UserStatus.MEMBER,
                                 password=make_password(None))
    EmailAddress.objects.create(user=person, email=person.email, verified=True, primary=True)
    Profile.objects.update_or_create(user=person, defaults={
        "organisation": "Bench", "actor_kind": "association", "perimeter": "local",
        "region": "bretagne", "onboarded_at": timezone.now(), "bio": "Biographie. " * 30})
    return person


def fill(leaver, other, *, messages: int, posts: int, files: int, tag: str) -> None:
    """The leaver's content, in bulk (the rows as the services would have written them)."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage
    from django.utils import timezone

    from chat.models import Message, Room, RoomMembership
    from documents.models import Document, DocumentFile, DocumentVersion
    from events.models import Event, Registration
    from projects.models import Project, ProjectMembership
    from walls.models import Comment, Post, Wall

    rooms = Room.objects.bulk_create([
        Room(kind=Room.Kind.PUBLIC, name=f"Salon {tag} {index}") for index in range(20)])
    RoomMembership.objects.bulk_create([RoomMembership(room=room, user=person)
                                        for room in rooms for person in (leaver, other)])
    # One message of the other member after every three of the leaver's: threads to keep.
    order = []
    for index in range(messages):
        order.append(leaver)
        if index % 3 == 2:
            order.append(other)
    seqs = {room.pk: 0 for room in rooms}
    rows = []
    for index, author in enumerate(order):
        room = rooms[index % 20]
        seqs[room.pk] += 1
        rows.append(Message(room=room, seq=seqs[room.pk], author=author,
                            body=f"Message {index} sur l'atelier de jeudi, mot{tag}{index % 50}.",
                            html=f"<p>Message {index} sur l'atelier de jeudi.</p>"))
    Message.objects.bulk_create(rows, batch_size=2000)
    wall = Wall.objects.get(kind=Wall.Kind.GROUP)
    created = Post.objects.bulk_create([
        Post(wall=wall, author=leaver, body=f"Billet {index} {tag}.", html=f"<p>{index}</p>")
        for index in range(posts)], batch_size=1000)
    Comment.objects.bulk_create([
        Comment(post=created[index], author=leaver if index % 2 else other,
                body=f"Commentaire {index}.", html=f"<p>{index}</p>")
        for index in range(posts)], batch_size=1000)
    documents = Document.objects.bulk_create([
        Document(title=f"Guide {tag} {index}", description="Un guide.", author=leaver,
                 entry_point="outils", moderation_status="published",
                 published_at=timezone.now()) for index in range(files)])
    versions = DocumentVersion.objects.bulk_create([
        DocumentVersion(document=document, number=1, uploaded_by=leaver)
        for document in documents])
    rows = []
    for index, version in enumerate(versions):
        name = default_storage.save(f"documents/{secrets.token_hex(16)}.pdf",
                                    ContentFile(os.urandom(FILE_BYTES)))
        thumbnail = default_storage.save(f"documents/thumbnails/{secrets.token_hex(16)}.webp",
                                         ContentFile(os.urandom(4096)))
        rows.append(DocumentFile(version=version, file=name, thumbnail=thumbnail, kind="pdf",
                                 size=FILE_BYTES, display_name=f"guide {index}.pdf",
                                 content_type="application/pdf", text="Un guide. " * 50))
    DocumentFile.objects.bulk_create(rows, batch_size=500)
    project = Project.objects.create(title=f"Projet {tag}", summary="Un projet.",
                                     created_by=leaver)
    ProjectMembership.objects.bulk_create([
        ProjectMembership(project=project, member=leaver, role="owner", joined_at=timezone.now()),
        ProjectMembership(project=project, member=other, joined_at=timezone.now())])
    start = timezone.now() + timedelta(days=10)
    event = Event.objects.create(title=f"Atelier {tag}", kind="webinaire", summary="Un atelier.",
                                 starts_at=start, ends_at=start + timedelta(hours=2),
                                 capacity=1, online_url="https://visio.exemple.fr/salle")
    Registration.objects.create(event=event, member=leaver, status="confirmed")
    Registration.objects.create(event=event, member=other, status="waitlisted")


def close_once(leaver, mode: str) -> tuple[float, float]:
    """(whole call with the commit's work, the transaction alone) in seconds."""
    from django.db import transaction

    from privacy.closure.services import account_close

    started = time.perf_counter()
    with transaction.atomic():  # what account_close opens itself; its commit runs the rest
        account_close(actor=leaver, member=leaver, mode=mode, keep_library=False)
        writes = time.perf_counter() - started
    return time.perf_counter() - started, writes


def main() -> None:
    args = build_parser().parse_args()
    signal.signal(signal.SIGALRM, _time_limit)
    signal.alarm(args.timeout)
    workdir = Path(tempfile.mkdtemp(prefix="catalyse-bench-closure-"))
    database_url = args.database_url or f"sqlite:///{workdir / 'bench.sqlite3'}"
    for name in ("MEILISEARCH_URL", "REDIS_URL", "EMAIL_URL", "TASKS_QUEUE", "DEBUG",
                 "MEDIA_ROOT", "SEARCH_PATH"):
        os.environ.pop(name, None)
    os.environ.update({"DATABASE_URL": database_url, "SECRET_KEY": secrets.token_urlsafe(50),
                       "ALLOWED_HOSTS": "testserver", "CATALYSE_VAR_DIR": str(workdir),
                       "MEDIA_ROOT": str(workdir / "media"),
                       "DJANGO_SETTINGS_MODULE": "config.settings"})
    try:
        import django

        django.setup()
        from django.conf import settings
        from django.core.management import call_command

        settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
        settings.SEARCH_BACKEND = {"BACKEND": "search.backends.embedded.EmbeddedBackend",
                                   "OPTIONS": {"path": str(workdir / "search")}}
        from bench.calibration import calibrate, describe
        from chat.models import Message
        from community.models import User
        from search.backends import reset_backend_cache

        reset_backend_cache()
        call_command("migrate", verbosity=0)
        User.objects.filter(email__endswith="@bench.closure").delete()
        started = time.perf_counter()
        other = make_person("autre", "Autre")
        leavers = {}
        for mode in ("anonymise", "delete"):
            leavers[mode] = make_person(mode, mode.capitalize())
            fill(leavers[mode], other, messages=args.messages, posts=args.posts,
                 files=args.files, tag=mode[:3])
        call_command("search_reindex", verbosity=0)
        kind = "PostgreSQL" if "postgres" in database_url else "SQLite"
        print(f"data: per leaver {args.messages} messages, {args.posts} posts, "
              f"{args.posts // 2} comments, {args.files} files ({kind}), indexed, in "
              f"{time.perf_counter() - started:.1f} s")
        print(describe(calibrate()))
        ok = True
        for mode, leaver in leavers.items():
            assert Message.objects.filter(author=leaver).count() == args.messages
            files_before = sum(1 for path in (workdir / "media").rglob("*") if path.is_file())
            total, in_transaction = close_once(leaver, mode)
            files_after = sum(1 for path in (workdir / "media").rglob("*") if path.is_file())
            left = Message.objects.filter(author=leaver).count()
            print(f"{mode}: {total:.1f} s in all ({in_transaction:.1f} s the transaction, "
                  f"{total - in_transaction:.1f} s after the commit: index, files, e-mail); "
                  f"messages still signed: {left}; stored files {files_before} -> "
                  f"{files_after}")
            ok = ok and total < args.goal and left == 0
        print(f"{'PASS' if ok else 'FAIL'}: each closing under {args.goal:.0f} s")
        sys.exit(0 if ok else 1)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
