"""Drops websockets that never ask for a page: the one crowd fault Streamlit itself lets stay.

Streamlit creates a session as soon as a websocket opens and keeps it while
the client answers pings, whether or not it ever asks for a script run. A
browser asks within milliseconds; a client that has said nothing after
``SILENT_LIMIT_S`` is not a reader, so its websocket is closed (code 1008),
and Streamlit's own handler then disconnects the session. Garbage and text
frames Streamlit already refuses (1002, and a closed socket), and a client
that stops reading fills only its own bounded send queue: neither needs us.

This reaches into Streamlit's runtime (its session manager and the
websocket of a session's client), which the pinned Streamlit version has;
tests/test_crowd.py fails if that changes.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time

SILENT_LIMIT_S = 10.0
SWEEP_EVERY_S = 2.0
_LOG = logging.getLogger("sitmap.session_guard")
_started = threading.Lock()
_thread: threading.Thread | None = None


def start_session_guard(limit_s: float = SILENT_LIMIT_S) -> None:
    """Start the sweeper once per process; later calls do nothing."""
    global _thread
    with _started:
        if _thread is not None:
            return
        _thread = threading.Thread(target=_sweep_forever, args=(limit_s,), name="sitmap-session-guard", daemon=True)
        _thread.start()


def _sweep_forever(limit_s: float) -> None:
    first_seen: dict[str, float] = {}
    while True:
        try:
            _sweep(first_seen, limit_s, time.monotonic())
        except Exception:  # the guard must never take the server down
            _LOG.exception("session guard sweep failed")
        time.sleep(SWEEP_EVERY_S)


def _sweep(first_seen: dict[str, float], limit_s: float, now: float) -> None:
    from streamlit.runtime import Runtime

    if not Runtime.exists():
        return
    sessions = Runtime.instance()._session_mgr.list_sessions()
    alive = set()
    for info in sessions:
        session_id = info.session.id
        alive.add(session_id)
        if _asked_for_a_page(info) or info.client is None:
            first_seen.pop(session_id, None)
            continue
        seen = first_seen.setdefault(session_id, now)
        if now - seen >= limit_s:
            _close(info.client)
            first_seen.pop(session_id, None)
    for gone in set(first_seen) - alive:
        del first_seen[gone]


def _asked_for_a_page(info) -> bool:
    """A run finished, or one is under way (queued behind a crowd, it may take seconds)."""
    return info.script_run_count > 0 or getattr(info.session, "_scriptrunner", None) is not None


def _close(client) -> None:
    websocket = getattr(client, "_websocket", None)
    sender = getattr(client, "_sender_task", None)
    if websocket is None or sender is None:
        return
    loop = sender.get_loop()
    if loop.is_closed():
        return
    _LOG.info("closing a websocket that asked for no page within the limit")
    asyncio.run_coroutine_threadsafe(websocket.close(code=1008), loop)
