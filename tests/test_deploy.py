"""deploy/: two app processes behind Debian's nginx, set up as docs/deploy.md says, driven by Chromium.

The module starts ``deploy/serve.py`` the way an operator does (two Streamlit processes on free
loopback ports, nginx in front, everything in a run folder), reads nginx's access log (which names
the upstream of every request) to see where each reader's requests went, and starts a second nginx
over the same two processes with ``--frame-ancestors`` set. Its fixtures live here; Chromium comes
from conftest.py's ``browser``. Like every browser test, it skips outside CI when Chromium or nginx
is missing and fails in CI.
"""

from __future__ import annotations

import functools
import gzip
import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from deploy import serve
from devtools.devserver import MAP_FRAME, find_chromium

pytestmark = pytest.mark.browser

REPO_ROOT = Path(__file__).resolve().parent.parent
IMMUTABLE = "public, max-age=31536000, immutable"
MARKER = "sitmap-deploy-test"
FIGURES: dict = {}  # measured here, written to test-artifacts/deploy-figures.json for docs/deploy.md

LOG_LINE = re.compile(
    r'^(?P<client>\S+) \[[^\]]*\] "(?P<method>\S+) (?P<uri>\S+) [^"]*" (?P<status>\d{3}) (?P<bytes>\d+) '
    r'"[^"]*" "(?P<agent>[^"]*)" upstream=(?P<upstream>.+?) rt=\S+ urt=.+? cache=(?P<cache>\S+)$'
)


def _require(found: bool, message: str) -> None:
    if not found:
        if os.environ.get("CI"):
            pytest.fail(message + ": the deployment tests must run in CI")
        pytest.skip(message)


def free_ports(count: int) -> list[int]:
    sockets = [socket.socket() for _ in range(count)]
    try:
        for sock in sockets:
            sock.bind(("127.0.0.1", 0))
        return [sock.getsockname()[1] for sock in sockets]
    finally:
        for sock in sockets:
            sock.close()


def fetch(url: str, gzip_ok: bool = False) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"} if gzip_ok else {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()
    except urllib.error.HTTPError as error:
        return error.code, {k.lower(): v for k, v in error.headers.items()}, error.read()


def cpu_seconds(pid: int) -> float:
    """User and system CPU time a process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_mb(pid: int) -> dict[str, float]:
    """Resident and peak resident memory of a process, in MB (10^6 bytes)."""
    status = Path(f"/proc/{pid}/status").read_text()
    values = dict(re.findall(r"^(VmRSS|VmHWM):\s+(\d+) kB", status, flags=re.MULTILINE))
    return {"rss": round(int(values["VmRSS"]) * 1024 / 1e6, 1), "peak": round(int(values["VmHWM"]) * 1024 / 1e6, 1)}


@dataclass
class LogEntry:
    method: str
    uri: str
    status: int
    agent: str
    upstream: str  # "-" when nginx answered itself (its cache, the blocked metrics)
    cache: str     # HIT, MISS, … for /static/; "-" elsewhere

    @property
    def reader(self) -> str | None:
        found = re.search(MARKER + r"/(\S+)", self.agent)
        return found.group(1) if found else None

    @property
    def is_page(self) -> bool:
        return not re.match(r"^/(_stcore|static|component|media|app)/|^/favicon", self.uri)


def read_log(path: Path) -> list[LogEntry]:
    entries = []
    for line in path.read_text(encoding="utf-8").splitlines():
        match = LOG_LINE.match(line)
        if match:
            entries.append(LogEntry(match["method"], match["uri"], int(match["status"]), match["agent"], match["upstream"],
                                    match["cache"]))
    return entries


@dataclass
class Site:
    """nginx in front of the two app processes: its address, run folder and the apps' ports and pids."""

    url: str
    run_dir: Path
    app_ports: list[int]
    app_pids: dict[int, int] = field(default_factory=dict)

    def log(self) -> list[LogEntry]:
        return read_log(self.run_dir / "access.log")

    def entries_of(self, reader: str) -> list[LogEntry]:
        return [entry for entry in self.log() if entry.reader == reader]

    def page_upstreams(self, reader: str) -> list[str]:
        return [entry.upstream for entry in self.entries_of(reader) if entry.is_page]

    def upstream_port(self, upstream: str) -> int:
        return int(upstream.rsplit(":", 1)[1])


