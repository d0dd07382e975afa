"""A client that goes away leaves nothing in the log (issue 10, item 13).

An HTMX live search drops its previous request at each keystroke. Django then cancels the
request's processing, which runs in a thread (the middleware chain is partly sync) that itself
waits, through ``async_to_sync``, for the view. asgiref copies that thread's context back into
the request's task, with the executor of the interrupted ``async_to_sync`` still marked as
current: Django's ``request_finished`` signal, sent next, is handed to that executor, which
has quit, and fails with "CurrentThreadExecutor already quit or is broken" and a traceback.
Nothing was wrong but the client's impatience; the database connections were still to be
given back. This wrapper recognises that case, sends ``request_finished`` again from a clean
context (so ``close_old_connections`` runs), and logs nothing.
"""

import asyncio
import contextvars

from asgiref.sync import sync_to_async
from django.core import signals
from django.core.handlers.asgi import ASGIHandler

QUIT_EXECUTOR = "CurrentThreadExecutor already quit or is broken"


class QuietDisconnects:
    def __init__(self, application) -> None:
        self.application = application

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.application(scope, receive, send)
        gone = False

        async def watching_receive():
            nonlocal gone
            message = await receive()
            if message["type"] == "http.disconnect":
                gone = True
            return message

        try:
            return await self.application(scope, watching_receive, send)
        except RuntimeError as error:
            if not gone or str(error) != QUIT_EXECUTOR:
                raise
        # Django's own request_finished failed: send it from a context without the stale
        # executor, in the thread that ran the request's sync code.
        await asyncio.create_task(_request_finished(), context=contextvars.Context())


async def _request_finished() -> None:
    await sync_to_async(signals.request_finished.send, thread_sensitive=True)(
        sender=ASGIHandler)
