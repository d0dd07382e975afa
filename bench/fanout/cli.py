"""The command line of the fan-out benchmark (bench/chat_fanout.py) and the order of its runs:
the bare server, then per channel layer variant a fresh Daphne per room size, then the cycles."""

import argparse
import signal
import subprocess
import tempfile
import time
from pathlib import Path

from bench.fanout.common import parse_variant, run_async
from bench.fanout.cycles import cycles_run, redis_clients, redis_leftovers
from bench.fanout.data import (
    configure_environment,
    create_database,
    create_room,
    drop_room,
    open_redis,
    populate,
    teardown,
)
from bench.fanout.harness import fanout_run
from bench.fanout.report import print_tables, summary
from bench.fanout.servers import log_problems, start_bare, start_daphne, stop


def _time_limit(*_args) -> None:
    raise SystemExit("chat_fanout: time limit reached")


def build_parser(description: str) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--members", default="100,1000", help="comma-separated room sizes")
    parser.add_argument("--duration", type=float, default=20, help="steady phase, seconds")
    parser.add_argument("--senders", type=int, default=5)
    parser.add_argument("--rate", type=float, default=2.0, help="messages/s per sender")
    parser.add_argument("--margin", type=float, default=0.01,
                        help="interval margin so that 2 msg/s stays under the fixed-window "
                             "rate limit of 20 sends per 10 s")
    parser.add_argument("--max-lag", type=float, default=5,
                        help="stop the steady phase once a message waits this long for its "
                             "last recipient (saturated server; 0: never)")
    parser.add_argument("--burst-senders", type=int, default=10)
    parser.add_argument("--burst-messages", type=int, default=5)
    parser.add_argument("--layers", default="core+timeout+pool,pubsub",
                        help="channel layers: core or pubsub, with optional suffixes +timeout "
                             "+pool (redis-py options) and +hop (dispatch experiment)")
    parser.add_argument("--no-bare", action="store_true", help="skip the bare baseline")
    parser.add_argument("--servers", type=int, default=1,
                        help="Daphne processes for the fan-out runs, the clients spread over "
                             "them in turn (production runs one per core behind a proxy)")
    parser.add_argument("--cycles", type=int, default=10)
    parser.add_argument("--cycle-size", type=int, default=1000)
    parser.add_argument("--connect-concurrency", type=int, default=50)
    parser.add_argument("--drain", type=float, default=60,
                        help="max wait for stragglers, s (also stops after 10 s without any)")
    parser.add_argument("--settle", type=float, default=3, help="wait after the cycles, s")
    parser.add_argument("--keep", action="store_true",
                        help="keep the temporary directory (server logs) and print its path")
    parser.add_argument("--timeout", type=float, default=900, help="hard limit, seconds")
    parser.add_argument("--postgres", default="postgres://catalyse:catalyse@127.0.0.1:5432/catalyse",
                        help="server and role used to create the throw-away database")
    parser.add_argument("--sqlite", action="store_true", help="SQLite file instead")
    parser.add_argument("--conn-max-age", type=int, default=60,
                        help="DATABASE_CONN_MAX_AGE of the Daphne process (0: a connection "
                             "per database call, the shipped default)")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379")
    parser.add_argument("--redis-db", type=int, default=11)
    return parser


