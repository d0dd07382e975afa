"""The legal pages. Every one is reachable at every stage (anonymous, applicant, new member, a
member asked to accept a new charter): community's gate lets ``legal.`` views through
(community/access.py), so the footer's links and the charter's own page always answer."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from legal import selectors
from legal.forms import CharterAcceptForm
from legal.gate import remember_acceptance
from legal.models import PageKind
from legal.rendering import placeholders, render_legal_markdown, render_plain
from legal.retention import retention_rows
from legal.services import charter_accept
from legal.sitemap import site_map

RETENTION_MARKER = "[[durées de conservation]]"


def _page(request, kind: str, **extra):
    page = selectors.legal_page(kind)
    body, marker, rest = page.body.partition(RETENTION_MARKER)
    can_edit = request.user.has_perm("legal.change_legalpage")
    return render(request, "legal/page.html", {
        "page": page,
        "title": page.get_kind_display(),
        "body": render_legal_markdown(body),
        "rest": render_legal_markdown(rest) if marker else "",
        "can_edit": can_edit,
        "missing": len(placeholders(page.body)) if can_edit else 0,
        **extra,
    })


@require_GET
def legal_notice(request):
    return _page(request, PageKind.LEGAL_NOTICE)


@require_GET
def privacy(request):
    return _page(request, PageKind.PRIVACY, retention=retention_rows(), show_retention=True)


@require_GET
def accessibility(request):
    return _page(request, PageKind.ACCESSIBILITY)


def _safe_next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("community:home")


@require_http_methods(["GET", "POST"])
def charter(request):
    """The charter; to a member who has not accepted its current version, the box to do so."""
    version = selectors.charter_to_show()
    user = request.user
    asked = (user.is_authenticated and getattr(user, "is_member", False)
             and version.pk is not None and not selectors.has_accepted(user, version))
    if request.method == "POST" and not asked:
        return redirect("legal:charter")  # nothing to accept (anonymous, or already done)
    form = CharterAcceptForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        charter_accept(actor=user, version=version)
        remember_acceptance(request, version.number)
        messages.success(request, _("Thank you: you accepted the community charter."))
        return redirect(_safe_next(request))
    previous = selectors.last_acceptance(user) if asked else None
    return render(request, "legal/charter.html", {
        "version": version,
        "body": render_legal_markdown(version.body),
        "changes": render_plain(version.changes) if previous else "",
        "previous": previous,
        "acceptance": None if asked else selectors.last_acceptance(user),
        "asked": asked,
        "form": form,
        "next": _safe_next(request) if asked else "",
        "can_edit": user.has_perm("legal.change_charterversion"),
    }, status=400 if form.errors else 200)


@require_GET
def sitemap(request):
    return render(request, "legal/sitemap.html", {"sections": site_map(request.user)})
