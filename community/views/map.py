"""The members map's shapes, served as one SVG file that browsers keep (community.map_asset)."""

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import etag, require_safe

from community.map_asset import region_map_asset

YEAR = 365 * 24 * 3600


@require_safe
@etag(lambda request: region_map_asset().version)
def region_map_shapes(request: HttpRequest) -> HttpResponse:
    """The same drawing for everyone (no personal data): cached for a year when asked for by
    its current version, for five minutes otherwise (an old page after a deployment)."""
    asset = region_map_asset()
    response = HttpResponse(asset.content, content_type="image/svg+xml; charset=utf-8")
    response["X-Content-Type-Options"] = "nosniff"
    if request.GET.get("v") == asset.version:
        patch_cache_control(response, public=True, max_age=YEAR, immutable=True)
    else:
        patch_cache_control(response, public=True, max_age=300)
    return response
