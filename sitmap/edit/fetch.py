"""Fetching a report from its address, for the editor: optional, and refused wherever it could be abused.

Only ``https://`` on port 443, no user name or password in the address, and
never to a private, loopback, link-local or otherwise non-public address: the
host is resolved once, every address it resolves to is checked, and the
connection goes to a checked address (so a second lookup cannot point it
elsewhere), with the certificate checked against the host's name. No redirect is
followed (the editor is told where it leads); the body is capped at the source
limit and the whole exchange at a timeout. Without a network the editor says so
and the page works as before: paste the text instead.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
from dataclasses import dataclass, field
from typing import Callable
from urllib.parse import urlsplit

TIMEOUT_S = 10.0
USER_AGENT = "sitmap-editor/1 (a newsroom's situation map; one page at a journalist's request)"


@dataclass
class Fetched:
    body: bytes | None
    content_type: str = ""
    problems: list[str] = field(default_factory=list)


def fetch_report(address: str, max_bytes: int, timeout: float = TIMEOUT_S,
                 resolve: Callable[[str, int], list[str]] | None = None,
                 connect: Callable[[str, str, float], http.client.HTTPConnection] | None = None) -> Fetched:
    """The page at ``address``, or why it was not fetched. ``resolve`` and ``connect`` are for tests."""
    parts = urlsplit(address.strip())
    if parts.scheme != "https":
        return Fetched(None, problems=["Only https:// addresses are fetched."])
    if not parts.hostname or parts.username or parts.password:
        return Fetched(None, problems=["Give a plain https:// address, without a user name or password."])
    if parts.port not in (None, 443):
        return Fetched(None, problems=["Only the standard https port (443) is fetched."])
    host = parts.hostname
    try:
        addresses = (resolve or _resolve)(host, 443)
    except OSError:
        return Fetched(None, problems=[f"{host} could not be found: is this machine online? Paste the text instead."])
    if not addresses or not all(_public(ip) for ip in addresses):
        return Fetched(None, problems=[f"{host} is a private or local address: the editor fetches only public pages."])
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    try:
        connection = (connect or _pinned_connection)(host, addresses[0], timeout)
        connection.request("GET", path, headers={"Host": host, "User-Agent": USER_AGENT, "Accept": "text/html, text/plain"})
        response = connection.getresponse()
        if 300 <= response.status < 400:
            where = response.getheader("Location", "")
            return Fetched(None, problems=[f"The address redirects{' to ' + where if where else ''}; fetch that address instead."])
        if response.status != 200:
            return Fetched(None, problems=[f"The page answered {response.status} {response.reason}."])
        body = response.read(max_bytes + 1)
        connection.close()
    except (OSError, http.client.HTTPException, ssl.SSLError) as exc:
        return Fetched(None, problems=[f"The page could not be fetched ({type(exc).__name__}): paste the text instead."])
    if len(body) > max_bytes:
        return Fetched(None, problems=[f"The page is larger than {max_bytes:,} bytes (limits.max_source_bytes)."])
    return Fetched(body, response.getheader("Content-Type", ""))


def _public(ip: str) -> bool:
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return False
    return address.is_global and not address.is_multicast


def _resolve(host: str, port: int) -> list[str]:
    return list(dict.fromkeys(info[4][0] for info in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)))


class _PinnedHTTPS(http.client.HTTPSConnection):
    """An HTTPS connection to an address checked beforehand, verifying the certificate for the host's name."""

    def __init__(self, host: str, ip: str, timeout: float) -> None:
        super().__init__(host, 443, timeout=timeout, context=ssl.create_default_context())
        self._ip = ip

    def connect(self) -> None:
        sock = socket.create_connection((self._ip, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def _pinned_connection(host: str, ip: str, timeout: float) -> http.client.HTTPConnection:
    return _PinnedHTTPS(host, ip, timeout)
