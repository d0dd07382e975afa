"""The site's URLs plus a view that is still working when its client goes away."""

import time

from django.http import HttpResponse
from django.urls import include, path


def slow(request):
    time.sleep(0.3)
    return HttpResponse("fini")


urlpatterns = [path("lent/", slow), path("", include("config.urls"))]
