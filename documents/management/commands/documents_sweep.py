"""Remove stored files that no row names any more (documents/services/storing.py): what a
caller's rolled-back transaction or a crash between a deletion and its commit left behind; and
the files held between two submits of a form (documents/holding.py) once their hour is over."""

import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from documents import holding
from documents.services.storing import unreferenced

PREFIXES = ("documents", "thumbnails")


class Command(BaseCommand):
    help = "Delete stored document files and thumbnails that no database row uses."

    def add_arguments(self, parser):
        parser.add_argument("--older-than-hours", type=float, default=24,
                            help="only files not modified for this long (default 24)")
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args, older_than_hours: float, dry_run: bool, **options):
        root = Path(settings.MEDIA_ROOT)
        limit = time.time() - older_than_hours * 3600
        candidates = [
            path.relative_to(root).as_posix()
            for prefix in PREFIXES if (root / prefix).is_dir()
            for path in (root / prefix).rglob("*")
            if path.is_file() and path.stat().st_mtime < limit
        ]
        orphans = []
        for start in range(0, len(candidates), 500):
            orphans += unreferenced(candidates[start:start + 500])
        for name in orphans:
            if not dry_run:
                (root / name).unlink(missing_ok=True)
            self.stdout.write(name)
        verb = "would be deleted" if dry_run else "deleted"
        self.stdout.write(self.style.SUCCESS(f"{len(orphans)} orphan files {verb}"))
        if not dry_run:
            held = holding.purge_expired()
            self.stdout.write(self.style.SUCCESS(f"{held} expired held uploads deleted"))
