"""The agenda under load: the agenda page, an event's page and members' calendar feeds.

    .venv/bin/python bench/events.py [--events 2000] [--registrations 30000] [--feeds 500]
                                     [--readers 20] [--duration 20] [--database-url URL]

Everything runs in this process on 127.0.0.1 resources only, is bounded in time (--timeout)
and stops by itself. A throw-away database (SQLite in a temporary directory by default;
--database-url for a PostgreSQL database of your own, e.g.
postgres://catalyse:catalyse@127.0.0.1:5432/catalyse_bench_events, emptied first) is migrated
and filled in bulk: --feeds members with a profile, --events events over the past and the next
ten months (kinds, regions, some online, some with a capacity), --registrations registrations,
one calendar feed per member with a registration.

Then --readers threads, each with its own test client logged in as a member, loop for
--duration seconds over: the agenda (/agenda/), one event's page (a random event they see),
and their calendar feed (/agenda/flux/<token>.ics), reading each for --think seconds on average
(uniformly 0.5 to 1.5 times it, as bench/pages.py does; 0: back to back, which measures the
saturation of one process: its threads share one core through the GIL). The time of each
request is measured around Django's handler in this process (the server-side cost, including
waiting for the GIL and the database under concurrency). Query counts are printed once per
page; tests/events/test_pages.py and test_calendars.py assert them constant.

PASS when the agenda's and an event page's p95 are under --goal-page ms and a feed's under
--goal-feed ms.
"""

import argparse
import os
import random
import secrets
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] if ordered else 0.0


def _time_limit(*_args) -> None:
    raise SystemExit("events bench: time limit reached")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=2000)
    parser.add_argument("--registrations", type=int, default=30000)
    parser.add_argument("--feeds", type=int, default=500)
    parser.add_argument("--readers", type=int, default=20)
    parser.add_argument("--duration", type=float, default=20.0)
    parser.add_argument("--think", type=float, default=1.0,
                        help="average seconds a reader reads a page before the next (0: none)")
    parser.add_argument("--database-url", default="")
    parser.add_argument("--servers", type=int, default=2,
                        help="Daphne processes to load over HTTP (0: threads in this process)")
    parser.add_argument("--goal-page", type=float, default=150.0)
    parser.add_argument("--goal-feed", type=float, default=100.0)
    parser.add_argument("--timeout", type=int, default=900)
    parser.add_argument("--profile", type=int, default=0, metavar="N",
                        help="only profile N warm requests of each page in process (cProfile), "
                             "print each page's median time one at a time, then stop")
    return parser


def populate(args, rng: random.Random) -> dict:
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.utils import timezone

    from community.models import Profile, User, UserStatus
    from events.models import CalendarFeed, Event, Registration
    from events.taxonomy import EventKind
    from legal.models import CharterAcceptance
    from legal.selectors import current_charter

    call_command("migrate", verbosity=0)
    Registration.objects.all().delete()
    CalendarFeed.objects.all().delete()
    Event.objects.all().delete()
    User.objects.filter(email__endswith="@bench.events").delete()
    password = make_password(None)
    users = User.objects.bulk_create([
        User(email=f"membre{index}@bench.events", first_name=f"Membre{index}", last_name="Bench",
             status=UserStatus.MEMBER, password=password)
        for index in range(args.feeds)])
    moderator = User.objects.create(email="animation@bench.events", first_name="Anim",
                                    last_name="Bench", status=UserStatus.MEMBER, role="moderator",
                                    password=password)
    now = timezone.now()
    Profile.objects.bulk_create([
        Profile(user=user, organisation="Bench", actor_kind="association", perimeter="local",
                region="bretagne", onboarded_at=now) for user in [*users, moderator]],
        ignore_conflicts=True)
    charter = current_charter()  # onboarding accepts it; community's gate asks for it
    if charter is not None:
        CharterAcceptance.objects.bulk_create(
            [CharterAcceptance(user=user, version=charter) for user in [*users, moderator]],
            ignore_conflicts=True)
    regions = ["bretagne", "occitanie", "hauts-de-france", "la-reunion", ""]
    events = []
    for index in range(args.events):
        start = now + timedelta(days=rng.randint(-300, 300), hours=rng.randint(0, 10))
        region = rng.choice(regions)
        events.append(Event(
            title=f"Événement {index} du réseau", kind=rng.choice(EventKind.values),
            summary="Un temps d'échange entre catalyseurs, avec des témoignages.",
            starts_at=start, ends_at=start + timedelta(hours=2), region=region,
            time_zone="Indian/Reunion" if region == "la-reunion" else "Europe/Paris",
            commune="Rennes" if region else "", online_url="" if region else "https://v.exemple.fr",
            capacity=rng.choice([None, 30, 60, 120]), created_by=moderator,
            moderation_status="published"))
    events = Event.objects.bulk_create(events, batch_size=500)
    Event.organisers.through.objects.bulk_create(
        [Event.organisers.through(event_id=event.pk, user_id=moderator.pk) for event in events],
        batch_size=1000)
    pairs: set[tuple[int, int]] = set()
    while len(pairs) < min(args.registrations, len(events) * len(users)):
        pairs.add((rng.choice(events).pk, rng.choice(users).pk))
    Registration.objects.bulk_create(
        [Registration(event_id=event_id, member_id=member_id, status="confirmed")
         for event_id, member_id in pairs], batch_size=2000)
    feeds = CalendarFeed.objects.bulk_create(
        [CalendarFeed(member=user, token=secrets.token_urlsafe(32)) for user in users])
    return {"users": [user.pk for user in users], "events": [event.pk for event in events],
            "tokens": {feed.member_id: feed.token for feed in feeds}}


