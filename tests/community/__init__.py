import pytest

# A helper module with plain asserts, moved out of a test module: keep pytest's assert rewriting.
pytest.register_assert_rewrite("tests.community.peer_search")
