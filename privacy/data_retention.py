"""What privacy itself keeps: the members' export archives, a week after they are ready."""

from datetime import datetime

from privacy.retention.registry import register


def exports_purge(*, older_than: datetime, dry_run: bool) -> int:
    """The exports policy's cut-off is the moment of the run: an archive expires on its own
    date (``DataExport.expires_at``, set when it is ready)."""
    from privacy.services import data_export_purge_expired

    return data_export_purge_expired(now=older_than, dry_run=dry_run)


register("exports", exports_purge)
