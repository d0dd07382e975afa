"""Helpers of the peer search tests (test_peer_search_*.py): the page, highlight marks,
profile changes and the cards found. The ``network`` fixture is in this package's conftest.py."""

from django.urls import reverse

from search.backends.base import HIGHLIGHT_END, HIGHLIGHT_START

URL = reverse("community:directory")
S, E = HIGHLIGHT_START, HIGHLIGHT_END


def set_profile(user, **fields):
    profile = user.profile
    for name, value in fields.items():
        setattr(profile, name, value)
    profile.save()
    return user


def found(response) -> set[int]:
    assert response.status_code == 200
    return {int(card["id"]) for card in response.context["cards"]}


def ids(*users) -> set[int]:
    return {user.pk for user in users}
