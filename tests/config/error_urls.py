"""The site's URLs and error handlers, plus a page that fails (tests/config/test_error_pages.py)."""

from django.core.exceptions import PermissionDenied
from django.urls import path

from community.access import open_access
from community.models import User
from config.urls import handler400, handler403, handler404, handler500, urlpatterns

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]


@open_access
def database_down(request):
    """A page that reads the database, which the test has just made unreachable."""
    User.objects.count()


urlpatterns = [*urlpatterns, path("tests/database-down/", database_down)]


@open_access
def forbidden_with_a_reason(request):
    raise PermissionDenied("Seules les personnes qui animent ce projet peuvent le clore.")


@open_access
def forbidden(request):
    raise PermissionDenied


urlpatterns += [
    path("tests/forbidden-with-a-reason/", forbidden_with_a_reason),
    path("tests/forbidden/", forbidden),
]
