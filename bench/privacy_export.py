"""The member's export (*Mes données*) of a member who wrote a lot: time and memory.

    .venv/bin/python bench/privacy_export.py [--messages 10000] [--files 200]
                                             [--file-kb 256] [--database-url URL]

A throw-away database (SQLite in a temporary directory by default; --database-url for a
PostgreSQL database of your own, e.g.
postgres://catalyse:catalyse@127.0.0.1:5432/catalyse_bench_export, emptied first) and a
temporary MEDIA_ROOT are filled in bulk: one member with --messages chat messages in 20 rooms
(one in ten a reply to another member's message), 2,000 wall posts and comments, and --files
documents each with one file of --file-kb KiB of random bytes (incompressible: the worst case
for the ZIP); another member with 2,000 messages of their own.

Then the export task's work (``privacy.services.data_export_build``) runs three times in this
process: once for the time (the goal: under --goal seconds), then twice under ``tracemalloc``
for the peak of Python allocations: for a member with a tenth of the messages and files, and for
the full member. Bounded memory means the two peaks are close: rows are streamed and files
copied in blocks, only the first rows of each section are kept for index.html. The process's
maximum RSS is printed too. Everything is local, bounded in time (--timeout) and stops by itself.

PASS when the full export takes under --goal seconds and its tracemalloc peak is under
--goal-memory MiB.
"""

import argparse
import os
import resource
import secrets
import shutil
import signal
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _time_limit(*_args) -> None:
    raise SystemExit("privacy export bench: time limit reached")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--files", type=int, default=200)
    parser.add_argument("--file-kb", type=int, default=256)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--goal", type=float, default=60.0, help="seconds")
    parser.add_argument("--goal-memory", type=float, default=64.0, help="MiB (tracemalloc peak)")
    parser.add_argument("--timeout", type=int, default=900)
    return parser


def _member(email: str, first_name: str):
    from django.utils import timezone

    from community.models import Profile, User, UserStatus

    user = User.objects.create(email=email, first_name=first_name, last_name="Bench",
                               status=UserStatus.MEMBER)
    Profile.objects.update_or_create(user=user, defaults={
        "organisation": "Bench", "actor_kind": "association", "perimeter": "local",
        "region": "bretagne", "onboarded_at": timezone.now(), "bio": "Une biographie. " * 20})
    return user


def populate(member, other, *, messages: int, files: int, file_kb: int, tag: str) -> None:
    from django.core.files.storage import default_storage

    from chat.models import Message, Room, RoomMembership
    from documents.models import Document, DocumentFile, DocumentVersion
    from walls.models import Comment, Post, Wall

    rooms = Room.objects.bulk_create([
        Room(kind=Room.Kind.PRIVATE, name=f"Salon {tag} {index}") for index in range(20)])
    RoomMembership.objects.bulk_create(
        [RoomMembership(room=room, user=person) for room in rooms for person in (member, other)])
    theirs = Message.objects.bulk_create([
        Message(room=rooms[index % 20], seq=index + 1, author=other, html="",
                body=f"Message {index} de l'autre membre, qui pose une question longue. " * 2)
        for index in range(2000)], batch_size=2000)
    Message.objects.bulk_create([
        Message(room=rooms[index % 20], seq=10_000 + index, author=member, html="",
                body=f"Réponse {index} : voici ce que je propose pour l'atelier de jeudi. " * 3,
                reply_to=theirs[index % 2000] if index % 10 == 0 else None)
        for index in range(messages)], batch_size=2000)
    wall = Wall.objects.get(kind=Wall.Kind.GROUP)
    posts = Post.objects.bulk_create([
        Post(wall=wall, author=member, body=f"Billet {index} sur la coopération.", html="")
        for index in range(1000)], batch_size=1000)
    Comment.objects.bulk_create([
        Comment(post=posts[index], author=member, body=f"Commentaire {index}.", html="")
        for index in range(1000)], batch_size=1000)
    documents = Document.objects.bulk_create([
        Document(title=f"Document {tag} {index}", description="Un guide.", author=member,
                 entry_point="outils",
                 moderation_status="published") for index in range(files)])
    versions = DocumentVersion.objects.bulk_create([
        DocumentVersion(document=document, number=1, uploaded_by=member)
        for document in documents])
    stored = []
    for index, version in enumerate(versions):
        from django.core.files.base import ContentFile

        name = default_storage.save(f"documents/{secrets.token_hex(16)}.pdf",
                                    ContentFile(os.urandom(file_kb * 1024)))
        stored.append(DocumentFile(version=version, file=name, kind="pdf",
                                   size=file_kb * 1024, display_name=f"guide {index}.pdf",
                                   content_type="application/pdf"))
    DocumentFile.objects.bulk_create(stored, batch_size=500)


