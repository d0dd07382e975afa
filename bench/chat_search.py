"""Chat history search benchmark on the embedded engine (loopback only, bounded, stops by itself).

    .venv/bin/python bench/chat_search.py [--messages 1000000] [--queries 200]

The corpus (a SQLite database with members, rooms, memberships and messages, and the messages
index) is built once under ``var/bench/chat-search-<messages>/`` and reused by later runs
(``--rebuild`` builds it again). Messages go into the database with plain ``executemany`` and
into the index with the backend's bulk ``index``, in batches, not through the ORM or the sync,
so that a million messages take minutes, not hours.

Then it measures, through the Django view (/chat/recherche/, server side, HTMX fragment), as a
member of 50 rooms who may read about 80,000 of the messages: words (relevance), words newest
first, words in one room, words by one author, words in a date range, filters without words;
the engine alone; the time from a message sent (services.message_send, its commit and the index
flush of embedded mode) to it being found; the index's size on disk and the process memory.
Prints a summary line with the calibration (bench/calibration.py); figures go to
docs/benchmarks.md.
"""

import argparse
import json
import os
import random
import resource
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from html import escape
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CORPUS_FORMAT = 2  # 2: the text only is searchable
PEOPLE = 2_000
PUBLIC_ROOMS, PRIVATE_ROOMS, DIRECT_ROOMS = 60, 740, 1_200
VIEWER_ROOMS = {"public": 10, "private": 15, "direct": 25}
# Shares of the messages: the public rooms are the busiest.
SHARES = {"public": 0.40, "private": 0.35, "direct": 0.25}
BATCH = 50_000
START = datetime(2024, 1, 1, 8, 0, tzinfo=UTC)
SPAN = timedelta(days=3 * 365)

# What the network talks about, and the words around it (a Zipf-like draw: early words are
# common, late ones rare).
_TOPICS = (
    "projet réunion territoire collectivité commune financement subvention appel partenaires "
    "association tiers-lieu atelier bénévoles mairie département région compte-rendu ordre "
    "jour calendrier budget dossier candidature lauréat comité pilotage évaluation impact "
    "insertion emploi formation jeunes quartier rural mobilité covoiturage alimentation "
    "circuits courts maraîchage cantine compostage biodéchets méthanisation énergie "
    "rénovation habitat logement santé médiation numérique fablab ressourcerie réemploi "
    "économie sociale solidaire coopérative scic epci intercommunalité agglomération "
    "convention charte gouvernance animation réseau rencontre webinaire visio présentiel "
    "inscription questionnaire enquête diagnostic cartographie indicateurs rapport bilan "
    "mécénat fondation philanthropie crowdfunding prêt garantie trésorerie facture devis "
    "locaux chantier travaux permis assurance juridique statuts bureau assemblée adhérents"
)
TOPIC_WORDS = _TOPICS.split()
_COMMON = (
    "le la les un une des du de et à pour avec sur dans par on nous vous je tu il elle "
    "est sont était sera a ont fait faire peut peux pouvez merci bonjour salut oui non "
    "bien très plus moins aussi encore déjà demain hier aujourd'hui lundi mardi mercredi "
    "jeudi vendredi semaine mois prochain dernier bonne idée super top vu ok d'accord "
    "envoie envoyé lien document fichier pièce jointe voir regarder relire valider"
)
COMMON_WORDS = _COMMON.split()
QUERIES = [
    "compostage", "réunion budget", "méthanisation", "tiers-lieu", "appel candidature",
    "subvention région", "reunoin", "covoiturage rural", "fablab", "compte-rendu comité",
    "ressourcerie réemploi", "scic gouvernance", "facture", "mécénat fondation", "cantine",
]


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def disk_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1e6


