from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PendingUpdate(models.Model):
    """An index update written in the same transaction as the change it reflects.

    The row is the promise that the index will catch up: it is deleted only once the engine has
    accepted the update, so an engine outage or a lost task never loses an update.
    """

    index = models.CharField(max_length=50)
    object_id = models.CharField(max_length=64)
    scheduled_at = models.DateTimeField(default=timezone.now)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now, db_index=True)
    last_error = models.CharField(max_length=200, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["index", "object_id"], name="unique_pending_update"),
        ]

    def __str__(self) -> str:
        return f"{self.index}:{self.object_id}"


class VocabularyEntry(models.Model):
    """An admin's change to the search vocabulary (``search/vocabulary.json``), applied without
    a deploy: a group or a one-way entry whose head is already in the file replaces it (or,
    inactive, removes it); any other extends the vocabulary."""

    class Kind(models.TextChoices):
        GROUP = "group", _("Same meaning (each form finds the others)")
        ONE_WAY = "one_way", _("Broad word (finds the narrower forms, not the reverse)")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.GROUP)
    head = models.CharField(
        _("word"),
        max_length=100,
        help_text=_("The first form of the group, or the broad word. Acronyms in capitals."),
    )
    forms = models.TextField(
        _("forms"),
        blank=True,
        help_text=_("The other forms, or the narrower words, separated by commas."),
    )
    active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("Untick to remove the file's entry with the same word."),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("vocabulary entry")
        verbose_name_plural = _("vocabulary entries")
        ordering = ["head"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "head"], name="unique_vocabulary_head"),
        ]

    def __str__(self) -> str:
        return self.head

    def form_list(self) -> list[str]:
        return [form.strip() for form in self.forms.replace("\n", ",").split(",") if form.strip()]

    @classmethod
    def merge_into(cls, vocabulary) -> None:
        """Apply every entry to ``vocabulary`` (a ``search.vocabulary.Vocabulary``)."""
        for entry in cls.objects.order_by("pk"):
            key = entry.head.strip().casefold()
            if entry.kind == cls.Kind.GROUP:
                vocabulary.groups = [
                    group for group in vocabulary.groups if group[0].casefold() != key
                ]
                if entry.active:
                    vocabulary.groups.append([entry.head.strip(), *entry.form_list()])
            else:
                vocabulary.one_way = {
                    broad: narrow for broad, narrow in vocabulary.one_way.items()
                    if broad.casefold() != key
                }
                if entry.active:
                    vocabulary.one_way[entry.head.strip()] = entry.form_list()
