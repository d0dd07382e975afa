"""Daphne, as every deployment runs it: ``python -m config.serve [daphne's options] app``.

Daphne alone can hang on SIGTERM: Twisted waits, before it stops, for every application
instance it cancelled (a consumer inside a database call, a view waiting on a thread), and
the interpreter then waits for the worker threads of ``sync_to_async`` (a sync view still in
a query, an ``async_to_sync`` call whose event loop has stopped). Seen once in three restarts,
killed after 20 s. Here, on SIGTERM or SIGINT:

1. every open WebSocket is closed with 1001 "going away", which static/js/realtime.js
   reconnects from (with backoff, then resume: nothing is lost, docs/realtime.md);
2. a second later the application instances are cancelled, and waited for at most
   ``APPLICATION_SECONDS``;
3. whatever still holds the process after ``SHUTDOWN_SECONDS`` in all is cut short with
   ``os._exit``: the database is the truth, nothing in memory needs saving.

compose.yaml's ``stop_grace_period`` (and any orchestrator's) must be above SHUTDOWN_SECONDS.
"""

import asyncio
import logging
import os
import sys
import threading

from daphne.cli import CommandLineInterface
from daphne.server import Server
from daphne.ws_protocol import WebSocketProtocol
from twisted.internet import defer, reactor

logger = logging.getLogger("config.serve")

GOING_AWAY = 1001
CLOSE_GRACE_SECONDS = 1.0
APPLICATION_SECONDS = float(os.environ.get("DAPHNE_APPLICATION_SECONDS", "4"))
SHUTDOWN_SECONDS = float(os.environ.get("DAPHNE_SHUTDOWN_SECONDS", "8"))


def _exit_now() -> None:
    logger.warning("Still not stopped %.0f s after the signal: exiting now", SHUTDOWN_SECONDS)
    for stream in (sys.stdout, sys.stderr):
        stream.flush()
    os._exit(0)


class BoundedShutdownServer(Server):
    """Daphne's server, whose shutdown closes the sockets first and ends in bounded time."""

    def kill_all_applications(self):
        watchdog = threading.Timer(SHUTDOWN_SECONDS, _exit_now)
        watchdog.daemon = True
        watchdog.start()
        sockets = [protocol for protocol in list(self.connections)
                   if isinstance(protocol, WebSocketProtocol)
                   and protocol.state == WebSocketProtocol.STATE_OPEN]
        for protocol in sockets:
            try:
                # Not serverClose: autobahn's public sendClose allows applications 1000 and
                # 3000-4999 only; 1001 is the server's own code, sent by its lower method.
                protocol.sendCloseFrame(code=GOING_AWAY, reasonUtf8=b"going away")
            except Exception:  # one broken connection must not stop the others' closing
                logger.exception("Could not close a socket")
        logger.info("Closed %d sockets (1001 going away)", len(sockets))
        done = defer.Deferred()
        reactor.callLater(CLOSE_GRACE_SECONDS if sockets else 0, self._cancel_applications,
                          done)
        return done

    def _cancel_applications(self, done: defer.Deferred) -> None:
        """Daphne's own ``kill_all_applications``, bounded in time, and without its KeyError
        on a connection whose application was already reaped."""
        pending = []
        for details in list(self.connections.values()):
            instance = details.get("application_instance")
            if instance is not None and not instance.done():
                instance.cancel()
                pending.append(instance)
        logger.info("Cancelled %d application instances", len(pending))
        if not pending:
            done.callback(None)
            return
        waiting = defer.Deferred.fromFuture(asyncio.gather(*pending, return_exceptions=True))
        waiting.addTimeout(APPLICATION_SECONDS, reactor)
        waiting.addBoth(lambda _: done.callback(None))


class ServeCommand(CommandLineInterface):
    server_class = BoundedShutdownServer


if __name__ == "__main__":
    sys.exit(ServeCommand.entrypoint())
