"""Fixtures of the walls' tests: the network's wall, a themed wall, and running what the
services schedule on commit (a test module may define its own)."""

import pytest

from walls import selectors, services


@pytest.fixture
def wall():
    return selectors.group_wall()


@pytest.fixture
def themed(moderator):
    return services.wall_create(actor=moderator, name="Tiers-lieux")


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """``with committed():`` runs what the services schedule on commit (the index flush)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
