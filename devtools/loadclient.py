"""Raw clients of a running app, for the load benchmark and the crowd tests (never imported by the app).

A page view here is what a browser with a cold cache asks of the server for
the map page: the HTML page, then a websocket that asks for a script run and
reads every message until the script has finished (the map arrives in one
delta of about 190 KB). Streamlit's static JavaScript is left out: a browser
or a CDN caches it, and nginx serves it in the deployment recipe.

The faulty clients are the ones a public server meets: one that opens a
websocket and says nothing, one that sends garbage, and one that asks for a
page and then reads nothing.
"""

from __future__ import annotations

import asyncio
import os
import re
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

VIEW_TIMEOUT_S = 120.0


@dataclass
class PageView:
    seconds: float
    received_bytes: int
    messages: int
    ok: bool
    error: str = ""


def stream_url(url: str) -> str:
    parts = urlsplit(url)
    scheme = "wss" if parts.scheme == "https" else "ws"
    return f"{scheme}://{parts.netloc}{parts.path.rstrip('/')}/_stcore/stream"


def rerun_message(url: str, query: str = "") -> bytes:
    """The BackMsg a browser sends first: run the page's script for this address."""
    message = BackMsg()
    rerun = message.rerun_script
    rerun.query_string = query
    rerun.page_script_hash = ""
    context = rerun.context_info
    context.timezone, context.timezone_offset, context.locale = "UTC", 0, "en-US"
    context.url, context.is_embedded, context.color_scheme = url + (f"?{query}" if query else ""), False, "light"
    return message.SerializeToString()


async def http_get(url: str, path: str = "/", local_address: str | None = None, gzip: bool = True) -> bytes:
    """GET one resource over a raw connection, gzip accepted as a browser does; returns the whole response.

    Enough HTTP/1.1 for Streamlit's own pages (Connection: close, read to the end).
    """
    parts = urlsplit(url)
    base = parts.path.rstrip("/")
    reader, writer = await asyncio.open_connection(parts.hostname, parts.port or 80,
                                                   local_addr=(local_address, 0) if local_address else None)
    try:
        encoding = "Accept-Encoding: gzip\r\n" if gzip else ""
        writer.write((f"GET {base}{path} HTTP/1.1\r\nHost: {parts.netloc}\r\nAccept: */*\r\n"
                      f"{encoding}Connection: close\r\n\r\n").encode())
        await writer.drain()
        return await reader.read()
    finally:
        writer.close()


_ASSET = re.compile(rb'(?:src|href)="\.?/?(static/[^"?#]+)"')
LEAFLET_FILES = ("leaflet.js", "leaflet.css")
LEAFLET_PAGE_URL = "component/streamlit_shell.leaflet_files/"  # streamlit_shell.LEAFLET_PAGE_URL; a test keeps them equal


async def cold_browser_assets(url: str, leaflet_base: str = LEAFLET_PAGE_URL) -> list[str]:
    """What a browser with an empty cache fetches besides the page: Streamlit's static files and Leaflet's."""
    page = await http_get(url, "/", gzip=False)  # read as text: the asset names are in it
    return sorted({"/" + match.decode() for match in _ASSET.findall(page)}) + [f"/{leaflet_base}{name}" for name in LEAFLET_FILES]


async def page_view(url: str, query: str = "", local_address: str | None = None, assets: list[str] | None = None) -> PageView:
    """One reader opening the map page: the HTML, then the websocket until the script has finished.

    With ``assets`` (``cold_browser_assets``) it also fetches those, as a browser with an empty cache does.
    """
    started = time.perf_counter()
    received = messages = 0
    try:
        received += len(await http_get(url, "/" + (f"?{query}" if query else ""), local_address))
        for asset in assets or []:
            received += len(await http_get(url, asset, local_address))
        # A client address of its own (127.0.0.2, …) lets nginx's ip_hash spread loopback clients.
        bind = {"local_addr": (local_address, 0)} if local_address else {}
        # Like a browser, offer permessage-deflate: the server then compresses what it sends.
        async with websockets.connect(stream_url(url), subprotocols=["streamlit"], origin=url.rstrip("/"),
                                      max_size=None, compression="deflate", open_timeout=VIEW_TIMEOUT_S, **bind) as socket:
            await socket.send(rerun_message(url, query))
            while True:
                data = await asyncio.wait_for(socket.recv(), VIEW_TIMEOUT_S)
                received += len(data)
                messages += 1
                forward = ForwardMsg()
                forward.ParseFromString(data)
                if forward.WhichOneof("type") == "script_finished":
                    break
        return PageView(time.perf_counter() - started, received, messages, True)
    except (OSError, asyncio.TimeoutError, websockets.WebSocketException) as exc:
        return PageView(time.perf_counter() - started, received, messages, False, f"{type(exc).__name__}: {exc}")


async def silent_client(url: str, hold_s: float) -> float | None:
    """Opens the websocket and sends nothing. Returns when the server closed it (seconds), or None if it never did."""
    started = time.perf_counter()
    try:
        async with websockets.connect(stream_url(url), subprotocols=["streamlit"], origin=url.rstrip("/"), max_size=None) as socket:
            try:
                while True:
                    await asyncio.wait_for(socket.recv(), max(hold_s - (time.perf_counter() - started), 0.01))
            except websockets.ConnectionClosed:
                return time.perf_counter() - started
            except asyncio.TimeoutError:
                return None
    except (OSError, websockets.WebSocketException):
        return time.perf_counter() - started


async def garbage_client(url: str) -> tuple[bool, int | None]:
    """Sends bytes that are no BackMsg, then a text frame. Returns (closed by the server, close code)."""
    try:
        async with websockets.connect(stream_url(url), subprotocols=["streamlit"], origin=url.rstrip("/"), max_size=None) as socket:
            await socket.send(os.urandom(64) + b"\xff\xff\xff\xff\x0f")
            try:
                while True:
                    await asyncio.wait_for(socket.recv(), 10)
            except websockets.ConnectionClosed as closed:
                return True, closed.rcvd.code if closed.rcvd else None
            except asyncio.TimeoutError:
                return False, None
    except (OSError, websockets.WebSocketException):
        return True, None


async def slow_reader(url: str, stall_s: float) -> None:
    """Asks for the page and reads nothing for ``stall_s`` seconds: its TCP window fills, the server must not wait."""
    try:
        async with websockets.connect(stream_url(url), subprotocols=["streamlit"], origin=url.rstrip("/"),
                                      max_size=None, compression=None, max_queue=1) as socket:
            transport = socket.transport
            transport.pause_reading()
            await socket.send(rerun_message(url))
            await asyncio.sleep(stall_s)
    except (OSError, websockets.WebSocketException):
        pass


def process_usage(pid: int) -> tuple[float, float]:
    """CPU seconds (user + system) and resident memory in MB of one process, from /proc."""
    with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    cpu = (int(fields[11]) + int(fields[12])) / ticks
    with open(f"/proc/{pid}/status", encoding="ascii") as status:
        rss_kb = next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))
    return cpu, rss_kb / 1024
