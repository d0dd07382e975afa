"""A page of search results as the search pages show it (walls, news): where the reader is, and
the addresses of the pages around it. Each app's page adds its results and its own links."""

from dataclasses import dataclass, field
from typing import Any, ClassVar


@dataclass
class ResultsPage:
    """``params`` has ``query`` and ``querystring(**changes)`` (the address of the same search
    with some parameters changed)."""

    params: Any
    results: list = field(default_factory=list)
    total: int = 0
    page: int = 1
    search_unavailable: bool = False

    page_size: ClassVar[int] = 20

    @property
    def searched(self) -> bool:
        return bool(self.params.query)

    @property
    def num_pages(self) -> int:
        return max(1, -(-self.total // self.page_size))

    @property
    def previous_query(self) -> str:
        return self.params.querystring(page=self.page - 1) if self.page > 1 else ""

    @property
    def next_query(self) -> str:
        return self.params.querystring(page=self.page + 1) if self.page < self.num_pages else ""
