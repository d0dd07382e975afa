"""Container health check for the web service: GET /healthz on the local Daphne.

Sends a Host header Django accepts (the first of ALLOWED_HOSTS) and X-Forwarded-Proto: https,
so that neither the host check nor the HTTPS redirect stands in the way. Exit 0 when healthy.
"""

import os
import sys
import urllib.request

host = os.environ.get("ALLOWED_HOSTS", "").split(",")[0].strip().lstrip("*.") or "localhost"
request = urllib.request.Request(
    "http://127.0.0.1:8000/healthz",
    headers={"Host": host, "X-Forwarded-Proto": "https"},
)
try:
    with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310 - fixed loopback URL
        sys.exit(0 if response.status == 200 else 1)
except OSError as error:  # HTTPError (503), connection refused, timeout
    print(f"unhealthy: {error}", file=sys.stderr)
    sys.exit(1)
