"""Forged client addresses (issue 11 §3): through Daphne as in production, a new forged first
entry of ``X-Forwarded-For`` on each failed login does not reset the per-address limit; from a
trusted proxy, the limit applies to the client that proxy saw (config/client_address.py)."""

import http.client
import random
import re
from urllib.parse import urlencode, urlsplit

import pytest
from django.urls import reverse

from tests.faults.conftest import server_env

pytestmark = pytest.mark.django_db(transaction=True)

PROXY = "127.0.0.2"  # the trusted proxy: the drill connects from this loopback address
LIMIT = 10  # ACCOUNT_RATE_LIMITS["login_failed"]: 10 a minute per address
LIMITED = "Trop de tentatives de connexion échouées"


class Browser:
    """One client of the login form, connecting from ``source`` (127.0.0.1 or the proxy)."""

    def __init__(self, base: str, source: str) -> None:
        parts = urlsplit(base)
        self.host, self.port, self.source = parts.hostname, parts.port, source
        page = self._request("GET", reverse("account_login"))
        self.cookie = re.search(r"csrftoken=([^;]+)", page.getheader("Set-Cookie")).group(1)
        self.token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"',
                               page.read().decode()).group(1)

    def _request(self, method: str, path: str, body: str | None = None,
                 headers: dict | None = None) -> http.client.HTTPResponse:
        connection = http.client.HTTPConnection(self.host, self.port, timeout=20,
                                                source_address=(self.source, 0))
        connection.request(method, path, body=body, headers=headers or {})
        return connection.getresponse()

    def fail_login(self, forwarded_for: str, number: int) -> bool:
        """One failed login; whether the answer says the limit was hit."""
        body = urlencode({"csrfmiddlewaretoken": self.token, "password": "wrong-password",
                          "login": f"nobody{number}@example.org"})
        response = self._request("POST", reverse("account_login"), body, {
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={self.cookie}",
            "X-Forwarded-For": forwarded_for,
        })
        assert response.status == 200
        return LIMITED in response.read().decode()


def _forged() -> str:
    return ".".join(str(random.randint(1, 254)) for _ in range(4))


def test_forged_forwarded_for_does_not_reset_the_login_limit(processes, tmp_path):
    _, base = processes.daphne("web", server_env(tmp_path, TRUSTED_PROXIES=PROXY))

    # An attacker connecting directly: a new forged first entry each time, still limited.
    direct = Browser(base, "127.0.0.1")
    limited = [direct.fail_login(_forged(), n) for n in range(14)]
    assert limited == [False] * LIMIT + [True] * 4

    # Behind the trusted proxy: the client is the address the proxy appended, whatever the
    # client wrote before it; one client is limited, another is not.
    proxy = Browser(base, PROXY)
    number = random.randint(1, 120)  # fresh addresses for a shared cache (CI's Redis)
    client, other = f"198.51.100.{number}", f"198.51.100.{number + 100}"
    limited = [proxy.fail_login(f"{_forged()}, {client}", n) for n in range(LIMIT + 2)]
    assert limited == [False] * LIMIT + [True] * 2
    assert proxy.fail_login(f"{client}, {other}", 99) is False
    print(f"\nforged X-Forwarded-For: limited after {LIMIT} attempts (14 tried); through the "
          "trusted proxy, per real client")