class Reader:
    """One browser of its own (a context): every response it got, and its page."""

    def __init__(self, browser, name: str, cookies: list[dict] | None = None) -> None:
        self.name = name
        self.context = browser.new_context(user_agent=f"Mozilla/5.0 (X11; Linux x86_64) {MARKER}/{name}",
                                           viewport={"width": 1400, "height": 900})
        if cookies:
            self.context.add_cookies(cookies)
        # No request interception (context.route): it would switch the browser's cache off.
        self.requests: list[str] = []
        self.context.on("request", lambda request: self.requests.append(request.url))
        self.responses: list = []
        self.errors: list[str] = []
        self.console: list[str] = []
        self.context.on("response", lambda response: self.responses.append(response))
        self.page = self.context.new_page()
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        self.page.on("console", lambda message: self.console.append(message.text))

    def open(self, url: str, wait: bool = True) -> Reader:
        self.page.goto(url, wait_until="commit" if not wait else "load")
        if wait:
            self.wait_ready()
        return self

    def wait_ready(self, frame=None, timeout: float = 30_000) -> None:
        (frame or self.page).frame_locator(MAP_FRAME).locator("html[data-sitmap-ready]").wait_for(
            state="attached", timeout=timeout)

    @property
    def external_requests(self) -> list[str]:
        return [url for url in self.requests if not url.startswith(("http://127.0.0.1", "ws://127.0.0.1", "http://localhost"))]

    def route_cookie(self) -> dict | None:
        return next((cookie for cookie in self.context.cookies() if cookie["name"] == "sitmap_route"), None)

    def close(self) -> None:
        self.context.close()


def wait_for(condition, timeout: float = 10, message: str = "") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(message or "timed out")


# --- fixtures -------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def nginx() -> str:
    found = serve.find_nginx()
    _require(found is not None, "nginx not found (apt-get install nginx)")
    _require(find_chromium() is not None, "Chromium not found (apt-get install chromium)")
    return found


@pytest.fixture(scope="module")
def deployment(nginx, tmp_path_factory, artifacts):
    """``deploy/serve.py`` with two app processes, started as an operator would; SIGTERM at the end."""
    port, *app_ports = free_ports(3)
    run_dir = tmp_path_factory.mktemp("deploy")
    output = open(artifacts / "deploy-serve.log", "w")
    process = subprocess.Popen(
        [sys.executable, "deploy/serve.py", "--listen", f"127.0.0.1:{port}", "--app-ports", ",".join(map(str, app_ports)),
         "--run-dir", str(run_dir), "--nginx", nginx],
        cwd=REPO_ROOT, stdout=output, stderr=subprocess.STDOUT,
    )
    started = run_dir / "processes.json"
    deadline = time.monotonic() + 90
    while not started.exists():
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail("deploy/serve.py did not start:\n" + (artifacts / "deploy-serve.log").read_text())
        time.sleep(0.2)
    pids = json.loads(started.read_text())
    site = Site(f"http://127.0.0.1:{port}/", run_dir, app_ports, {int(p): pid for p, pid in pids["apps"].items()})
    site.serve_process = process
    site.nginx_pid = pids["nginx"]
    # Each process right after it started: the app imported, no reader yet.
    FIGURES["rss_after_start_mb"] = {str(p): rss_mb(pid) for p, pid in site.app_pids.items()}
    yield site
    if process.poll() is None:
        process.terminate()
        process.wait(timeout=30)
    output.close()
    for name in ("access.log", "error.log"):
        if (run_dir / name).exists():
            (artifacts / f"deploy-{name}").write_text((run_dir / name).read_text(encoding="utf-8"), encoding="utf-8")
    (artifacts / "deploy-figures.json").write_text(json.dumps(FIGURES, indent=1), encoding="utf-8")


@pytest.fixture(scope="module")
def host_pages(deployment, tmp_path_factory):
    """A newsroom's article pages on another port: one frames the map behind each nginx."""
    folder = tmp_path_factory.mktemp("host-pages")
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield folder, server.server_address[1]
    server.shutdown()


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def framing_site(deployment, host_pages, nginx, tmp_path_factory):
    """A second nginx over the same two processes, allowing only itself and http://localhost:<host port>."""
    _, host_port = host_pages
    (port,) = free_ports(1)
    run_dir = tmp_path_factory.mktemp("deploy-framing")
    proxy = serve.Deployment(deployment.app_ports, f"127.0.0.1:{port}", run_dir, nginx,
                             frame_ancestors=f"'self' http://localhost:{host_port}", log=lambda message: None)
    main = proxy.write_config()
    proxy.check_config(main)
    proxy.start_proxy(main)
    yield Site(proxy.url, run_dir, deployment.app_ports)
    proxy.stop()


