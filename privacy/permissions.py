"""Who may ask for, follow and download an export of a member's data.

- A **member** asks for their own export from *Mes données*, follows it there and downloads it;
  nobody else ever downloads it: another person's archive is a 404, even for a moderator or
  an admin, since it holds private conversations (DESIGN.md §7: moderators never read those).
- A **moderator** (or an admin) may run the export for a member who asked by other means (a
  letter, an e-mail to the network): it is logged in the audit log, the member is told when
  it is ready and downloads it themselves, behind their own login. The moderator never gets
  the file. They act on an approved member other than themselves (for themselves they use
  *Mes données* like everyone).
- An applicant holds too little to export yet and has no *Mes données* page (they are not past
  the members' gate); a suspended member cannot sign in, so a moderator cannot run it for them.
"""

from django.http import Http404

from privacy.models import DataExport


def can_request_own_export(user) -> bool:
    return bool(getattr(user, "is_member", False))


def can_request_export_for(actor, member) -> bool:
    return (bool(getattr(actor, "is_moderator", False)) and actor.pk != member.pk
            and bool(getattr(member, "is_member", False)))


def can_download_export(user, export: DataExport) -> bool:
    return bool(getattr(user, "is_member", False)) and export.member_id == user.pk


def get_export_for_download(user, pk: int) -> DataExport:
    """The member's own export, or a 404 (someone else's is not even said to exist)."""
    export = DataExport.objects.filter(pk=pk).first()
    if export is None or not can_download_export(user, export):
        raise Http404
    return export
