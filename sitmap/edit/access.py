"""Who may edit: a shared secret, compared in constant time, and a pause after repeated wrong guesses.

The secret comes from the environment (``SITMAP_EDITOR_SECRET``) or Streamlit's
secrets (``editor_secret``); with neither, editing is off. Five wrong secrets in
a minute from one client address make that address wait until the minute has
passed. The count lives in the process (each app process keeps its own), keyed by
the client's address: the connecting address, or the first ``X-Forwarded-For``
entry only when the connection comes from a proxy the config names
(``editor.trusted_proxies``), since anyone can send that header.
"""

from __future__ import annotations

import hmac
import threading
import time
from collections import deque
from dataclasses import dataclass, field

SECRET_ENV = "SITMAP_EDITOR_SECRET"
MAX_FAILURES = 5
WINDOW_S = 60.0
MIN_SECRET_LENGTH = 12

OPEN, WRONG, WAIT, OFF = "open", "wrong", "wait", "off"


def client_address(remote: str | None, forwarded_for: str | None, trusted_proxies: tuple[str, ...]) -> str:
    """The address a limit applies to: the proxy's word for it only if the proxy is one the config trusts."""
    remote = (remote.strip() if isinstance(remote, str) else "") or "unknown"  # whatever the server passes, a string key
    if isinstance(forwarded_for, str) and forwarded_for and remote in trusted_proxies:
        first = forwarded_for.split(",")[0].strip()
        if first:
            return first
    return remote


@dataclass
class EditorGate:
    """Checks a secret for a client address; remembers recent failures per address (thread-safe)."""

    secret: str | None
    max_failures: int = MAX_FAILURES
    window_s: float = WINDOW_S
    _failures: dict[str, deque] = field(default_factory=dict, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def enabled(self) -> bool:
        return bool(self.secret) and len(self.secret) >= MIN_SECRET_LENGTH

    def check(self, client: str, attempt: str, now: float | None = None) -> str:
        """OPEN for the right secret, WRONG for another, WAIT while the address is paused, OFF if editing is off."""
        if not self.enabled:
            return OFF
        now = time.monotonic() if now is None else now
        with self._lock:
            recent = self._recent(client, now)
            if len(recent) >= self.max_failures:
                return WAIT
            if hmac.compare_digest(attempt.encode("utf-8"), self.secret.encode("utf-8")):
                return OPEN
            recent.append(now)
            return WAIT if len(recent) >= self.max_failures else WRONG

    def seconds_to_wait(self, client: str, now: float | None = None) -> float:
        now = time.monotonic() if now is None else now
        with self._lock:
            recent = self._recent(client, now)
            return max(0.0, recent[0] + self.window_s - now) if len(recent) >= self.max_failures else 0.0

    def _recent(self, client: str, now: float) -> deque:
        if len(self._failures) > 10_000:  # a flood of addresses: forget those whose failures are all old
            for address in [a for a, times in self._failures.items() if not times or times[-1] <= now - self.window_s]:
                del self._failures[address]
        recent = self._failures.setdefault(client, deque())
        while recent and recent[0] <= now - self.window_s:
            recent.popleft()
        return recent