# --- tests ----------------------------------------------------------------------------------------

def test_streamlit_files_are_gzipped_and_cached_for_a_year_only_under_static(deployment):
    status, headers, page = fetch(deployment.url, gzip_ok=True)
    assert status == 200 and headers.get("content-encoding") == "gzip"
    assert "immutable" not in headers.get("cache-control", "") and headers.get("cache-control") == "no-cache"
    html = gzip.decompress(page).decode()
    scripts = re.findall(r'(static/js/[^"\']+\.js)', html)
    styles = re.findall(r'(static/css/[^"\']+\.css)', html)
    assert scripts and styles, html[:500]
    direct = f"http://127.0.0.1:{deployment.app_ports[0]}/"
    for path in (scripts[0], styles[0]):
        status, headers, body = fetch(deployment.url + path, gzip_ok=True)
        assert status == 200, path
        assert headers.get("content-encoding") == "gzip", (path, headers)
        assert headers.get("cache-control") == IMMUTABLE, (path, headers)
        assert "accept-encoding" in headers.get("vary", "").lower()
        original = fetch(direct + path)[2]
        assert gzip.decompress(body) == original and len(body) < len(original) / 2
        status, headers, plain = fetch(deployment.url + path)  # a client that takes no gzip gets none
        assert "content-encoding" not in headers and plain == original

    for path in ("_stcore/health", "_stcore/host-config", "?embed=true", "sources"):
        status, headers, _ = fetch(deployment.url + path, gzip_ok=True)
        assert status == 200 and "immutable" not in headers.get("cache-control", ""), (path, headers)
    # Streamlit answers an unknown name under /static/ with its page: that must not be cached for a year,
    # by browsers or by nginx.
    for _ in range(2):
        status, headers, body = fetch(deployment.url + "static/js/no-such-file.js")
        assert headers.get("content-type", "").startswith("text/html") and headers.get("cache-control") == "no-cache"
    # nginx keeps Streamlit's files: the second request for one reaches no app process.
    fetch(deployment.url + styles[0])
    served = [e for e in deployment.log() if e.uri == "/" + styles[0]]
    assert served[0].cache == "MISS" and served[0].upstream != "-", served[0]
    assert served[-1].cache == "HIT" and served[-1].upstream == "-", served[-1]
    assert not [e for e in deployment.log() if "no-such-file" in e.uri and e.cache == "HIT"]
    # No frame-ancestors unless asked for (the default: any site may frame the map).
    assert "content-security-policy" not in fetch(deployment.url)[1]


@pytest.mark.parametrize("path", [
    "_stcore/metrics", "_stcore/metrics?families=session_events", "_stcore/metrics/", "/_stcore/metrics",
    "_stcore/%6detrics", "static/../_stcore/metrics", "_stcore/./metrics", "_stcore//metrics",
])
def test_metrics_are_blocked_through_nginx(deployment, path):
    status, _, body = fetch(deployment.url + path)
    assert status == 404, (path, body[:200])
    assert b"session" not in body and b"# TYPE" not in body


def test_health_answers_through_nginx_and_metrics_on_each_process_port(deployment):
    assert fetch(deployment.url + "_stcore/health")[:1] == (200,)
    assert fetch(deployment.url + "_stcore/health")[2] == b"ok"
    for port in deployment.app_ports:  # the operator's monitoring scrapes each process directly
        status, _, body = fetch(f"http://127.0.0.1:{port}/_stcore/metrics")
        assert status == 200 and b"# TYPE" in body


