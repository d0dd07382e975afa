"""config/site.py: the one place that knows the site's address (for links in e-mails)."""

import pytest
from django.test import RequestFactory

from config.site import SiteAddressMiddleware, absolute_url, site_url


@pytest.fixture(autouse=True)
def _addresses(settings):
    settings.ALLOWED_HOSTS = ["reseau.catalyse.example", "testserver"]
    settings.SITE_URL = "https://catalyse.example.org/"


def test_without_a_request_the_setting_without_its_trailing_slash():
    assert site_url() == "https://catalyse.example.org"
    assert absolute_url("/membres/") == "https://catalyse.example.org/membres/"


def test_a_request_gives_its_scheme_and_host():
    request = RequestFactory().get("/", HTTP_HOST="reseau.catalyse.example:8443", secure=True)
    # The port is part of the host; Django checks the host without it.
    assert site_url(request) == "https://reseau.catalyse.example:8443"
    assert absolute_url("/x/", request) == "https://reseau.catalyse.example:8443/x/"


def test_a_host_outside_allowed_hosts_is_never_used():
    request = RequestFactory().get("/", HTTP_HOST="attaquant.example")
    assert site_url(request) == "https://catalyse.example.org"


def test_a_relative_path_is_refused():
    with pytest.raises(ValueError):
        absolute_url("membres/")


def test_the_middleware_remembers_the_address_only_during_the_request():
    seen = []
    middleware = SiteAddressMiddleware(lambda request: seen.append(site_url()) or "response")
    request = RequestFactory().get("/", HTTP_HOST="reseau.catalyse.example")
    assert middleware(request) == "response"
    assert seen == ["http://reseau.catalyse.example"]
    assert site_url() == "https://catalyse.example.org"  # gone once the response left
    hostile = RequestFactory().get("/", HTTP_HOST="attaquant.example")
    middleware(hostile)
    assert seen[-1] == "https://catalyse.example.org"
