"""The archive of a member's export against the database: every section, each with the word the
member wrote there, the files they uploaded, nobody else's words (except, as context, the start
of a message they answered, from "another member"), a constant number of queries per section,
CSV for a French spreadsheet, and an index.html whose links all resolve inside the ZIP."""

import csv
import io
import json
import zipfile
from html.parser import HTMLParser
from urllib.parse import unquote

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from chat.models import Message
from notifications.models import Delivery, Notification
from privacy import services
from privacy.export.registry import sections
from privacy.models import DataExport
from tests.privacy.helpers import (
    ANSWERED_WORDS,
    OTHERS_SECRET,
    WORDS,
    open_archive,
    section_json,
    seed_everything,
)

pytestmark = pytest.mark.django_db(transaction=False)


@pytest.fixture
def seeded(member, other_member, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return seed_everything(member, other_member)


@pytest.fixture
def archive(seeded, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        export = services.data_export_request(actor=seeded.member, member=seeded.member)
    export.refresh_from_db()
    assert export.status == DataExport.Status.READY, export.error
    return open_archive(export)


def test_every_section_is_there_with_the_members_own_words(archive):
    names = set(archive.namelist())
    for section in sections():
        assert f"{section.key}.json" in names
        assert f"{section.key}.csv" in names
    for key, word in WORDS.items():
        assert word in archive.read(f"{key}.json").decode(), key
        assert word in archive.read(f"{key}.csv").decode("utf-8-sig"), key


def test_the_rows_match_the_database(archive, seeded):
    member = seeded.member
    [profile] = section_json(archive, "profil")
    assert profile["email"] == member.email
    assert profile["phone"] == "02 98 00 00 00"
    assert profile["skills"] == ["Facilitation", "Tiers-lieux"]
    assert profile["email_addresses"] == [{"email": member.email, "verified": True,
                                           "primary": True}]
    messages = section_json(archive, "messages")
    assert len(messages) == Message.objects.filter(author=member).count() == 1
    assert messages[0]["room"] == WORDS["salons"]
    [login] = section_json(archive, "connexions")
    assert login["ip"] == "203.0.113.7"
    [answer] = section_json(archive, "reponses")
    assert answer["accepted"] is False
    preferences = {row["kind"]: row["delivery"] for row in section_json(archive, "notifications")}
    with translation.override("fr"):
        assert preferences[str(Notification.Kind.MENTION.label)] == str(Delivery.OFF.label)
        assert preferences[str(Notification.Kind.REPLY.label)] == str(Delivery.DIGEST.label)
    [registration] = section_json(archive, "inscriptions")
    assert registration["answers"] == {"regime": f"végétarien {WORDS['inscriptions']}"}


def test_uploaded_files_are_copied_and_linked(archive, seeded):
    [profile] = section_json(archive, "profil")
    assert archive.read(profile["photo"]) == seeded.photo_bytes
    # A picture is compressed already: stored as it is; a text file is deflated.
    assert archive.getinfo(profile["photo"]).compress_type == zipfile.ZIP_STORED
    [attachment] = section_json(archive, "billets-fichiers")
    assert attachment["file"].startswith("fichiers/billets-fichiers/")
    assert archive.read(attachment["file"]) == seeded.attachment_bytes
    [document_file] = section_json(archive, "documents-fichiers")
    assert archive.read(document_file["file"]) == "Le texte du fichier déposé.\n".encode()
    assert archive.getinfo(document_file["file"]).compress_type == zipfile.ZIP_DEFLATED


def test_other_members_are_never_named_and_their_words_are_absent(archive, seeded):
    other = seeded.other
    for name in archive.namelist():
        if name.startswith("fichiers/"):
            continue
        text = archive.read(name).decode("utf-8-sig")
        assert OTHERS_SECRET not in text, name
        assert other.last_name not in text, name
        assert other.email not in text, name
    [message] = section_json(archive, "messages")
    assert message["reply_to_author"] == "un autre membre"
    assert message["reply_to_text"].startswith(ANSWERED_WORDS)


def test_csv_opens_in_a_french_spreadsheet(archive):
    raw = archive.read("messages.csv")
    assert raw.startswith("\ufeff".encode())  # the BOM: Excel reads UTF-8
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][0] == "Salon"
    assert rows[1][0] == WORDS["salons"]
    assert len(rows) == 2


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.headings = 0
        self.tables = 0
        self.lang = ""
        self.has_script = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "a" and "href" in attributes:
            self.links.append(attributes["href"])
        if "id" in attributes:
            self.ids.add(attributes["id"])
        if tag in ("h1", "h2"):
            self.headings += 1
        if tag == "table":
            self.tables += 1
        if tag == "html":
            self.lang = attributes.get("lang", "")
        if tag == "script" or tag == "link":
            self.has_script = True


def test_index_html_is_self_contained_and_every_link_resolves_inside_the_zip(archive):
    page = archive.read("index.html").decode()
    parser = _Links()
    parser.feed(page)
    names = set(archive.namelist())
    assert parser.lang == "fr"
    assert not parser.has_script
    assert parser.headings > len(sections())
    assert parser.tables >= len(WORDS)
    assert parser.links
    for link in parser.links:
        if link.startswith("#"):
            assert link[1:] in parser.ids, link
        else:
            assert "://" not in link and not link.startswith("/"), link
            assert unquote(link) in names, link
    assert WORDS["messages"] in page
    assert "Mes données sur Catalyse" in page


def test_manifest_counts_rows(archive):
    manifest = json.loads(archive.read("manifest.json"))
    assert manifest["sections"]["messages"]["rows"] == 1
    assert manifest["sections"]["documents-fichiers"]["files"] == 1


# The sections that seed_everything(again=n) fills once more each round; the others hold one
# row per member (profile, settings) or per thing outside the seed (a charter version).
GROWING = {"billets", "billets-fichiers", "questions", "commentaires", "reponses", "reactions",
           "messages", "salons", "actualites", "projets", "projets-crees", "taches",
           "documents", "documents-fichiers", "inscriptions", "evenements-fichiers",
           "evenements-documents", "connexions", "signalements"}


def test_each_section_costs_the_same_queries_with_one_or_many_rows(
        seeded, django_capture_on_commit_callbacks):
    member = seeded.member
    few = {}
    for section in sections():
        with CaptureQueriesContext(connection) as queries:
            list(section.rows(member))
        few[section.key] = len(queries)
    with django_capture_on_commit_callbacks(execute=True):
        for again in range(1, 4):
            seed_everything(member, seeded.other, again=again)
    for section in sections():
        with CaptureQueriesContext(connection) as queries:
            rows = list(section.rows(member))
        assert len(queries) == few[section.key], section.key
        if section.key in GROWING:
            assert len(rows) >= 4, section.key
