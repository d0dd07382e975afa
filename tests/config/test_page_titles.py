"""Every page's title says what the page is, then the site (RGAA 8.6):
"Mur du réseau · Catalyse"."""

import re

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/", "/mur/", "/actualites/", "/notifications/", "/chat/"])
def test_member_pages_name_themselves_before_the_site(as_user, member, path):
    page = as_user(member).get(path).content.decode()
    title = re.search(r"<title>(.*?)</title>", page, re.S).group(1)
    assert re.fullmatch(r"\S.* · Catalyse", title), title


@pytest.mark.parametrize("path", ["/", "/comptes/login/"])
def test_public_pages_too(client, path):
    page = client.get(path).content.decode()
    title = re.search(r"<title>(.*?)</title>", page, re.S).group(1)
    assert re.fullmatch(r"\S.* · Catalyse", title), title
