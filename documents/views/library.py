"""The library's pages: the overview (/documents/), browsing with filters, the search and
"My documents"."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from documents import permissions, selectors
from documents.forms import BrowseForm
from documents.search import search_documents
from documents.taxonomy import EntryPoint
from documents.views.common import PAGE_SIZE, require


@require_GET
def overview(request):
    """What the network asked for: each entry point with its count, the newest and the most
    downloaded documents, the popular tags; then browse or search."""
    user = request.user
    require(permissions.can_browse_library(user))
    moderator = permissions.can_moderate_documents(user)
    return render(request, "documents/overview.html", {
        "overview": selectors.library_overview(),
        "tags": selectors.popular_tags(),
        "can_propose": permissions.can_propose_document(user),
        "pending_count": selectors.pending_count() if moderator else 0,
    })


@require_GET
def browse(request):
    """One entry point or all, filtered by lever, domain and tag, sorted, paginated."""
    user = request.user
    require(permissions.can_browse_library(user))
    form = BrowseForm(request.GET)
    filters = form.filters()
    page = Paginator(selectors.browse(**filters), PAGE_SIZE).get_page(request.GET.get("page"))
    entry_point = EntryPoint(filters["entry_point"]) if filters["entry_point"] else None
    return render(request, "documents/browse.html", {
        "form": form, "filters": filters, "page": page, "entry_point": entry_point,
        "can_propose": permissions.can_propose_document(user),
    })


@require_GET
def search(request):
    user = request.user
    require(permissions.can_browse_library(user))
    entry_point = request.GET.get("porte", "")
    if entry_point not in EntryPoint.values:
        entry_point = ""
    found = search_documents(user, request.GET.get("q", ""), entry_point=entry_point)
    return render(request, "documents/search.html", {
        "found": found, "entry_point": entry_point, "entry_points": EntryPoint.choices,
    })


@require_GET
def mine(request):
    """"My documents": what the member proposed or added, with its status and, if rejected,
    why."""
    user = request.user
    require(permissions.can_propose_document(user))
    page = Paginator(selectors.documents_of_author(user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "documents/mine.html", {
        "page": page, "can_publish": permissions.can_publish_document(user),
    })
