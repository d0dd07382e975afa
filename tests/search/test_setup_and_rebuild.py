"""Indexes set up at deploy, never on a search; rebuilds switched in once complete; a write
that times out is retried by the sync (issue 12, the Meilisearch backend)."""

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from community.services.profiles import profile_update
from search.backends import get_backend, reset_backend_cache
from search.backends import meilisearch as backend_module
from search.indexing import rebuild
from search.models import PendingUpdate
from search.query import search_index
from search.registry import all_indexes
from search.sync import flush
from tests.search.meilisearch_fake import FakeClient

pytestmark = pytest.mark.django_db


@pytest.fixture
def meili(settings, monkeypatch):
    """The configured backend is Meilisearch, talking to the recording fake."""
    monkeypatch.setattr(backend_module, "Client", FakeClient)
    settings.SEARCH_BACKEND = {
        "BACKEND": "search.backends.meilisearch.MeilisearchBackend",
        "OPTIONS": {"url": "http://meili:7700", "api_key": "admin", "search_api_key": "search",
                    "task_timeout": 2},
    }
    reset_backend_cache()
    backend = get_backend()
    backend.client.existing = {backend.uid(d.name) for d in all_indexes()}
    return backend


def writes(client: FakeClient) -> list[str]:
    return [name for name, _ in client.calls if not name.split(".")[-1].startswith("get_")
            and not name.endswith(".search")]


def test_a_search_never_writes_to_meilisearch(meili, member):
    search_index("members", user=member, query="Marc", facets=["region"])
    search_index("members", user=member, query="Marc")
    assert writes(meili.client) == []
    assert [name for name, _ in meili.search_client.calls] == ["catalyse_members.search"] * 2
    params = meili.search_client.named("search")[0]["opt_params"]
    assert params["matchingStrategy"] == "frequency"  # the index's settings, learnt not sent


def test_search_setup_creates_every_index_with_its_settings(meili):
    meili.client.existing.clear()
    call_command("search_setup", stdout=(out := __import__("io").StringIO()))
    created = [a["uid"] for a in meili.client.named("create_index")]
    assert created == [meili.uid(d.name) for d in all_indexes()]
    bodies = {name.split(".")[0]: a["body"] for name, a in meili.client.calls
              if name.endswith("update_settings")}
    members = next(d for d in all_indexes() if d.name == "members")
    assert bodies["catalyse_members"]["filterableAttributes"] == members.settings.filterable
    assert "members: index ready" in out.getvalue()


def test_search_setup_fails_clearly_when_the_engine_is_down(meili):
    from meilisearch.errors import MeilisearchCommunicationError

    meili.client.raises["create_index"] = MeilisearchCommunicationError("refused")
    with pytest.raises(CommandError, match="unavailable"):
        call_command("search_setup", "members")


def test_search_setup_sets_up_the_embedded_engine_too(tmp_path):
    call_command("search_setup", "members")
    assert get_backend().count("members") == 0
    assert (tmp_path / "search" / "members" / "settings.json").exists()


def test_a_write_timeout_is_retried_by_the_sync(meili, member, monkeypatch,
                                               django_capture_on_commit_callbacks):
    class Clock:
        now = 0.0

        def monotonic(self):
            return self.now

        def sleep(self, seconds):
            self.now += max(seconds, 0.01)

    monkeypatch.setattr(backend_module, "time", Clock())
    meili.client.statuses = {uid: ["enqueued"] * 1000 for uid in range(1, 50)}
    with django_capture_on_commit_callbacks(execute=True):
        profile_update(actor=member, profile=member.profile, changes={"skills": ["Compost"]})
    pending = PendingUpdate.objects.get(index="members", object_id=str(member.pk))
    assert pending.attempts == 1 and "queued behind other work" in pending.last_error
    assert meili.client.named("cancel_tasks")  # no copy left waiting in Meilisearch's queue
    meili.client.statuses = {}
    PendingUpdate.objects.update(next_attempt_at=timezone.now())
    assert flush() == 1
    sent = meili.client.named("add_documents")[-1]["documents"]
    assert sent[0]["id"] == member.pk and "Compost" in sent[0]["skills"]
    assert not PendingUpdate.objects.exists()


def test_reindex_command_rebuilds_into_a_new_index_and_swaps(meili, member):
    call_command("search_reindex", "members", stdout=__import__("io").StringIO())
    swaps = meili.client.named("swap_indexes")
    assert swaps == [{"parameters": [{"indexes": ["catalyse_members",
                                                  "catalyse_members__rebuild"]}]}]
    added = meili.client.named("add_documents")
    assert [d["id"] for d in added[0]["documents"]] == [member.pk]


def test_embedded_rebuild_keeps_the_old_index_until_complete(member, other_member):
    assert rebuild("members") == 2
    backend = get_backend()
    definition = next(d for d in all_indexes() if d.name == "members")

    def batches():
        yield [definition.to_document(member)]
        # Mid-rebuild: searches still see the old, full index.
        assert backend.count("members") == 2
        raise RuntimeError("database connection lost")

    with pytest.raises(RuntimeError):
        backend.rebuild("members", definition.effective_settings(), batches())
    assert backend.count("members") == 2
    assert {h.document["id"] for h in search_index("members", user=member).hits} == {
        member.pk, other_member.pk}
    # The half-built generation is gone; the next rebuild works.
    directory = backend.root / "members"
    assert not [p for p in directory.iterdir() if p.name.startswith("next-")]
    assert rebuild("members") == 2


def test_an_admin_phrase_with_a_stop_word_reaches_meilisearch_documents(
    meili, member, other_member, django_capture_on_commit_callbacks
):
    """"chantier participatif" finds "atelier de réparation" only through ``_synonyms`` (a
    stop word inside: never a Meilisearch synonym value): the admin's entry sends every
    member again, with the new ``_synonyms``."""
    from search.models import VocabularyEntry

    profile_update(actor=other_member, profile=other_member.profile,
                   changes={"skills": ["Atelier de réparation"]})
    PendingUpdate.objects.all().delete()
    search_index("members", user=member, query="x")  # this process knows the settings
    with django_capture_on_commit_callbacks(execute=True):
        VocabularyEntry.objects.create(kind=VocabularyEntry.Kind.GROUP,
                                       head="chantier participatif",
                                       forms="atelier de réparation")
    body = meili.client.named("update_settings")[-1]["body"]
    assert "atelier de réparation" not in body["synonyms"].get("chantier participatif", [])
    assert not PendingUpdate.objects.exists()  # flushed at once (tasks run in-process)
    sent = {d["id"]: d for a in meili.client.named("add_documents") for d in a["documents"]}
    assert set(sent) >= {member.pk, other_member.pk}
    assert "chantier participatif" in sent[other_member.pk]["_synonyms"]
    assert "_synonyms" not in sent[member.pk]
