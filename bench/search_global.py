"""The global search's part of bench/search.py: wall posts and comments in bulk, then the header
box's as-you-type requests (/recherche/suggestions/) and the full results page (/recherche/),
through Django's test client (server-side times), as a member types words letter by letter.

Posts and comments go into the database with ``bulk_create`` (not through the services: no
notifications, no sync) and into the posts index through ``search.indexing.rebuild``, the
``search_reindex`` path, which is also timed. One post in ten is a question to peers; each post
has ``comments_per_post`` comments, all indexed with their post.
"""

import random
import statistics
import time
from pathlib import Path

# What the network writes about (early words common, late ones rare: a Zipf-like draw).
_WORDS = (
    "projet réunion territoire collectivité commune financement subvention partenaires "
    "association tiers-lieu atelier bénévoles mairie département région budget dossier "
    "candidature comité évaluation impact insertion emploi formation jeunes quartier rural "
    "mobilité covoiturage alimentation circuits courts maraîchage cantine compostage énergie "
    "rénovation logement santé médiation numérique fablab ressourcerie réemploi coopérative "
    "scic epci intercommunalité convention gouvernance animation réseau webinaire enquête "
    "diagnostic cartographie mécénat fondation crowdfunding trésorerie chantier assurance"
)
WORDS = _WORDS.split()
_GLUE = "le la les des du un une et pour avec sur dans notre votre nous vous qui"
GLUE = _GLUE.split()
# What a member types, letter by letter from the second one (the box waits for two).
TYPED = ["tiers-lieu", "financement", "mobilité rurale", "compostage", "epci", "fablab",
         "circuits courts", "médiation numérique", "mécénat", "insertion jeunes"]


def _sentence(rng: random.Random, words: int) -> str:
    picked = [WORDS[min(int(rng.paretovariate(1.2)) - 1, len(WORDS) - 1)]
              if rng.random() < 0.6 else rng.choice(GLUE) for _ in range(words)]
    return " ".join(picked).capitalize() + "."


def make_posts(posts: int, comments_per_post: int, *, seed: int = 12) -> tuple[int, float]:
    """``posts`` posts and their comments on the network's wall; returns (rows, seconds)."""
    from community.models import User
    from walls.models import Comment, Post, Wall

    rng = random.Random(seed)
    started = time.perf_counter()
    wall = Wall.objects.get(kind=Wall.Kind.GROUP)
    authors = list(User.objects.members().values_list("pk", flat=True)[:2000])
    batch = 5_000
    rows = 0
    for start in range(0, posts, batch):
        created = Post.objects.bulk_create([
            Post(wall=wall, author_id=rng.choice(authors),
                 kind=Post.Kind.QUESTION if rng.random() < 0.1 else Post.Kind.POST,
                 body=(text := " ".join(_sentence(rng, rng.randint(8, 30))
                                        for _ in range(rng.randint(1, 4)))),
                 html=f"<p>{text}</p>")
            for _ in range(min(batch, posts - start))
        ])
        comments = [Comment(post=post, author_id=rng.choice(authors),
                            body=(text := _sentence(rng, rng.randint(5, 25))),
                            html=f"<p>{text}</p>")
                    for post in created for _ in range(comments_per_post)]
        Comment.objects.bulk_create(comments, batch_size=batch)
        rows += len(created) + len(comments)
    return rows, time.perf_counter() - started


def index_posts() -> tuple[int, float]:
    from search.indexing import rebuild

    started = time.perf_counter()
    indexed = rebuild("posts")
    return indexed, time.perf_counter() - started


def typed_prefixes() -> list[str]:
    return [word[:end] for word in TYPED for end in range(2, len(word) + 1)]


def measure(client, path: str, queries: list[str], rounds: int) -> list[float]:
    samples = []
    for number in range(rounds):
        query = queries[number % len(queries)]
        started = time.perf_counter()
        response = client.get(path, {"q": query})
        samples.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
        assert "HX-Redirect" not in response.headers, response.headers["HX-Redirect"]
    return samples


def directory_size(path: Path) -> int:
    return sum(item.stat().st_size for item in path.rglob("*") if item.is_file())


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def line(name: str, samples: list[float]) -> str:
    return (f"{name}: p50 {statistics.median(samples):.1f} ms, "
            f"p95 {percentile(samples, 0.95):.1f} ms")