class Load:
    def __init__(self) -> None:
        self.samples: dict[str, list[float]] = {"agenda": [], "event": [], "feed": []}
        self.errors = 0
        self.lock = threading.Lock()

    def add(self, page: str, milliseconds: float, ok: bool) -> None:
        with self.lock:
            self.samples[page].append(milliseconds)
            self.errors += 0 if ok else 1


def reader(data: dict, member_id: int, load: Load, deadline: float, seed: int,
           think: float) -> None:
    from django.db import connections
    from django.test import Client

    from community.models import User

    rng = random.Random(seed)
    client = Client()
    client.force_login(User.objects.get(pk=member_id))
    token = data["tokens"][member_id]
    try:
        while time.monotonic() < deadline:
            for page, url in (("agenda", "/agenda/"),
                              ("event", f"/agenda/{rng.choice(data['events'])}/"),
                              ("feed", f"/agenda/flux/{token}.ics")):
                started = time.perf_counter()
                response = client.get(url)
                load.add(page, (time.perf_counter() - started) * 1000,
                         response.status_code == 200)
                if think:
                    time.sleep(min(think * rng.uniform(0.5, 1.5),
                                   max(0.0, deadline - time.monotonic())))
    finally:
        connections.close_all()


def http_reader(data: dict, member_id: int, load: Load, deadline: float, seed: int,
                think: float, base: str, cookie: str) -> None:
    """One person over HTTP (keep-alive): the server's own time from ``Server-Timing``."""
    import requests

    rng = random.Random(seed)
    session = requests.Session()
    session.cookies.set("sessionid", cookie, domain="127.0.0.1")
    token = data["tokens"][member_id]
    while time.monotonic() < deadline:
        for page, url in (("agenda", "/agenda/"),
                          ("event", f"/agenda/{rng.choice(data['events'])}/"),
                          ("feed", f"/agenda/flux/{token}.ics")):
            try:
                response = session.get(base + url, allow_redirects=False, timeout=30)
                timing = response.headers.get("Server-Timing", "")
                ok = response.status_code == 200 and "dur=" in timing
                server_ms = float(timing.split("dur=")[1].split(",")[0]) if ok else 0.0
            except requests.RequestException:
                ok, server_ms = False, 0.0
            load.add(page, server_ms, ok)
            if think:
                time.sleep(min(think * rng.uniform(0.5, 1.5),
                               max(0.0, deadline - time.monotonic())))
    session.close()


def session_cookie(member_id: int) -> str:
    from django.test import Client

    from community.models import User

    client = Client()
    client.force_login(User.objects.get(pk=member_id))
    return client.cookies["sessionid"].value


def query_counts(data: dict) -> dict[str, int]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from community.models import User

    member_id = data["users"][0]
    client = Client()
    client.force_login(User.objects.get(pk=member_id))
    counts = {}
    for page, url in (("agenda", "/agenda/"), ("event", f"/agenda/{data['events'][0]}/"),
                      ("feed", f"/agenda/flux/{data['tokens'][member_id]}.ics")):
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        counts[page] = len(captured.captured_queries)
    return counts


def profile(data: dict, repeat: int) -> None:
    """Each page's median over ``repeat`` warm requests one at a time, then cProfile over as
    many: the functions with the most time of their own, then the project's functions by
    cumulative time, and the page's queries with their times."""
    import cProfile
    import io
    import pstats

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from community.models import User

    root = str(Path(__file__).resolve().parent.parent)
    member_id = data["users"][0]
    client = Client()
    client.force_login(User.objects.get(pk=member_id))
    rng = random.Random(7)
    pages = {"agenda": lambda: "/agenda/",
             "event": lambda: f"/agenda/{rng.choice(data['events'])}/",
             "feed": lambda: f"/agenda/flux/{data['tokens'][member_id]}.ics"}
    for name, url in pages.items():
        response = client.get(url())
        if response.status_code != 200:
            raise SystemExit(f"{name}: {response.status_code} {response.get('Location', '')}")
        times, cpu = [], []
        for _ in range(repeat):
            started, started_cpu = time.perf_counter(), time.process_time()
            client.get(url())
            times.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(repeat):
            client.get(url())
        profiler.disable()
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out)
        stats.sort_stats("tottime").print_stats(20)
        stats.sort_stats("cumulative").print_stats(rf"^{root}/(?!\.venv)", 30)
        with CaptureQueriesContext(connection) as captured:
            client.get(url())
        print(f"\nprofile of {name}: median {statistics.median(times):.1f} ms one at a time "
              f"({statistics.median(cpu):.1f} ms of this process's CPU, which other processes "
              f"on the machine change less) over {repeat} requests (profile times are totals "
              f"over {repeat} more)")
        print(out.getvalue().replace(f"{root}/", ""))
        print("its queries, one request (ms, SQL):")
        for query in captured.captured_queries:
            print(f"  {float(query['time']) * 1000:6.2f}  {query['sql'][:240]}")
        print(flush=True)
    connection.close()