def export_once(member, *, traced: bool) -> tuple[float, float, int]:
    from privacy import services
    from privacy.models import DataExport

    export = DataExport.objects.create(member=member, requested_by=member)
    if traced:
        tracemalloc.start()
    started = time.perf_counter()
    status = services.data_export_build(export_id=export.pk)
    elapsed = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1] / 2**20 if traced else 0.0
    if traced:
        tracemalloc.stop()
    export.refresh_from_db()
    assert status == DataExport.Status.READY, export.error
    size = export.size
    services._delete_stored(export.file.name)
    DataExport.objects.filter(pk=export.pk).delete()
    return elapsed, peak, size


def main() -> None:
    args = build_parser().parse_args()
    signal.signal(signal.SIGALRM, _time_limit)
    signal.alarm(args.timeout)
    workdir = Path(tempfile.mkdtemp(prefix="catalyse-bench-export-"))
    database_url = args.database_url or f"sqlite:///{workdir / 'bench.sqlite3'}"
    for name in ("MEILISEARCH_URL", "REDIS_URL", "EMAIL_URL", "TASKS_QUEUE", "DEBUG",
                 "MEDIA_ROOT"):
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

        # The "your export is ready" e-mails stay in memory, not on stdout.
        settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
        settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
        from bench.calibration import calibrate, describe
        from community.models import User

        call_command("migrate", verbosity=0)
        User.objects.filter(email__endswith="@bench.export").delete()
        started = time.perf_counter()
        member = _member("membre@bench.export", "Membre")
        small = _member("petit@bench.export", "Petit")
        other = _member("autre@bench.export", "Autre")
        populate(member, other, messages=args.messages, files=args.files,
                 file_kb=args.file_kb, tag="m")
        populate(small, other, messages=args.messages // 10, files=args.files // 10,
                 file_kb=args.file_kb, tag="p")
        print(f"data: {args.messages} messages and {args.files} files of {args.file_kb} KiB "
              f"({'PostgreSQL' if 'postgres' in database_url else 'SQLite'}) in "
              f"{time.perf_counter() - started:.1f} s")
        print(describe(calibrate()))
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        elapsed, _peak, size = export_once(member, traced=False)
        rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        _t, small_peak, _s = export_once(small, traced=True)
        _t, full_peak, _s = export_once(member, traced=True)
        print(f"export: {elapsed:.1f} s for {args.messages} messages and {args.files} files, "
              f"archive {size / 2**20:.1f} MiB")
        print(f"memory: tracemalloc peak {small_peak:.1f} MiB with a tenth of the data, "
              f"{full_peak:.1f} MiB with all of it; max RSS {rss_before:.0f} MiB before the "
              f"export, {rss_after:.0f} MiB after")
        ok = elapsed < args.goal and full_peak < args.goal_memory
        print(f"{'PASS' if ok else 'FAIL'}: export {elapsed:.1f} s (goal {args.goal:.0f} s), "
              f"peak {full_peak:.1f} MiB (goal {args.goal_memory:.0f} MiB)")
        sys.exit(0 if ok else 1)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
