"""How moderated things are named in the queue, the log and the author's notification: their
date and time in the reader's French format, not ISO."""

from datetime import UTC, datetime

import pytest
from django.utils import translation

from moderation.registry import moment
from tests.factories import PostFactory
from walls.moderated import describe_post

pytestmark = pytest.mark.django_db


def test_a_moment_reads_as_french_and_local_time():
    with translation.override("fr"):
        assert moment(datetime(2026, 11, 29, 13, 33, tzinfo=UTC)) == "29/11/2026 14:33"


def test_a_post_is_described_with_that_moment(member):
    post = PostFactory(author=member)
    with translation.override("fr"):
        assert describe_post(post).endswith(moment(post.created_at))
        assert "-" not in moment(post.created_at)
