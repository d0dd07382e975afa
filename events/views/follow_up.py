""""Donner une suite": from an event, start a project or ask peers a question that links back
to it, through the projects' and walls' own services (their rules apply)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from config.site import absolute_url
from events import permissions
from events.forms import FollowUpProjectForm, FollowUpQuestionForm
from events.views.common import require
from projects import services as project_services
from walls import services as wall_services
from walls.selectors import group_wall


def _back_link(event) -> str:
    return _("Follows the event “%(title)s”: %(url)s") % {
        "title": event.title, "url": absolute_url(event.get_absolute_url())}


@require_http_methods(["GET", "POST"])
def follow_up(request, pk: int):
    user = request.user
    event = permissions.get_event_for_user(user, pk)
    require(permissions.can_follow_up(user, event))
    action = request.POST.get("action") if request.method == "POST" else None
    project_form = FollowUpProjectForm(
        request.POST if action == "project" else None, prefix="project",
        initial={"title": event.title, "summary": event.summary[:300]})
    question_form = FollowUpQuestionForm(request.POST if action == "question" else None,
                                         prefix="question")
    try:
        if action == "project" and project_form.is_valid():
            project = project_services.project_create(
                actor=user, **project_form.cleaned_data, description=_back_link(event),
                regions=[event.region] if event.region else [],
                domains=[domain.pk for domain in event.domains.all()],
                metiers=[metier.pk for metier in event.metiers.all()])
            return redirect(project)
        if action == "question" and question_form.is_valid():
            wall = group_wall()
            if wall is None:
                raise PermissionDenied
            post = wall_services.question_create(
                actor=user, wall=wall,
                body=f"{question_form.cleaned_data['body']}\n\n{_back_link(event)}")
            return redirect(post.get_absolute_url())
    except ValidationError as error:
        (project_form if action == "project" else question_form).add_error(None, error)
    return render(request, "events/follow_up.html", {
        "event": event, "project_form": project_form, "question_form": question_form,
    })
