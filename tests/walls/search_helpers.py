"""What the tests of the walls' search share: its address, and writing and reading the posts
index (the walls and ``committed`` are fixtures of tests/walls/conftest.py)."""

from search.query import search_index
from walls import services
from walls.models import Post
from walls.search_indexes import POSTS_INDEX

URL = "/mur/recherche/"
HTMX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_CURRENT_URL": "http://testserver/mur/recherche/"}


def found(user, query: str, **filters) -> list[int]:
    results = search_index(POSTS_INDEX, user=user, query=query, filters=filters or None)
    return [int(hit.id) for hit in results.hits]


def post_on(wall, author, body: str, committed) -> Post:
    with committed():
        return services.post_create(actor=author, wall=wall, body=body)


