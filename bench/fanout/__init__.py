"""The chat fan-out benchmark, run by bench/chat_fanout.py (which describes what it measures).

- ``common``: the channel layer variants, small helpers;
- ``data``: the throw-away database and Redis database, members, sessions and rooms;
- ``servers``: the Daphne and bare `websockets` server processes;
- ``harness``: the client fleet, the steady and burst phases;
- ``cycles``: the connect/disconnect cycles and what they leave in Redis;
- ``report``: the tables and the SUMMARY line;
- ``cli``: the command line and the order of the runs;
- ``hop_asgi``: the ASGI application of the ``+hop`` variants (Daphne imports it).

Nothing here is imported by the platform; importing this package sets nothing up.
"""