def test_each_reader_stays_on_one_process_and_readers_spread_over_both(deployment, browser):
    """Several browsers: every request of one (page, static files, websocket, component files, a
    download from /media/) reached one process, and between them they used both processes."""
    readers: list[Reader] = []
    upstreams: dict[str, str] = {}
    try:
        # A fresh browser gets a random route, so 2 in a row share a process half of the time: open
        # browsers until both processes served one (at least 3; 12 all on one process: p = 1/2048).
        for index in range(12):
            reader = Reader(browser, f"reader-{index}").open(deployment.url)
            readers.append(reader)
            wait_for(lambda: deployment.page_upstreams(reader.name), message="page request not logged")
            upstreams[reader.name] = deployment.page_upstreams(reader.name)[0]
            if index == 0:
                port = deployment.upstream_port(upstreams[reader.name])
                FIGURES["rss_after_first_page_view_mb"] = rss_mb(deployment.app_pids[port])
            if index >= 2 and len(set(upstreams.values())) == 2:
                break
        assert len(set(upstreams.values())) == 2, f"every reader went to one process: {upstreams}"

        # The same browser again: a reload, then the Export dialog's GeoJSON download (from /media/,
        # held by the process of the reader's session).
        readers[0].page.reload()
        readers[0].wait_ready()
        first = readers[1]
        first.open(deployment.url + "?export=1")
        dialog = first.page.get_by_role("dialog")
        dialog.get_by_role("tab", name="Data").click()
        with first.page.expect_download() as download:
            dialog.get_by_role("button", name="GeoJSON").click()
        assert json.loads(Path(download.value.path()).read_text(encoding="utf-8"))["type"] == "FeatureCollection"

        routes = [reader.route_cookie() for reader in readers]
        assert all(route and route["httpOnly"] and route["sameSite"] == "Lax" for route in routes), routes
        assert len({route["value"] for route in routes}) == len(readers), "each browser has a route of its own"

        static_encodings: dict[str, str | None] = {}
        map_page_static = sorted({r.url for r in readers[0].responses if "/static/" in r.url})
        for reader in readers:
            assert not reader.errors, (reader.name, reader.errors)
            assert not reader.external_requests, reader.external_requests
            for response in reader.responses:
                path = response.url.split("127.0.0.1", 1)[-1].split("/", 1)[-1]
                cache = response.headers.get("cache-control", "")
                if path.startswith("static/"):
                    static_encodings[response.url] = response.headers.get("content-encoding")
                    assert cache == IMMUTABLE, (response.url, cache)
                elif path != "favicon.png":  # Streamlit's own header: a year, though its name has no hash
                    assert "immutable" not in cache, (response.url, cache)
    finally:
        for reader in readers:
            reader.close()

    # nginx logs a websocket when it closes: wait for each reader's.
    def all_streams_logged() -> bool:
        return all(any(e.uri == "/_stcore/stream" for e in deployment.entries_of(r.name)) for r in readers)

    wait_for(all_streams_logged, message="websocket requests not logged")
    for reader in readers:
        entries = deployment.entries_of(reader.name)
        used = {entry.upstream for entry in entries if entry.upstream != "-"}
        assert len(used) == 1, f"{reader.name} reached {used}: {[(e.uri, e.upstream) for e in entries]}"
        # What no process answered came from nginx's cache of Streamlit's files.
        assert all(e.uri.startswith("/static/") and e.cache == "HIT" for e in entries if e.upstream == "-")
        uris = [entry.uri for entry in entries]
        assert any(entry.is_page for entry in entries)
        assert any(uri.startswith("/static/js/") for uri in uris)
        assert any(uri.startswith("/component/") for uri in uris)
        assert any(uri.startswith("/_stcore/health") for uri in uris)
        assert [e.status for e in entries if e.uri == "/_stcore/stream"] and all(
            e.status == 101 for e in entries if e.uri == "/_stcore/stream"), "the websocket went through"
    assert any(e.uri.startswith("/media/") and e.status == 200 for e in deployment.entries_of(first.name))
    assert len(deployment.page_upstreams(readers[0].name)) == 2, "the reload is in the log too"

    # What gzip saves on Streamlit's own files (every /static/ file these readers loaded).
    # The browser got each JavaScript and CSS file gzipped, unless shorter than gzip_min_length.
    urls = sorted(static_encodings)
    with ThreadPoolExecutor(8) as pool:
        sizes = list(pool.map(lambda url: len(fetch(url)[2]), urls))
        gzipped = list(pool.map(lambda url: len(fetch(url, gzip_ok=True)[2]), urls))
    raw, compressed = sum(sizes), sum(gzipped)
    for url, size in zip(urls, sizes):
        if url.endswith((".js", ".css")) and size >= 1024:
            assert static_encodings[url] == "gzip", url
    FIGURES["static_files_all_readers"] = {"count": len(static_encodings), "bytes": raw, "bytes_gzip": compressed}
    page = [urls.index(url) for url in map_page_static]
    FIGURES["static_files_map_page"] = {"count": len(page), "bytes": sum(sizes[i] for i in page),
                                        "bytes_gzip": sum(gzipped[i] for i in page)}
    code = [i for i in page if urls[i].endswith((".js", ".css"))]
    FIGURES["static_files_map_page_js_css"] = {"count": len(code), "bytes": sum(sizes[i] for i in code),
                                               "bytes_gzip": sum(gzipped[i] for i in code)}
    # What serving those files costs an app process, for each new reader, when nginx does not keep them.
    port = deployment.app_ports[0]
    before = cpu_seconds(deployment.app_pids[port])
    for url in map_page_static:
        fetch(url.replace(deployment.url, f"http://127.0.0.1:{port}/"))
    FIGURES["app_cpu_seconds_static_files_per_new_reader"] = round(cpu_seconds(deployment.app_pids[port]) - before, 3)