def sentence(rng: random.Random) -> str:
    words = []
    for _ in range(rng.randint(4, 22)):
        if rng.random() < 0.55:
            words.append(COMMON_WORDS[int(rng.paretovariate(1.2)) % len(COMMON_WORDS)])
        else:
            words.append(TOPIC_WORDS[int(rng.paretovariate(0.9)) % len(TOPIC_WORDS)])
    text = " ".join(words)
    return text[0].upper() + text[1:] + rng.choice([".", " !", " ?", "…", ""])


def build_corpus(messages: int, cache: Path) -> dict:
    """Members, rooms, memberships and ``messages`` messages, in the database and the index."""
    from django.db import connection, transaction

    from chat.models import Room, RoomMembership
    from chat.search_indexes import MESSAGE_INDEX_SETTINGS, MESSAGES_INDEX, room_key
    from community.models import User
    from demo.management.commands.seed_demo import Command as Seed
    from demo.management.commands.seed_demo import Generator
    from search.access import AUDIENCE
    from search.backends import get_backend
    from search.indexing import forget_configuration

    rng = random.Random(20261207)
    started = time.perf_counter()
    generator = Generator()
    with transaction.atomic():
        Seed().create_people([generator.person(*slot) for slot in generator.slots(PEOPLE)])
    viewer = (User.objects.members().filter(role="member", profile__onboarded_at__isnull=False)
              .order_by("pk").values_list("pk", flat=True).first())
    people = [viewer, *User.objects.members().exclude(pk=viewer).order_by("pk")
              .values_list("pk", flat=True)]
    full = {user.pk: user.display_name for user in User.objects.all()}
    print(f"people: {len(people)} in {time.perf_counter() - started:.1f} s", flush=True)

    kinds = (["public"] * PUBLIC_ROOMS + ["private"] * PRIVATE_ROOMS + ["direct"] * DIRECT_ROOMS)
    rooms, members = [], []
    for number, kind in enumerate(kinds):
        if kind == "direct":
            pair = sorted(rng.sample(people[1:], 2)) if number % 48 else [viewer, people[number]]
            chosen = pair
        else:
            size = rng.randint(80, 300) if kind == "public" else rng.randint(3, 15)
            chosen = rng.sample(people[1:], size)
        rooms.append(Room(kind=kind, name="" if kind == "direct" else f"Salon {number}",
                          direct_key="-".join(map(str, sorted(chosen))) + f"#{number}"
                          if kind == "direct" else None))
        members.append(set(chosen))
    # The viewer belongs to some rooms of each kind.
    by_kind = {kind: [i for i, k in enumerate(kinds) if k == kind] for kind in VIEWER_ROOMS}
    for kind, count in VIEWER_ROOMS.items():
        mine = [i for i in by_kind[kind] if viewer in members[i]]
        for i in by_kind[kind]:
            if len(mine) >= count:
                break
            if viewer not in members[i]:
                members[i] = {viewer, *list(members[i])[: 1 if kind == "direct" else None]}
                mine.append(i)
    with transaction.atomic():
        Room.objects.bulk_create(rooms, batch_size=1000)
        RoomMembership.objects.bulk_create(
            [RoomMembership(room=room, user_id=pk)
             for room, chosen in zip(rooms, members, strict=True) for pk in chosen],
            batch_size=5000)
    room_members = {room.pk: sorted(chosen) for room, chosen in zip(rooms, members, strict=True)}
    per_kind = {kind: [room.pk for room in rooms if room.kind == kind] for kind in SHARES}

    forget_configuration()
    backend = get_backend()
    backend.configure(MESSAGES_INDEX, MESSAGE_INDEX_SETTINGS)
    backend.reset(MESSAGES_INDEX)
    seqs: dict[int, int] = {}
    choices = [kind for kind, share in SHARES.items() for _ in range(round(share * 100))]
    insert = ("INSERT INTO chat_message (id, room_id, seq, author_id, body, html, client_id, "
              "created_at) VALUES (%s, %s, %s, %s, %s, %s, '', %s)")
    database_seconds = index_seconds = 0.0
    step = SPAN / messages
    from django.utils import timezone

    from chat.search_indexes import day_key, month_key, year_key

    for first in range(1, messages + 1, BATCH):
        rows, documents = [], []
        for pk in range(first, min(first + BATCH, messages + 1)):
            room_id = rng.choice(per_kind[rng.choice(choices)])
            author = rng.choice(room_members[room_id])
            seqs[room_id] = seq = seqs.get(room_id, 0) + 1
            body = sentence(rng)
            created = START + step * pk
            stored = created.replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")
            rows.append((pk, room_id, seq, author, body, f"<p>{escape(body)}</p>", stored))
            day = timezone.localtime(created).date()
            documents.append({
                "id": pk, "body": body, "author": full[author], "author_id": author,
                "room_id": room_id, "seq": seq, "created_at": int(created.timestamp()),
                "recency": -pk,
                "period": [day_key(day), month_key(day.year, day.month), year_key(day.year)],
                AUDIENCE: [room_key(room_id)],
            })
        clock = time.perf_counter()
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(insert, rows)
        database_seconds += time.perf_counter() - clock
        clock = time.perf_counter()
        backend.index(MESSAGES_INDEX, documents)
        index_seconds += time.perf_counter() - clock
        print(f"  {pk:,} messages (database {database_seconds:.0f} s, "
              f"index {index_seconds:.0f} s)", flush=True)
    with transaction.atomic():
        for room_id, seq in seqs.items():
            Room.objects.filter(pk=room_id).update(last_seq=seq, last_message_at=START + SPAN)
    readable = sum(seqs.get(pk, 0) for pk, chosen in room_members.items() if viewer in chosen)
    corpus = {
        "format": CORPUS_FORMAT, "messages": messages, "people": len(people),
        "rooms": len(rooms), "viewer": viewer, "viewer_rooms": sum(
            viewer in chosen for chosen in room_members.values()),
        "viewer_readable": readable,
        "database_seconds": round(database_seconds, 1), "index_seconds": round(index_seconds, 1),
        "index_rate": round(messages / index_seconds),
    }
    (cache / "corpus.json").write_text(json.dumps(corpus, indent=1))
    return corpus


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--rebuild", action="store_true", help="build the cached corpus again")
    args = parser.parse_args()

    cache = ROOT / "var" / "bench" / f"chat-search-{args.messages}"
    marker = cache / "corpus.json"
    corpus = json.loads(marker.read_text()) if marker.exists() and not args.rebuild else None
    if corpus is not None and corpus.get("format") != CORPUS_FORMAT:
        corpus = None
    if corpus is None and cache.exists():
        import shutil

        shutil.rmtree(cache)
    cache.mkdir(parents=True, exist_ok=True)
    for name in ("DATABASE_URL", "REDIS_URL", "MEILISEARCH_URL", "TASKS_QUEUE"):
        os.environ.pop(name, None)
    os.environ["CATALYSE_VAR_DIR"] = str(cache)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import transaction
    from django.test import Client

    from chat import services
    from chat.models import Room
    from chat.search_indexes import MESSAGES_INDEX
    from community.models import User
    from legal.models import CharterAcceptance
    from legal.selectors import current_charter
    from search.query import search_index

    settings.ALLOWED_HOSTS.append("testserver")
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("migrate", verbosity=0)
    if corpus is None:
        started = time.perf_counter()
        corpus = build_corpus(args.messages, cache)
        print(f"corpus built in {time.perf_counter() - started:.0f} s: {corpus}", flush=True)
    else:
        print(f"corpus from {cache}: {corpus}", flush=True)

    memory_before = rss_mb()
    viewer = User.objects.get(pk=corpus["viewer"])
    charter = current_charter()  # a corpus cached before the charter existed: accept it, as
    if charter is not None:  # onboarding does, or every page would be the charter's form
        CharterAcceptance.objects.get_or_create(user=viewer, version=charter)
    rooms = list(Room.objects.filter(memberships__user=viewer).order_by("-last_seq"))
    busiest = rooms[0]
    author = busiest.memberships.exclude(user=viewer).values_list("user_id", flat=True).first()
    client = Client()
    client.force_login(viewer)
    kinds = {
        "words (relevance)": lambda q: {"q": q},
        "words, newest first": lambda q: {"q": q, "tri": "recents"},
        "words in one room": lambda q: {"q": q, "salon": busiest.pk},
        "words by one author": lambda q: {"q": q, "auteur": author},
        "words, 5 months": lambda q: {"q": q, "du": "2025-03-14", "au": "2025-08-02"},
        "one room, no words": lambda q: {"salon": busiest.pk, "du": "2025-01-01"},
    }

    def measure(params) -> list[float]:
        samples = []
        for number in range(args.queries):
            query = QUERIES[number % len(QUERIES)]
            started = time.perf_counter()
            response = client.get("/chat/recherche/", params(query),
                                  headers={"HX-Request": "true"})
            samples.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, response.status_code
            assert "HX-Redirect" not in response.headers, response.headers["HX-Redirect"]
            assert b'data-notice="search-unavailable"' not in response.content
        return samples

    measure(kinds["words (relevance)"])  # warm-up: caches, first segment reads
    results = {name: measure(params) for name, params in kinds.items()}
    found = search_index(MESSAGES_INDEX, user=viewer, query="compostage").total
    engine = []
    for number in range(args.queries):
        started = time.perf_counter()
        search_index(MESSAGES_INDEX, user=viewer, query=QUERIES[number % len(QUERIES)])
        engine.append((time.perf_counter() - started) * 1000)
    memory_after = rss_mb()

    room = rooms[-1]
    send_to_found = []
    for number in range(10):
        word = f"zorglub{number}x{int(time.time())}"
        started = time.perf_counter()
        with transaction.atomic():
            services.message_send(actor=viewer, room=room, body=f"Bench {word}")
        while not search_index(MESSAGES_INDEX, user=viewer, query=word).total:
            if time.perf_counter() - started > 10:
                raise SystemExit("message not searchable after 10 s")
        send_to_found.append((time.perf_counter() - started) * 1000)

    def line(name: str, samples: list[float]) -> str:
        return (f"{name}: p50 {statistics.median(samples):.1f} ms, "
                f"p95 {percentile(samples, 0.95):.1f} ms")

    print(f"the viewer belongs to {len(rooms)} rooms and may read "
          f"{corpus['viewer_readable']:,} of {corpus['messages']:,} messages; "
          f"'compostage' finds {found:,}")
    for name, samples in results.items():
        print(line(f"view, {name}", samples))
    print(line("engine only, words", engine))
    print(line("message sent -> found (commit + index flush)", send_to_found))
    everything = [sample for samples in results.values() for sample in samples]
    index_mb = disk_mb(cache / "search" / MESSAGES_INDEX)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"index on disk: {index_mb:.0f} MB; process RSS {memory_before:.0f} MB before the "
          f"searches, {memory_after:.0f} MB after (index mapped), peak {peak:.0f} MB")
    from bench.calibration import calibrate, describe

    calibration = calibrate()
    print(describe(calibration))
    worst = max(percentile(samples, 0.95) for samples in results.values())
    goal = "met" if worst < 100 else "NOT met"
    print(f"SUMMARY messages={corpus['messages']} "
          f"view_p95_all={percentile(everything, 0.95):.1f}ms "
          f"worst_kind_p95={worst:.1f}ms engine_p95={percentile(engine, 0.95):.1f}ms "
          f"index={index_mb:.0f}MB rss={memory_after:.0f}MB goal(p95<100ms) {goal} "
          f"calibration: {calibration['total']:.1f} ms")


if __name__ == "__main__":
    main()