def main() -> None:
    args = build_parser().parse_args()
    signal.signal(signal.SIGALRM, _time_limit)
    signal.alarm(args.timeout)
    workdir = Path(tempfile.mkdtemp(prefix="catalyse-bench-events-"))
    database_url = args.database_url or f"sqlite:///{workdir / 'bench.sqlite3'}"
    for name in ("MEILISEARCH_URL", "REDIS_URL", "EMAIL_URL", "TASKS_QUEUE", "DEBUG"):
        os.environ.pop(name, None)
    os.environ.update({"DATABASE_URL": database_url, "SECRET_KEY": secrets.token_urlsafe(50),
                       "ALLOWED_HOSTS": "testserver", "CATALYSE_VAR_DIR": str(workdir),
                       "DJANGO_SETTINGS_MODULE": "config.settings"})
    import django

    django.setup()
    from django.conf import settings

    # The reminders the agenda page sends (events due tomorrow) stay in memory, not on stdout.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    from bench.calibration import calibrate, describe

    started = time.perf_counter()
    data = populate(args, random.Random(13))
    print(f"data: {args.events} events, {args.registrations} registrations, {args.feeds} "
          f"members' feeds ({'PostgreSQL' if 'postgres' in database_url else 'SQLite'}) in "
          f"{time.perf_counter() - started:.1f} s", flush=True)
    print(describe(calibrate()), flush=True)
    counts = query_counts(data)
    print("queries per request: " + ", ".join(f"{page} {count}"
                                              for page, count in counts.items()), flush=True)
    if args.profile:
        profile(data, args.profile)
        return
    load = Load()
    processes: list = []
    try:
        members = data["users"][:args.readers]
        if args.servers:
            from django.db import connections

            from bench.fanout.common import BIN, ROOT, free_port
            from bench.fanout.servers import wait_listening

            cookies = [session_cookie(member_id) for member_id in members]
            connections.close_all()
            ports = []
            for index in range(args.servers):
                port = free_port()
                log = (workdir / f"daphne-{index}.log").open("w")
                env = dict(os.environ, PYTHONPATH=str(ROOT), SERVER_TIMING="1",
                           ALLOWED_HOSTS="127.0.0.1")  # e-mails (reminders) go to the log
                processes.append(subprocess.Popen(  # noqa: S603 (our interpreter, fixed args)
                    [str(BIN / "daphne"), "--bind", "127.0.0.1", "--port", str(port), "-v",
                     "0", "config.asgi:application"],
                    cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT))
                wait_listening(port, processes[-1])
                ports.append(port)
            for index, member_id in enumerate(members[:args.servers]):  # warm each server
                http_reader(data, member_id, Load(), time.monotonic() + 2, index, 0,
                            f"http://127.0.0.1:{ports[index]}", cookies[index])
            deadline = time.monotonic() + args.duration
            readers = [threading.Thread(target=http_reader, args=(
                data, member_id, load, deadline, index, args.think,
                f"http://127.0.0.1:{ports[index % len(ports)]}", cookies[index]))
                for index, member_id in enumerate(members)]
        else:
            deadline = time.monotonic() + args.duration
            readers = [threading.Thread(target=reader,
                                        args=(data, member_id, load, deadline, index, args.think))
                       for index, member_id in enumerate(members)]
        for thread in readers:
            thread.start()
        for thread in readers:
            thread.join(timeout=args.duration + 60)
    finally:
        for process in processes:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
    passed = load.errors == 0
    for page, samples in load.samples.items():
        goal = args.goal_feed if page == "feed" else args.goal_page
        p95 = percentile(samples, 0.95)
        ok = bool(samples) and p95 < goal
        passed &= ok
        print(f"{page:7} n={len(samples):5} p50={statistics.median(samples or [0]):6.1f} ms "
              f"p95={p95:6.1f} ms p99={percentile(samples, 0.99):6.1f} ms "
              f"goal p95<{goal:.0f} ms {'ok' if ok else 'FAIL'}", flush=True)
    where = f"{args.servers} Daphne processes" if args.servers else "threads in one process"
    print(f"{args.readers} readers (think {args.think:.1f} s, {where}) for "
          f"{args.duration:.0f} s, "
          f"errors {load.errors}: "
          f"{'PASS' if passed else 'FAIL'}", flush=True)
    sys.exit(0 if passed else 1)


if __name__ == "__main__":
    main()
