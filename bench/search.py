"""Peer-search benchmark on the embedded engine (loopback only, bounded, stops by itself).

    .venv/bin/python bench/search.py [--members 10000] [--queries 200]
                                     [--posts 50000 --comments-per-post 1] [--profile]

Builds a throw-away database and index under a temporary directory with generated members,
then measures: indexing throughput, peer-search latency through the Django view (server side,
with and without facets), and the time from a profile save to the profile being searchable.
With ``--posts``, also the global search (bench/search_global.py): the header box's
as-you-type requests and the results page.
Prints a summary line; figures go to docs/benchmarks.md.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--posts", type=int, default=0,
                        help="wall posts for the global search (0: not measured)")
    parser.add_argument("--comments-per-post", type=int, default=1)
    parser.add_argument("--profile", action="store_true",
                        help="print where the faceted view spends its time (cProfile, top 30)")
    args = parser.parse_args()

    workdir = tempfile.mkdtemp(prefix="catalyse-bench-")
    for name in ("DATABASE_URL", "REDIS_URL", "MEILISEARCH_URL"):
        os.environ.pop(name, None)
    os.environ["CATALYSE_VAR_DIR"] = workdir
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import transaction
    from django.test import Client

    from community.models import User
    from community.services.profiles import profile_update
    from demo.management.commands.seed_demo import Command as Seed
    from demo.management.commands.seed_demo import Generator
    from search.indexing import rebuild
    from search.query import search_index

    settings.ALLOWED_HOSTS.append("testserver")
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("migrate", verbosity=0)

    started = time.perf_counter()
    generator = Generator()
    people = [generator.person(*slot) for slot in generator.slots(args.members)]
    with transaction.atomic():
        Seed().create_people(people)
    print(f"generated {len(people)} members in {time.perf_counter() - started:.1f} s")

    started = time.perf_counter()
    indexed = rebuild("members")
    indexing_seconds = time.perf_counter() - started
    print(f"indexed {indexed} members in {indexing_seconds:.1f} s "
          f"({indexed / indexing_seconds:.0f} documents/s)")

    viewer = User.objects.members().first()
    client = Client()
    client.force_login(viewer)
    queries = ["tiers lieux", "accompagnement", "dialoge territorial", "mécénat", "insertion",
               "reunion", "budget participatif", "numerique", "ESS", "évaluation d'impact"]
    facet_filters = "&metier=accompagnement&region=bretagne"

    def measure(suffix: str) -> list[float]:
        samples = []
        for number in range(args.queries):
            query = queries[number % len(queries)]
            started = time.perf_counter()
            response = client.get(f"/membres/?q={query}{suffix}", headers={"HX-Request": "true"})
            samples.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, response.status_code
            assert "HX-Redirect" not in response.headers, response.headers["HX-Redirect"]
        return samples

    measure("")  # warm-up: caches, first segment reads
    plain = measure("")
    faceted = measure(facet_filters)
    if args.profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.runcall(measure, facet_filters)
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)

    engine_samples = []
    for number in range(args.queries):
        started = time.perf_counter()
        search_index("members", user=viewer, query=queries[number % len(queries)],
                     filters={"metiers": ["accompagnement"], "region": ["bretagne"]},
                     facets=["metiers", "region", "actor_kind", "perimeter", "domains", "skills"])
        engine_samples.append((time.perf_counter() - started) * 1000)

    member = User.objects.members().filter(profile__onboarded_at__isnull=False).last()
    save_to_found = []
    for number in range(10):
        skill = f"Compétence rare {number} {member.pk}"
        started = time.perf_counter()
        with transaction.atomic():
            profile_update(actor=member, profile=member.profile, changes={"skills": [skill]})
        while not search_index("members", user=viewer, query=skill).total:
            if time.perf_counter() - started > 10:
                raise SystemExit("profile not searchable after 10 s")
        save_to_found.append((time.perf_counter() - started) * 1000)

    def line(name: str, samples: list[float]) -> str:
        return (f"{name}: p50 {statistics.median(samples):.1f} ms, "
                f"p95 {percentile(samples, 0.95):.1f} ms")

    print(line("view, text query", plain))
    print(line("view, text query + 2 facet filters (6 facet counts)", faceted))
    print(line("engine only, text + 2 filters + 6 facets", engine_samples))
    print(line("profile save -> searchable", save_to_found))
    from bench.calibration import calibrate, describe

    global_summary = ""
    if args.posts:
        global_summary = measure_global_search(args, client, Path(workdir))

    calibration = calibrate()
    print(describe(calibration))
    goal = "met" if percentile(faceted, 0.95) < 50 else "NOT met"
    print(f"SUMMARY members={args.members} indexing={indexed / indexing_seconds:.0f} docs/s "
          f"view_p95={percentile(plain, 0.95):.1f}ms faceted_p95={percentile(faceted, 0.95):.1f}ms "
          f"save_to_searchable_p50={statistics.median(save_to_found):.0f}ms goal(p95<50ms) {goal} "
          f"{global_summary}calibration: {calibration['total']:.1f} ms")


def measure_global_search(args, client, workdir: Path) -> str:
    """Posts and comments, then the global search as a member types (bench/search_global.py)."""
    import resource

    from bench import search_global as bench

    rows, seconds = bench.make_posts(args.posts, args.comments_per_post)
    print(f"generated {rows} posts and comments in {seconds:.1f} s")
    indexed, seconds = bench.index_posts()
    print(f"indexed {indexed} posts (with their comments) in {seconds:.1f} s "
          f"({indexed / seconds:.0f} documents/s)")
    from bench.calibration import calibrate

    prefixes = bench.typed_prefixes()
    bench.measure(client, "/recherche/suggestions/", prefixes, len(prefixes))  # warm-up
    before = calibrate()["total"]  # the machine's speed right around these figures
    typing = bench.measure(client, "/recherche/suggestions/", prefixes, args.queries)
    full = bench.measure(client, "/recherche/", bench.TYPED, args.queries)
    after = calibrate()["total"]
    print(f"calibration around the global search: {before:.1f} ms before, {after:.1f} ms after; "
          f"as-you-type p95 / calibration = "
          f"{bench.percentile(typing, 0.95) / ((before + after) / 2):.3f}")
    print(bench.line("global search as you type (/recherche/suggestions/, every kind)", typing))
    print(bench.line("global results page (/recherche/?q=, 5 hits of each kind)", full))
    disk = bench.directory_size(workdir / "search") / 2**20
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"index on disk: {disk:.0f} MiB (members and posts); process peak RSS: {peak:.0f} MiB")
    goal = "met" if bench.percentile(typing, 0.95) < 80 else "NOT met"
    return (f"posts={args.posts}+{args.posts * args.comments_per_post} comments "
            f"as_you_type_p95={bench.percentile(typing, 0.95):.1f}ms goal(p95<80ms) {goal} "
            f"index={disk:.0f}MiB rss={peak:.0f}MiB ")


if __name__ == "__main__":
    main()
