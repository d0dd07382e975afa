"""The feed's introduction: projects and documents are here, not "coming soon", and it leads
to them."""

import pytest
from django.urls import reverse

from tests.news.helpers import FEED

pytestmark = pytest.mark.django_db


def test_the_feed_introduction_links_to_projects_and_documents(as_user, member):
    html = as_user(member).get(FEED).content.decode()
    lead = html.split('<p class="lead">', 1)[1].split("</p>", 1)[0]
    assert "bientôt" not in lead and "soon" not in lead
    assert f'<a href="{reverse("projects:list")}">projets</a>' in lead
    assert f'<a href="{reverse("documents:overview")}">documents</a>' in lead
