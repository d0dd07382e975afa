"""The notification preferences form: one group of radio buttons per kind."""

from django import forms
from django.utils.translation import gettext_lazy as _

from notifications.models import Delivery, Notification

Kind = Notification.Kind

KIND_HELP = {
    Kind.MENTION: _("Someone names you with @ in a chat room or on a wall."),
    Kind.ROOM_INVITATION: _("Someone adds you to a chat room."),
    Kind.REPLY: _("Someone replies to your comment, or in a thread you started."),
    Kind.COMMENT: _("Someone comments on your post."),
    Kind.ANSWER: _("Someone answers your question."),
    Kind.ANSWER_ACCEPTED: _("Your answer is accepted by the person who asked."),
    Kind.QUESTION_FOR_YOU: _("A member asks you a question."),
    Kind.MODERATION_DECISION: _("A moderator decides on something you wrote, or warns you."),
    Kind.NEWS_PUBLISHED: _("A news item is published in the network's feed."),
    Kind.PROJECT_JOIN_REQUEST: _("A member asks to join a project you own."),
    Kind.PROJECT_INVITATION: _("A project owner invites you to their project."),
    Kind.PROJECT_MEMBERSHIP: _("An owner accepts you in their project."),
    Kind.TASK_ASSIGNED: _("A task of a project is assigned to you."),
    Kind.DOCUMENT_VERSION: _("A new version of a document you follow is uploaded."),
    Kind.EVENT_UPDATE: _("An event you registered for moves, changes place or link, is "
                         "cancelled, or gets its replay."),
    Kind.EVENT_SEAT: _("A seat frees up for you at an event, or an organiser registers you."),
    Kind.EVENT_REMINDER: _("An event you registered for is tomorrow, or in one hour."),
    Kind.DATA_EXPORT_READY: _("The export of your data that you asked for can be downloaded."),
}


class PreferencesForm(forms.Form):
    """Field names are the kinds (``Notification.Kind`` values), values the deliveries."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")  # a legend, not a label before a box
        super().__init__(*args, **kwargs)
        for kind, label in Kind.choices:
            self.fields[kind] = forms.ChoiceField(
                label=label, choices=Delivery.choices, widget=forms.RadioSelect,
                help_text=KIND_HELP.get(kind, ""),
            )