def main(description: str) -> None:
    parser = build_parser(description)
    args = parser.parse_args()
    members = sorted(int(value) for value in args.members.split(","))
    layers = [layer for layer in args.layers.split(",") if layer]
    for variant in layers:
        try:
            parse_variant(variant)
        except ValueError as error:
            parser.error(str(error))

    deadline = time.monotonic() + args.timeout
    signal.signal(signal.SIGALRM, _time_limit)
    signal.alarm(int(args.timeout) + 30)
    workdir = Path(tempfile.mkdtemp(prefix="catalyse-fanout-"))
    processes: list[subprocess.Popen] = []
    redis, redis_url = open_redis(args.redis, args.redis_db)
    database_url, admin_url, bench_db = create_database(args, workdir)
    configure_environment(database_url, redis_url, workdir)
    fanout: dict[str, dict] = {}
    cycles: dict[str, dict] = {}
    problems: dict[str, list[str]] = {}
    try:
        user_ids, cookies = populate(max([*members, args.cycle_size]), args.sqlite)
        from bench.calibration import calibrate, describe

        calibration = calibrate()  # the same machine, the same moment: figure / calibration
        print(describe(calibration), flush=True)
        from django.db import connections

        if not args.no_bare:
            process, port = start_bare(args.timeout, workdir, processes)
            fanout["bare"] = {}
            for count in members:
                result = run_async(fanout_run(f"ws://127.0.0.1:{port}/ws/", f"http://127.0.0.1:{port}",
                                              [None] * count, 1, args), deadline)
                fanout["bare"][count] = result
                print(f"bare N={count}: steady p99 {result['steady']['p99']:.1f} ms, "
                      f"{result['steady']['fps']:.0f} frames/s; burst "
                      f"{result['burst']['fps']:.0f} frames/s", flush=True)
            stop(process)

        for variant in layers:
            layer = parse_variant(variant)[0]
            name = variant.replace("+", "_")
            fanout[variant] = {}
            for count in members:  # fresh servers per run: no backlog carried over
                started = [start_daphne(variant, f"daphne-{name}-n{count}-{n}.log", workdir,
                                        processes, args.conn_max_age)
                           for n in range(args.servers)]
                servers = [(f"ws://127.0.0.1:{port}/ws/", f"http://127.0.0.1:{port}")
                           for _process, port in started]
                room = create_room(user_ids[:count], f"Bench {variant} {count}")
                connections.close_all()
                result = run_async(fanout_run(servers, None, cookies[:count], room, args),
                                   deadline)
                fanout[variant][count] = result
                for process, _port in started:  # whatever backlog is left dies with them
                    stop(process)
                drop_room(room)
                connections.close_all()
                redis.flushdb()
                print(f"{variant} N={count}: steady p99 {result['steady']['p99']:.1f} ms, "
                      f"{result['steady']['fps']:.0f} frames/s, lost {result['steady']['lost']}, "
                      f"unstored {result['steady']['unstored']}; burst "
                      f"{result['burst']['fps']:.0f} frames/s, lost {result['burst']['lost']}, "
                      f"unstored {result['burst']['unstored']}", flush=True)
            if args.cycles:
                process, port = start_daphne(variant, f"daphne-{name}-cycles.log", workdir,
                                             processes, args.conn_max_age)
                uri, origin = f"ws://127.0.0.1:{port}/ws/", f"http://127.0.0.1:{port}"
                size = args.cycle_size
                room = create_room(user_ids[:size], f"Bench cycles {variant}")
                connections.close_all()
                result = run_async(cycles_run(uri, origin, cookies[:size], args, process.pid),
                                   deadline)
                result["size"] = size
                result["leftovers"] = redis_leftovers(redis, layer, room, user_ids[:size])
                result["redis_clients"] = redis_clients(redis)
                cycles[variant] = result
                stop(process)
                drop_room(room)
                connections.close_all()
                print(f"{variant} cycles: {sum(result['failures'].values())} failed handshakes, "
                      f"RSS {result['rss_before'] / 1024:.0f} -> "
                      f"{result['rss_after'] / 1024:.0f} MB, leftovers {result['leftovers']}",
                      flush=True)
            problems[variant] = [line for log in sorted(workdir.glob(f"daphne-{name}-*.log"))
                                 for line in log_problems(log)]
            redis.flushdb()

        print_tables(fanout, cycles, members)
        for layer, lines in problems.items():
            if lines:
                print(f"daphne ({layer}) log: {len(lines)} problem lines, first: {lines[:3]}")
        print(summary(fanout, cycles, layers, members) + f" | daphne_processes={args.servers}"
              f" | calibration: {calibration['total']:.1f} ms")
    finally:
        signal.alarm(0)
        for process in processes:
            stop(process)
        teardown(redis, admin_url, bench_db)
        if args.keep:
            print(f"logs kept in {workdir}")
        else:
            import shutil

            shutil.rmtree(workdir, ignore_errors=True)