def test_embeds_frame_ancestors_and_cookieless_readers(deployment, framing_site, host_pages, browser):
    """With --frame-ancestors the listed site frames the map and another is refused; without it any
    site may. A cross-site frame gets no cookie (SameSite=Lax): its session still stays on one process."""
    folder, host_port = host_pages
    (folder / "framing.html").write_text(
        f'<!doctype html><title>Article</title><iframe id="map" src="{framing_site.url}?embed=true&amp;height=560" '
        'width="800" height="560"></iframe>', encoding="utf-8")
    (folder / "default.html").write_text(
        f'<!doctype html><title>Article</title><iframe id="map" src="{deployment.url}?embed=true&amp;height=560" '
        'width="800" height="560"></iframe>', encoding="utf-8")

    policy = fetch(framing_site.url)[1].get("content-security-policy")
    assert policy == f"frame-ancestors 'self' http://localhost:{host_port}"
    assert fetch(framing_site.url + "static/js/no-such-file.js")[1].get("content-security-policy") == policy

    allowed = Reader(browser, "embed-allowed")
    refused = Reader(browser, "embed-refused")
    anywhere = Reader(browser, "embed-default")
    try:
        # localhost is another site than 127.0.0.1: the browser keeps SameSite=Lax cookies out of the frame.
        allowed.open(f"http://localhost:{host_port}/framing.html", wait=False)
        allowed.wait_ready(allowed.page.frame_locator("#map"))
        assert allowed.route_cookie() is None, "a cross-site frame gets no route cookie"

        with refused.page.expect_console_message(lambda message: "frame-ancestors" in message.text, timeout=10_000):
            refused.open(f"http://127.0.0.1:{host_port}/framing.html", wait=False)
        assert refused.page.frame_locator("#map").locator("[data-testid='stApp']").count() == 0

        anywhere.open(f"http://127.0.0.1:{host_port}/default.html", wait=False)
        anywhere.wait_ready(anywhere.page.frame_locator("#map"))
    finally:
        for reader in (allowed, refused, anywhere):
            reader.close()

    wait_for(lambda: any(e.uri == "/_stcore/stream" for e in framing_site.entries_of("embed-allowed")),
             message="embed websocket not logged")
    # Without a cookie the page itself may go anywhere; everything after it is hashed on the address.
    session = [e for e in framing_site.entries_of("embed-allowed") if not e.is_page]
    assert {e.uri.split("/")[1] for e in session} >= {"_stcore", "static", "component"}
    assert len({e.upstream for e in session}) == 1, [(e.uri, e.upstream) for e in session]


def test_memory_of_one_process_after_20_page_views(deployment, browser):
    """One browser opens the map in tab after tab: its route cookie takes every view to one process,
    which then has served 20 page views in all (the earlier tests' included); its memory is measured."""
    reader = Reader(browser, "rss").open(deployment.url)
    target = deployment.page_upstreams("rss")[0]
    port = deployment.upstream_port(target)
    pid = deployment.app_pids[port]

    def served() -> int:
        return sum(1 for e in deployment.log() if e.upstream == target and e.is_page and e.reader)

    cookie = reader.route_cookie()
    before, views_before = cpu_seconds(pid), served()
    for index in range(3):  # new readers (nothing in their browser's cache) with the same route
        Reader(browser, f"rss-new-{index}", cookies=[cookie]).open(deployment.url).close()
    FIGURES["app_cpu_seconds_per_new_reader"] = round((cpu_seconds(pid) - before) / (served() - views_before), 3)
    cpu_before, views_before = cpu_seconds(pid), served()
    assert views_before < 20, "at most 12 + 7 views before this point (the spread test stops at 12 readers)"
    try:
        while served() < 20:
            tabs = [reader.context.new_page() for _ in range(min(4, 20 - served()))]
            for tab in tabs:
                tab.goto(deployment.url, wait_until="commit")
            for tab in tabs:  # each tab is a Streamlit session of its own: a page view
                reader.wait_ready(tab)
            for tab in tabs:
                tab.close()
    finally:
        reader.close()
    assert served() == 20
    FIGURES["app_cpu_seconds_per_page_view_in_a_new_tab"] = round((cpu_seconds(pid) - cpu_before) / (20 - views_before), 3)
    pinned = [e for e in deployment.log() if e.reader and e.reader.startswith("rss")]
    assert {e.upstream for e in pinned if e.upstream != "-"} == {target}, "one route cookie, one process"
    entries = deployment.entries_of("rss")
    scripts = [e.uri for e in entries if e.uri.startswith("/static/js/")]
    assert scripts and len(scripts) == len(set(scripts)), "later tabs take Streamlit's files from the browser's cache"
    time.sleep(2)  # the closed sessions' websockets are gone
    FIGURES["rss_after_20_page_views_mb"] = {"port": port, **rss_mb(pid)}
    other = next(p for p in deployment.app_ports if p != port)
    FIGURES["rss_other_process_mb"] = {
        "port": other, "page_views": sum(1 for e in deployment.log() if e.is_page and e.reader
                                         and deployment.upstream_port(e.upstream) == other),
        **rss_mb(deployment.app_pids[other])}
    print("deploy figures:", json.dumps(FIGURES))
    assert FIGURES["rss_after_20_page_views_mb"]["rss"] < 2000


