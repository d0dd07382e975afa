"""Things with a moderation status, whatever app they come from.

``decide`` and the queue are tested through every kind registered in moderation.registry with a
status (posts, comments...), so that a new kind is covered as soon as it registers. A test that
needs one is skipped, saying why, while none is registered. Each kind needs a factory_boy factory
for its model in tests/factories.py or tests/<app_label>/factories.py, that creates an item with
a member as author.
"""

import contextlib
import importlib

import pytest
from factory.django import DjangoModelFactory

from moderation import registry

STATUS_KINDS = registry.status_kinds()
NONE_YET = ("No kind of content with a moderation status is registered yet "
            "(moderation.registry.register with a Moderated model): nothing to decide on.")


def _factory_modules(app_label: str) -> list:
    modules = [importlib.import_module("tests.factories")]
    with contextlib.suppress(ModuleNotFoundError):
        modules.append(importlib.import_module(f"tests.{app_label}.factories"))
    return modules


def factory_for(kind: registry.ModeratedKind) -> type[DjangoModelFactory]:
    for module in _factory_modules(kind.model._meta.app_label):
        for candidate in vars(module).values():
            if (isinstance(candidate, type) and issubclass(candidate, DjangoModelFactory)
                    and candidate._meta.model is not None
                    and candidate._meta.get_model_class() is kind.model):
                return candidate
    pytest.fail(f"{kind.label} has a moderation status but no factory: add one to "
                f"tests/factories.py or tests/{kind.model._meta.app_label}/factories.py, so that "
                "the moderation tests cover it.")


@pytest.fixture(params=STATUS_KINDS or [None],
                ids=[kind.label for kind in STATUS_KINDS] or ["no-kind-with-a-status-yet"])
def status_kind(request) -> registry.ModeratedKind:
    if request.param is None:
        pytest.skip(NONE_YET)
    return request.param


@pytest.fixture
def make_item(db, status_kind):
    """``make_item(status)``: a new item of the kind, in that moderation status."""
    factory = factory_for(status_kind)

    def make(status: str = "pending", **fields):
        return factory(moderation_status=status, **fields)

    return make
