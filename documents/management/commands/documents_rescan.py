"""Scan again the files still waiting for their virus scan (the scanner was unreachable), for
task backends that cannot defer a retry (embedded mode)."""

from django.core.management.base import BaseCommand

from documents import services
from documents.models import DocumentFile, ScanStatus


class Command(BaseCommand):
    help = "Scan the document files still waiting for their virus scan."

    def handle(self, *args, **options):
        ids = list(DocumentFile.objects.filter(scan_status=ScanStatus.PENDING)
                   .order_by("pk").values_list("pk", flat=True))
        results = {pk: services.file_process(file_id=pk) for pk in ids}
        still = sum(1 for status in results.values() if status == ScanStatus.PENDING)
        self.stdout.write(self.style.SUCCESS(
            f"{len(ids)} files scanned, {still} still waiting for the scanner"))
