"""Browser journeys: Playwright drives Debian's Chromium against pytest-django's live server.

``playwright install`` cannot download browsers here, so the system Chromium is launched
(``CATALYSE_CHROMIUM``, else ``chromium`` on the PATH, else ``/usr/bin/chromium``). Without
one, every e2e test is skipped with the reason; CI installs it, so the journeys run there.
"""

import os
import shutil
from collections.abc import Callable, Iterator
from importlib import import_module
from pathlib import Path

import pytest
from django.db import connections

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
BLOCKING_IMPACTS = {"serious", "critical"}
TIMEOUT_MS = 10_000


def chromium_path() -> str | None:
    candidate = (
        os.environ.get("CATALYSE_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    )
    path = Path(candidate)
    return str(path) if path.is_file() and os.access(path, os.X_OK) else None


def pytest_collection_modifyitems(config, items):
    """Run browser journeys last.

    While Playwright's sync API is started, its event loop counts as running in the main
    thread: a later synchronous ORM call or ``asyncio.run`` in another test would fail.
    Keeping e2e tests at the end of the session means no other test shares that state.
    """
    items.sort(key=lambda item: item.get_closest_marker("e2e") is not None)


@pytest.fixture(scope="session")
def browser(django_db_setup) -> Iterator:
    """One headless Chromium for the whole session.

    Depends on ``django_db_setup`` so the test database outlives the browser: Django's
    teardown then runs after Playwright's loop has stopped.
    """
    executable = chromium_path()
    if executable is None:
        pytest.skip(
            "No Chromium found (set CATALYSE_CHROMIUM, or `apt-get install chromium`); "
            "`playwright install` cannot download browsers here."
        )
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop running in the main thread; Django would
    # refuse the tests' own ORM calls (fixtures, checks) as "async unsafe". Tests only, and
    # only while the browser runs.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    # With that loop running, Django's connection handler also switches this thread to its
    # per-context storage and would open fresh connection objects, not the ones the test
    # database was set up on (``serialized_rollback`` then silently restored nothing for every
    # journey after the first) nor, with in-memory SQLite, the one the live server shares
    # (a second connection to a shared-cache database can hit "table is locked").
    # Keep the thread's own connections.
    thread_connections = {alias: connections[alias] for alias in connections}
    playwright = sync_playwright().start()
    for alias, connection in thread_connections.items():
        connections[alias] = connection
    try:
        chromium = playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield chromium
        finally:
            chromium.close()
    finally:
        playwright.stop()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def reference_data(transactional_db) -> None:
    """The trades, fragility domains and levers, and the network's wall, made as their data
    migrations make them.

    A live-server journey needs a transactional database, flushed after each test.
    ``serialized_rollback`` cannot be relied on to bring this data back: once a transactional
    test without it has run (the chat consumer tests), the flush has re-created the content
    types under new ids and the restore fails on them (IntegrityError at setup).
    """
    from django.apps import apps

    import_module("community.migrations.0002_reference_data").load(apps, None)
    import_module("documents.migrations.0002_levers").load(apps, None)
    import_module("walls.migrations.0002_group_wall").create_group_wall(apps, None)


@pytest.fixture
def shared_database(browser, transactional_db, tmp_path):
    """The test database, shared with a Daphne subprocess (tests/e2e/live.py).

    ``browser`` first: Playwright's loop is running and the main thread's connection is the
    one the test database was set up on (see the ``browser`` fixture).
    """
    from tests.e2e.live import share_test_database

    return share_test_database(tmp_path)


@pytest.fixture
def new_context(browser) -> Iterator[Callable]:
    """``new_context()`` opens a fresh browser context (own cookies), in French; closed after."""
    contexts = []

    def make(**kwargs):
        kwargs.setdefault("locale", "fr-FR")
        kwargs.setdefault("viewport", {"width": 1280, "height": 900})
        context = browser.new_context(**kwargs)
        context.set_default_timeout(TIMEOUT_MS)
        context.set_default_navigation_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


def axe_check(page) -> None:
    """Run axe-core (WCAG 2.0/2.1 A and AA rules) on the page; fail on serious or critical issues.

    axe is injected with ``page.evaluate``, which goes through the DevTools protocol and is not
    subject to the page's Content-Security-Policy: no CSP bypass is needed.
    """
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options=AXE_OPTIONS)
    problems = [
        violation
        for violation in results.response["violations"]
        if violation.get("impact") in BLOCKING_IMPACTS
    ]
    if problems:
        lines = [f"Accessibility violations on {page.url}:"]
        for violation in problems:
            targets = "; ".join(
                " ".join(str(part) for part in node["target"]) for node in violation["nodes"]
            )
            lines.append(
                f"- {violation['id']} ({violation['impact']}): {violation['help']} -> {targets}"
            )
        pytest.fail("\n".join(lines), pytrace=False)
