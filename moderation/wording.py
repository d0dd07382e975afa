"""What the pages say about each decision (moderation/transitions.py), translated when shown."""

from django.utils.translation import gettext_lazy as _

DECISION_WORDING = {
    "approve": {
        "link": _("Approve"),
        "heading": _("Publish this content?"),
        "button": _("Approve and publish"),
        "explanation": _("Members will see it, and its author is told."),
        "done": _("“%(item)s” is published."),
    },
    "reject": {
        "link": _("Reject…"),
        "heading": _("Reject this content?"),
        "button": _("Reject"),
        "explanation": _("It will not be published. Its author is told why; your reason is "
                         "kept in the moderation log."),
        "done": _("“%(item)s” is rejected."),
    },
    "hide": {
        "link": _("Hide…"),
        "heading": _("Hide this content?"),
        "button": _("Hide"),
        "explanation": _("Members will no longer see it, and the open reports on it are "
                         "closed. Its author is told why; your reason is kept in the moderation "
                         "log."),
        "done": _("“%(item)s” is hidden."),
    },
    "restore": {
        "link": _("Restore…"),
        "heading": _("Restore this content?"),
        "button": _("Restore"),
        "explanation": _("Members will see it again, and its author is told."),
        "done": _("“%(item)s” is published again."),
    },
}
