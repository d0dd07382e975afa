"""Pages under load: the wall, feed, directory and moderation pages with concurrent clients.

    .venv/bin/python bench/pages.py [--clients 20] [--duration 30] [--posts 10000]

Everything runs on 127.0.0.1, is bounded in time (--timeout) and stops by itself. Builds a
throw-away PostgreSQL database (``catalyse_bench``, dropped at the end) filled by
bench/pages_data.py (``seed_demo``'s 350 members, then --posts wall posts with comments and
reactions, news items, welcomes and open reports), and uses Redis database --redis-db for the
cache and the channel layer (when REDIS_URL is set; flushed at the end, and it must be empty at
the start), the embedded search engine in a temporary directory (``seed_demo`` builds the
members index there).

--servers Daphne processes (default 2: one per core, as docs/operations.md runs production),
settings config.settings with PostgreSQL's connection pool (DATABASE_POOL_MAX_SIZE, default 10
per process) and SERVER_TIMING on. Then:

1. query counts and in-process times of each page, one request at a time (Django's test
   client in this process, against the same database: the server-side cost alone);
2. one client, sequential requests over HTTP for --baseline seconds (latency without queueing);
3. --clients threads (half logged in as members, half as the demo moderator), spread over the
   servers, each looping over /mur/, /actualites/, /membres/ and, for moderators,
   /animation/signalements/, reading each page for --think seconds on average (uniformly 0.5 to
   1.5 times it: a person reads a page before the next click) for --warmup then --duration
   seconds: per page the latency seen by the client (request sent -> body read; ``requests``,
   keep-alive) and the server time (``Server-Timing``), p50/p95/p99, requests/s, errors;
4. the same clients without reading (--saturation seconds; 0: skip): the capacity of the
   servers, every client always waiting for a page; reported, not judged.

PASS when every page's p95 under load (3.) is below --goal milliseconds, for the latency seen by
the clients.
"""

import argparse
import gzip
import os
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.fanout.common import BIN, ROOT, free_port, percentile
from bench.fanout.data import configure_environment, create_database, open_redis, teardown
from bench.fanout.servers import log_problems, stop, wait_listening

PAGES = {"wall": "/mur/", "feed": "/actualites/", "directory": "/membres/",
         "moderation": "/animation/signalements/"}
MEMBER_PAGES = ("wall", "feed", "directory")


def _time_limit(*_args) -> None:
    raise SystemExit("pages: time limit reached")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--duration", type=float, default=30, help="measured phase, seconds")
    parser.add_argument("--warmup", type=float, default=5, help="seconds, not measured")
    parser.add_argument("--baseline", type=float, default=8,
                        help="one sequential client first, seconds (0: skip)")
    parser.add_argument("--posts", type=int, default=10_000)
    parser.add_argument("--reports", type=int, default=120, help="open reports to add")
    parser.add_argument("--news", type=int, default=150, help="news items to add")
    parser.add_argument("--welcomes", type=int, default=300, help="welcomes to add")
    parser.add_argument("--goal", type=float, default=150, help="p95 goal, ms")
    parser.add_argument("--timeout", type=float, default=600, help="hard limit, seconds")
    parser.add_argument("--postgres", default="postgres://catalyse:catalyse@127.0.0.1:5432/catalyse",
                        help="server and role used to create the throw-away database")
    parser.add_argument("--servers", type=int, default=2, help="Daphne processes")
    parser.add_argument("--think", type=float, default=1.0,
                        help="mean seconds a client reads a page before the next one")
    parser.add_argument("--saturation", type=float, default=20,
                        help="seconds of clients that never read (0: skip)")
    parser.add_argument("--conn-max-age", type=int, default=0,
                        help="DATABASE_CONN_MAX_AGE (0: the connection pool)")
    parser.add_argument("--redis", default=None,
                        help="Redis server (default: REDIS_URL's, without its database); "
                             "none: the embedded cache and channel layer")
    parser.add_argument("--redis-db", type=int, default=12)
    parser.add_argument("--keep", action="store_true",
                        help="keep the temporary directory and the database (for --reuse)")
    parser.add_argument("--reuse", metavar="DIR", default=None,
                        help="the directory and database of an earlier --keep run: no new data "
                             "(only new sessions), nothing dropped at the end")
    parser.add_argument("--database", default="catalyse_bench",
                        help="name of the throw-away PostgreSQL database")
    parser.add_argument("--profile", type=int, default=0, metavar="N",
                        help="also profile N requests of each page in process (cProfile) and "
                             "print where the time goes")
    parser.add_argument("--repeat", type=int, default=5,
                        help="requests per page in process (the median is reported)")
    parser.add_argument("--rounds", type=int, default=1,
                        help="in-process rounds, each with its own calibration")
    parser.add_argument("--in-process-only", action="store_true",
                        help="only the in-process phase (1.): no server, no load")
    return parser


