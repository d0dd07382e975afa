"""The server processes of the fan-out benchmark: Daphne (the platform) and the bare
`websockets` broadcast server (bench/bare_broadcast.py), both on 127.0.0.1 only."""

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from bench.fanout.common import BIN, ROOT, free_port, parse_variant


def wait_listening(port: int, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}")
        with socket.socket() as probe:
            probe.settimeout(0.5)
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise RuntimeError("server not listening")


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)


def start_daphne(variant: str, log_name: str, workdir: Path, processes: list,
                 conn_max_age: int) -> tuple[subprocess.Popen, int]:
    layer, options, hop = parse_variant(variant)
    port = free_port()
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="bench.fanout_settings",
               BENCH_CHANNEL_LAYER=layer, BENCH_REDIS_OPTIONS=json.dumps(options),
               PYTHONPATH=str(ROOT), DATABASE_CONN_MAX_AGE=str(conn_max_age))
    log = (workdir / log_name).open("w")
    profile = os.environ.get("BENCH_PROFILE_DIR")  # a development aid: cProfile the server
    prefix = ([sys.executable, "-m", "cProfile", "-o", f"{profile}/{log_name}.prof"]
              if profile else [])
    application = "bench.fanout.hop_asgi:application" if hop else "config.asgi:application"
    process = subprocess.Popen(  # noqa: S603 (our own interpreter, fixed arguments)
        [*prefix, str(BIN / "daphne"), "--bind", "127.0.0.1", "--port", str(port), "-v", "0",
         application],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    processes.append(process)
    wait_listening(port, process)
    return process, port


def start_bare(max_seconds: float, workdir: Path, processes: list) -> tuple[subprocess.Popen, int]:
    process = subprocess.Popen(  # noqa: S603 (our own interpreter, fixed arguments)
        [sys.executable, str(ROOT / "bench" / "bare_broadcast.py"), "--port", "0",
         "--max-seconds", str(int(max_seconds))],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=(workdir / "bare.log").open("w"), text=True,
    )
    processes.append(process)
    line = process.stdout.readline()
    if not line.startswith("READY "):
        raise RuntimeError(f"bare server did not start: {line!r}")
    return process, int(line.split()[1])


def log_problems(path: Path) -> list[str]:
    lines = path.read_text(errors="replace").splitlines()
    return [line for line in lines
            if "Traceback" in line or "ERROR" in line or "over capacity" in line]
