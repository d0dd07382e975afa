"""What the documents app does when an account closes (privacy/closure/registry.py). Before
any app that would delete the files' owners: documents carry their own files."""

from django.utils.translation import ngettext

from documents.models import Document
from documents.services.erasure import (
    library_documents,
    member_documents_anonymise,
    member_documents_counts,
    member_documents_erase,
    pending_proposals,
)
from privacy.closure.registry import Closure, Eraser, SummaryLine, register


def close(closure: Closure) -> None:
    if closure.deletes_content:
        doomed = Document.objects.filter(author=closure.member)
        if closure.keep_library:
            doomed = doomed.exclude(pk__in=library_documents(closure.member))
        closure.forget(Document, doomed.values_list("pk", flat=True))
        done = member_documents_erase(member=closure.member, keep_library=closure.keep_library)
        for key, value in done.items():
            closure.count(f"documents.{key}", value)
    else:
        closure.forget(Document, pending_proposals(closure.member).values_list("pk", flat=True))
        for key, value in member_documents_anonymise(member=closure.member).items():
            closure.count(f"documents.{key}", value)


def summary(member, closure: Closure) -> list[SummaryLine]:
    counts = member_documents_counts(member)
    if not counts["all"]:
        return []
    if not closure.deletes_content:
        lines = []
        staying = counts["all"] - counts["pending"]
        if staying:
            lines.append(SummaryLine(ngettext(
                "%(count)d document stays, signed “Former member”.",
                "%(count)d documents stay, signed “Former member”.", staying,
            ) % {"count": staying}))
        if counts["pending"]:
            lines.append(SummaryLine(ngettext(
                "%(count)d document proposal awaiting the moderators is withdrawn.",
                "%(count)d document proposals awaiting the moderators are withdrawn.",
                counts["pending"],
            ) % {"count": counts["pending"]}))
        return lines
    lines = []
    library = counts["library"]
    others = counts["all"] - library if closure.keep_library else counts["all"]
    if library and closure.keep_library:
        lines.append(SummaryLine(ngettext(
            "%(count)d document published in the library passes to the network, signed "
            "“Former member” (tick the box below to delete it too).",
            "%(count)d documents published in the library pass to the network, signed "
            "“Former member” (tick the box below to delete them too).", library,
        ) % {"count": library}))
    if others:
        lines.append(SummaryLine(ngettext(
            "%(count)d other document is deleted, with its files.",
            "%(count)d other documents are deleted, with their files.", others,
        ) % {"count": others}))
    return lines


register(Eraser(name="documents", order=60, close=close, summary=summary))