def redis_base(args) -> str | None:
    url = args.redis if args.redis is not None else os.environ.get("REDIS_URL", "")
    if not url or url == "none":
        return None
    scheme, rest = url.split("://", 1)
    return f"{scheme}://{rest.split('/', 1)[0]}"


def start_daphne(workdir: Path, processes: list, conn_max_age: int, index: int) -> int:
    port = free_port()
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="config.settings", PYTHONPATH=str(ROOT),
               DATABASE_CONN_MAX_AGE=str(conn_max_age), SERVER_TIMING="1")
    log = (workdir / f"daphne-{index}.log").open("w")
    process = subprocess.Popen(  # noqa: S603 (our own interpreter, fixed arguments)
        [str(BIN / "daphne"), "--bind", "127.0.0.1", "--port", str(port), "-v", "0",
         "config.asgi:application"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    processes.append(process)
    wait_listening(port, process)
    return port


def in_process(keys: dict, repeat: int = 5) -> list[tuple]:
    """Per page: queries, the median in-process time of ``repeat`` requests (after one), and
    the median with the cache emptied before each request (``cold``: every kept fragment
    rendered again, walls/fragments.py and the like), the HTML's size, raw and gzipped."""
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    rows = []
    for name, path in PAGES.items():
        client = Client(HTTP_HOST="127.0.0.1")
        client.cookies["sessionid"] = keys["moderator" if name == "moderation" else "member"][0]
        client.get(path)
        times, cold, queries, status = [], [], 0, 0
        for _ in range(repeat):
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = client.get(path)
                times.append(time.perf_counter() - started)
            queries, status = len(captured), response.status_code
        for _ in range(repeat):
            cache.clear()
            started = time.perf_counter()
            client.get(path)
            cold.append(time.perf_counter() - started)
        rows.append((name, status, queries, statistics.median(times) * 1000,
                     statistics.median(cold) * 1000,
                     len(response.content), len(gzip.compress(response.content))))
    connection.close()
    return rows


def profile(keys: dict, repeat: int) -> None:
    """cProfile over ``repeat`` warm requests of each page (the in-process path above): the
    functions with the most time of their own, then the project's functions by cumulative
    time (where the time goes, template by template and query by query)."""
    import cProfile
    import io
    import pstats

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    for name, path in PAGES.items():
        client = Client(HTTP_HOST="127.0.0.1")
        client.cookies["sessionid"] = keys["moderator" if name == "moderation" else "member"][0]
        client.get(path)
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(repeat):
            client.get(path)
        profiler.disable()
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out)
        stats.sort_stats("tottime").print_stats(25)
        stats.sort_stats("cumulative").print_stats(rf"^{ROOT}/(?!\.venv)", 50)
        with CaptureQueriesContext(connection) as captured:
            client.get(path)
        print(f"\nprofile of {path}, {repeat} requests (times are totals over them)")
        print(out.getvalue().replace(f"{ROOT}/", ""))
        print("its queries, one request (ms, SQL):")
        for query in captured.captured_queries:
            print(f"  {float(query['time']) * 1000:6.2f}  {query['sql'][:300]}")
        print(flush=True)
    connection.close()


class Load:
    """Client threads: each with its own keep-alive connection and session cookie."""

    def __init__(self, ports: list[int], keys: dict, clients: int, think: float = 0):
        self.bases = [f"http://127.0.0.1:{port}" for port in ports]
        self.think = think
        roles = ["member" if index % 2 == 0 else "moderator" for index in range(clients)]
        self.clients = [(role, keys[role][index // 2]) for index, role in enumerate(roles)]
        self.samples: dict[str, list[float]] = {name: [] for name in PAGES}
        self.errors: dict[str, int] = dict.fromkeys(PAGES, 0)
        self.timings: dict[str, list[float]] = {name: [] for name in PAGES}
        self.lock = threading.Lock()
        self.measuring = False

    def client(self, role: str, key: str, until: float, offset: int) -> None:
        import requests

        pages = list(PAGES) if role == "moderator" else list(MEMBER_PAGES)
        base = self.bases[offset % len(self.bases)]
        reading = random.Random(offset)
        session = requests.Session()
        session.cookies.set("sessionid", key, domain="127.0.0.1")
        index = offset
        while time.monotonic() < until:
            name = pages[index % len(pages)]
            index += 1
            started = time.perf_counter()
            try:
                response = session.get(base + PAGES[name], allow_redirects=False, timeout=30)
                ok = response.status_code == 200 and len(response.content) > 0
                timing = response.headers.get("Server-Timing", "")
            except requests.RequestException:
                ok, timing = False, ""
            elapsed = time.perf_counter() - started
            if self.measuring:
                with self.lock:
                    if ok:
                        self.samples[name].append(elapsed)
                    else:
                        self.errors[name] += 1
                    if "dur=" in timing:
                        self.timings[name].append(float(timing.split("dur=")[1].split(",")[0]))
            if self.think:  # the person reads the page: a modelled pause, not a wait
                time.sleep(min(self.think * reading.uniform(0.5, 1.5),
                               max(0.0, until - time.monotonic())))
        session.close()

    def run(self, warmup: float, duration: float, clients: list | None = None) -> float:
        clients = clients or self.clients
        until = time.monotonic() + warmup + duration
        threads = [threading.Thread(target=self.client, args=(role, key, until, index),
                                    daemon=True)
                   for index, (role, key) in enumerate(clients)]
        for thread in threads:
            thread.start()
        time.sleep(warmup)
        self.measuring = True
        started = time.monotonic()
        for thread in threads:
            thread.join(max(1.0, until - time.monotonic() + 35))
        return time.monotonic() - started


def table(load: Load, elapsed: float, title: str, goal: float | None) -> bool:
    print(f"\n{title}")
    print("| page | requests | req/s | errors | p50 ms | p95 ms | p99 ms | max ms |"
          + (" goal |" if goal else ""))
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |" + (" --- |" if goal else ""))
    passed = True
    for name, path in PAGES.items():
        samples = [value * 1000 for value in load.samples[name]]
        p95 = percentile(samples, 0.95)
        verdict = ""
        if goal:
            met = bool(samples) and p95 < goal and not load.errors[name]
            passed &= met
            verdict = " PASS |" if met else " FAIL |"
        print(f"| `{path}` | {len(samples)} | {len(samples) / elapsed:.1f} | "
              f"{load.errors[name]} | {percentile(samples, 0.5):.1f} | {p95:.1f} | "
              f"{percentile(samples, 0.99):.1f} | {max(samples, default=float('nan')):.1f} |"
              + verdict)
        if load.timings[name]:
            print(f"|   (Server-Timing) | | | | {percentile(load.timings[name], 0.5):.1f} | "
                  f"{percentile(load.timings[name], 0.95):.1f} | | |")
    total = sum(len(samples) for samples in load.samples.values())
    print(f"total: {total} requests in {elapsed:.1f} s, {total / elapsed:.1f} requests/s, "
          f"{sum(load.errors.values())} errors")
    return passed


def main() -> None:
    args = build_parser().parse_args()
    signal.signal(signal.SIGALRM, _time_limit)
    signal.alarm(int(args.timeout))
    args.reuse_database = bool(args.reuse)
    workdir = Path(args.reuse) if args.reuse else Path(tempfile.mkdtemp(prefix="catalyse-pages-"))
    processes: list[subprocess.Popen] = []
    redis, admin_url, bench_db = None, None, None
    try:
        base = redis_base(args)
        redis_url = ""
        if base:
            redis, redis_url = open_redis(base, args.redis_db)
        args.sqlite = False
        database_url, admin_url, bench_db = create_database(args, workdir)
        configure_environment(database_url, redis_url, workdir)
        if not redis_url:
            os.environ.pop("REDIS_URL", None)
        from bench.pages_data import populate, reuse

        sessions = (args.clients + 1) // 2
        if args.reuse:
            keys = reuse(sessions)
        else:
            keys = populate(args.posts, args.reports, args.news, args.welcomes, sessions)

        from bench.calibration import calibrate, describe

        for _round in range(args.rounds):  # each round: the calibration, then the pages
            calibration = calibrate()
            print(f"\nin process, one request at a time (Django test client, same database), "
                  f"median of {args.repeat}; ratio = median / calibration")
            print("| page | status | queries | median ms | ratio | cold cache ms | bytes "
                  "| gzip bytes |")
            print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
            for name, status, queries, median, cold, size, packed in in_process(keys,
                                                                                args.repeat):
                print(f"| `{PAGES[name]}` | {status} | {queries} | {median:.1f} | "
                      f"{median / calibration['total']:.4f} | {cold:.1f} | {size} | {packed} |")
            print(describe(calibration), flush=True)
        if args.profile:
            profile(keys, args.profile)
        if args.in_process_only:
            return

        ports = [start_daphne(workdir, processes, args.conn_max_age, index)
                 for index in range(args.servers)]
        print(f"\n{args.servers} Daphne process(es) on 127.0.0.1:{','.join(map(str, ports))}, "
              f"cache and channel layer: "
              f"{'Redis db ' + str(args.redis_db) if redis_url else 'embedded'}", flush=True)
        if args.baseline:
            single = Load(ports, keys, 2)
            elapsed = single.run(2, args.baseline, clients=[("moderator", keys["moderator"][0])])
            table(single, elapsed, "one client over HTTP, sequential (the moderator)", None)
        load = Load(ports, keys, args.clients, think=args.think)
        elapsed = load.run(args.warmup, args.duration)
        members = sum(role == "member" for role, _key in load.clients)
        passed = table(load, elapsed, f"{args.clients} concurrent clients ({members} members, "
                       f"{args.clients - members} moderator sessions) reading each page "
                       f"{args.think:g} s on average, {args.duration:g} s after "
                       f"{args.warmup:g} s of warm-up", args.goal)
        if args.saturation:
            saturated = Load(ports, keys, args.clients)
            elapsed = saturated.run(args.warmup, args.saturation)
            table(saturated, elapsed, f"capacity: the same {args.clients} clients never reading, "
                  f"{args.saturation:g} s", None)
        problems = [line for index in range(args.servers)
                    for line in log_problems(workdir / f"daphne-{index}.log")]
        print(f"server log: {len(problems)} problem lines" + "".join(
            f"\n  {line}" for line in problems[:5]))
        print("after the load, " + describe(calibrate()))
        print(f"SUMMARY: p95 < {args.goal:g} ms on every page: {'PASS' if passed else 'FAIL'}; "
              f"calibration: {calibration['total']:.1f} ms")
    finally:
        signal.alarm(0)
        for process in processes:
            stop(process)
        kept = args.keep or args.reuse
        if admin_url or redis:
            teardown(redis or _NoRedis(), admin_url, None if kept else bench_db)
        if kept:
            print(f"kept {workdir} and the database {bench_db}: --reuse {workdir} "
                  f"--database {bench_db}")
        else:
            import shutil

            shutil.rmtree(workdir, ignore_errors=True)


class _NoRedis:
    def flushdb(self) -> None:
        pass


if __name__ == "__main__":
    main()
