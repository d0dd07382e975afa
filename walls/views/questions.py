"""Questions to peers (*demandes d'aide*): asking one, the members who may help (the "Qui
peut m'aider ?" service) and telling a few of them, the list of questions, accepting an
answer."""

import logging

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from community.models import User
from community.selectors import who_can_help
from search.backends.base import SearchUnavailable
from walls import permissions, selectors, services
from walls.forms import QuestionFilterForm, QuestionForm
from walls.models import Comment, Post
from walls.views.common import positive_int, report_errors

logger = logging.getLogger(__name__)


@require_GET
def questions(request):
    """Open questions, newest first; ``?statut=resolues`` the answered ones; filtered by
    ``metier``, ``region`` and ``competence`` (a skill)."""
    form = QuestionFilterForm(request.GET)
    filters = form.cleaned_data if form.is_valid() else {}
    before = positive_int(request.GET.get("avant"))
    found, next_before = selectors.questions(
        request.user, metier=filters.get("metier", ""), region=filters.get("region", ""),
        skill=" ".join((filters.get("competence") or "").split()),
        answered=filters.get("statut") == "resolues", before=before,
    )
    params = request.GET.copy()
    params.pop("avant", None)
    return render(request, "walls/questions.html", {
        "form": form,
        "questions": found,
        "answered": filters.get("statut") == "resolues",
        "next_url": (f"?{params.urlencode()}&avant={next_before}" if params
                     else f"?avant={next_before}") if next_before else "",
    })


@require_http_methods(["GET", "POST"])
def question_create(request, slug: str | None = None):
    """Ask a question on the network's wall (/mur/questions/nouvelle/) or on a themed wall
    (/mur/<slug>/question/), then see who may help. An archived wall takes none (403)."""
    wall = (selectors.group_wall() if slug is None
            else permissions.get_wall_for_user(request.user, slug))
    if wall is None:
        raise Http404
    if not permissions.can_ask_on_wall(request.user, wall):
        raise PermissionDenied
    form = QuestionForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        data = form.cleaned_data
        try:
            question = services.question_create(
                actor=request.user, wall=wall, body=data["body"], skills=data["skills"],
                metier=data["metier"], region=data["region"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your question has been published."))
            return redirect("walls:question_help", question.pk)
    return render(request, "walls/question_form.html", {"form": form, "wall": wall})


def _asked_question(request, pk: int) -> Post:
    question = permissions.get_post_for_user(request.user, pk)
    if not question.is_question:
        raise Http404
    if not permissions.can_notify_about_question(request.user, question):
        raise PermissionDenied
    return question


def suggestions_for(question: Post) -> list:
    """``who_can_help`` for the question's text and skills, trade and region (never the
    asker). Raises SearchUnavailable."""
    return who_can_help(
        asker=question.author, text=question.body,
        tags=[tag.name for tag in question.skills.all()],
        metier=question.metier_id or "", region=question.region,
    )


@require_http_methods(["GET", "POST"])
def question_help(request, pk: int):
    """« Qui peut vous aider ? »: the members who may help the asker, with why; the asker
    ticks up to MAX_NOTIFIED_MEMBERS of them and tells them, or goes to the question."""
    question = _asked_question(request, pk)
    suggestions, unavailable, error = [], False, ""
    try:
        suggestions = suggestions_for(question)
    except SearchUnavailable:
        logger.warning("Question %s: the search engine is unavailable", pk, exc_info=True)
        unavailable = True
    chosen = {positive_int(value) for value in request.POST.getlist("members")} - {None}
    if request.method == "POST" and not unavailable:
        suggested = {suggestion.id for suggestion in suggestions}
        people = list(User.objects.members().filter(pk__in=chosen & suggested))
        try:
            told = services.question_notify_members(actor=request.user, question=question,
                                                    members=people)
        except ValidationError as problem:
            error = " ".join(problem.messages)
        else:
            if told:
                messages.success(request, _("The members you chose have been told."))
            return redirect(question)
    return render(request, "walls/question_help.html", {
        "question": question,
        "suggestions": suggestions,
        "unavailable": unavailable,
        "error": error,
        "chosen": chosen,
        "max_members": services.MAX_NOTIFIED_MEMBERS,
    }, status=400 if error else 200)


@require_POST
def answer_accept(request, pk: int):
    """The asker accepts an answer (a top-level comment of their question)."""
    answer = get_object_or_404(Comment.objects.only("pk", "post_id"), pk=pk)
    question = permissions.get_post_for_user(request.user, answer.post_id)
    if not permissions.can_accept_answer(request.user, question):
        raise PermissionDenied
    try:
        services.answer_accept(actor=request.user, question=question, answer=answer)
    except ValidationError as error:
        report_errors(request, error)
        return redirect(question)
    messages.success(request, _("You accepted this answer."))
    return redirect(f"{reverse('walls:post_detail', args=[question.pk])}#c-{answer.pk}")
