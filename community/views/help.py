"""« Qui peut m'aider ? »: describe a need, get the members who can best help, and why."""

import logging

from django.shortcuts import render
from django.views.decorators.http import require_GET

from community import selectors, taxonomy
from community.forms.help import HelpRequestForm
from search.backends.base import SearchUnavailable

logger = logging.getLogger(__name__)


@require_GET
def who_can_help(request):
    """A GET form, so that a request can be bookmarked and shared; members only (the default)."""
    form = HelpRequestForm(request.GET or None)
    suggestions: list[selectors.HelpSuggestion] = []
    unavailable = False
    if form.is_bound and form.is_valid():
        try:
            suggestions = selectors.who_can_help(
                asker=request.user,
                text=form.cleaned_data["text"],
                tags=form.cleaned_data["tags"],
                metier=form.cleaned_data["metier"],
                region=form.cleaned_data["region"],
            )
        except SearchUnavailable:
            logger.warning("Who can help: the search engine is unavailable", exc_info=True)
            unavailable = True
    return render(request, "community/who_can_help.html", {
        "form": form,
        "searched": form.is_bound and form.is_valid(),
        "suggestions": suggestions,
        "unavailable": unavailable,
        "suggested_skills": taxonomy.SUGGESTED_SKILLS,
    })