def test_write_site_for_debians_nginx_service(nginx, tmp_path):
    result = subprocess.run(
        [sys.executable, "deploy/serve.py", "--write-site", "-", "--listen", "80", "--server-name", "maps.example.org",
         "--app-ports", "8601,8602,8603", "--frame-ancestors", "'self' https://www.example-news.org"],
        cwd=REPO_ROOT, capture_output=True, text=True, check=True)
    site = result.stdout
    assert "listen 80;" in site and "server_name maps.example.org;" in site
    assert re.findall(r"^\s+server 127\.0\.0\.1:(\d+);", site, flags=re.MULTILINE) == ["8601", "8602", "8603"]
    assert "/var/log/nginx/sitmap.access.log" in site
    assert "default \"'self' https://www.example-news.org\";" in site
    # nginx accepts it (its logs moved to this folder, so that no root is needed for the check).
    assert "/var/lib/nginx/sitmap-static" in site
    (tmp_path / "sitmap-site.conf").write_text(
        site.replace("/var/log/nginx/", f"{tmp_path}/").replace("/var/lib/nginx/", f"{tmp_path}/"), encoding="utf-8")
    temp = tmp_path / "temp"
    temp.mkdir()
    (tmp_path / "nginx.conf").write_text(serve.render_main(tmp_path, temp, 512), encoding="utf-8")
    check = subprocess.run([nginx, "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
                           capture_output=True, text=True)
    assert check.returncode == 0, check.stderr

    for bad in ("'self'; script-src *", "https://a.example, https://b.example", "$host", '"x"', "x\\y"):
        refused = subprocess.run([sys.executable, "deploy/serve.py", "--write-site", "-", "--frame-ancestors", bad],
                                 cwd=REPO_ROOT, capture_output=True, text=True)
        assert refused.returncode == 2 and "frame-ancestors" in refused.stderr and not refused.stdout, bad


def test_the_systemd_unit_runs_the_documented_command():
    unit = (REPO_ROOT / "deploy" / "sitmap@.service").read_text(encoding="utf-8")
    exec_start = re.search(r"^ExecStart=(.+)$", unit, flags=re.MULTILINE).group(1)
    assert "-m streamlit run app.py --server.port %i --server.address 127.0.0.1 --server.headless true" in exec_start
    assert re.search(r"^Restart=", unit, flags=re.MULTILINE) and re.search(r"^User=", unit, flags=re.MULTILINE)
    docs = (REPO_ROOT / "docs" / "deploy.md").read_text(encoding="utf-8")
    assert "sitmap@8601" in docs and "--write-site" in docs


def test_sigterm_stops_nginx_and_every_app_process(deployment):
    process = deployment.serve_process
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=30) == 0
    for pid in [deployment.nginx_pid, *deployment.app_pids.values()]:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)
    port = int(deployment.url.rsplit(":", 1)[1].strip("/"))
    for each in [port, *deployment.app_ports]:
        with socket.socket() as sock:
            assert sock.connect_ex(("127.0.0.1", each)) != 0, f"port {each} still answers"
    assert not (deployment.run_dir / "nginx.pid").exists(), "nginx removed its pid file"
