"""The backends of the search contract tests (test_backend_contract_*.py): the embedded
engine always, Meilisearch when ``MEILISEARCH_URL`` answers; a fresh index for each test."""

import os
import uuid

import pytest

from search.backends.embedded import EmbeddedBackend
from tests.search.contract import DOCS, INDEX, NOT_REACHABLE, SETTINGS, _meilisearch_answers


@pytest.fixture(params=["embedded", "meilisearch"])
def engine(request, tmp_path):
    if request.param == "embedded":
        yield EmbeddedBackend({"path": str(tmp_path / "search")})
        return
    url, key = os.environ.get("MEILISEARCH_URL"), os.environ.get("MEILISEARCH_API_KEY")
    if not _meilisearch_answers(url, key):
        pytest.skip(NOT_REACHABLE)
    import meilisearch

    from search.backends.meilisearch import MeilisearchBackend

    prefix = f"test_{uuid.uuid4().hex[:10]}_"
    yield MeilisearchBackend(options={"url": url, "api_key": key, "index_prefix": prefix})
    client = meilisearch.Client(url, key or None)
    for index in client.get_indexes({"limit": 1000})["results"]:
        if index.uid.startswith(prefix):
            client.wait_for_task(client.delete_index(index.uid).task_uid)


@pytest.fixture
def members(engine):
    engine.configure(INDEX, SETTINGS)
    engine.index(INDEX, DOCS)
    return engine
