"""Shared fixtures. Browser fixtures start the real app and Debian's Chromium.

Browser tests fail in CI when no browser is found; outside CI they skip.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from sitmap.data.dataset import Dataset, load_dataset
from sitmap.settings import load_settings
from devtools.datacopy import copy_shipped_data
from devtools.devserver import MAP_FRAME, MAP_FRAME_URL, AppServer, find_chromium, is_local, launch_chromium

REPO_ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = REPO_ROOT / "test-artifacts"
HOSTILE_CONFIG = REPO_ROOT / "tests" / "fixtures" / "hostile" / "config.toml"


class DataCopy:
    """A copy of the shipped data and config in a temporary folder, to break one piece at a time."""

    def __init__(self, root: Path):
        self.root = root
        self.sources = root / "sources"
        self.layers = root / "layers"
        self.basemap = root / "basemap"
        self.gazetteer = root / "gazetteer.json"
        self.config = copy_shipped_data(root)

    def load(self) -> Dataset:
        return load_dataset(load_settings(self.config))

    def edit_config(self, old: str, new: str) -> None:
        text = self.config.read_text(encoding="utf-8")
        assert old in text, old
        self.config.write_text(text.replace(old, new, 1), encoding="utf-8")

    def read(self, file_name: str) -> dict:
        return json.loads((self.layers / file_name).read_text(encoding="utf-8"))

    def write(self, file_name: str, content: dict | str) -> None:
        text = content if isinstance(content, str) else json.dumps(content, ensure_ascii=False, indent=1)
        (self.layers / file_name).write_text(text, encoding="utf-8")

    def feature(self, collection: dict, feature_id: str) -> dict:
        return next(item for item in collection["features"] if item["id"] == feature_id)

    def edit_feature(self, file_name: str, feature_id: str, change) -> None:
        collection = self.read(file_name)
        change(self.feature(collection, feature_id))
        self.write(file_name, collection)


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """Where a test run leaves what a reviewer should look at: screenshots, exports."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def shipped() -> Dataset:
    """The shipped data, loaded once; tests read it and never change it (break a ``data_copy`` instead)."""
    loaded = load_dataset(load_settings())
    assert not loaded.problems.errors, loaded.problems.errors
    return loaded


@pytest.fixture(scope="session")
def hostile_config() -> Path:
    """The config whose every text setting and data file carries markup and template payloads."""
    return HOSTILE_CONFIG


@pytest.fixture(scope="session")
def hostile(hostile_config) -> Dataset:
    """The hostile fixture's data, loaded once. A test that checks that no template ran renders a fresh load
    (``load_dataset(load_settings(hostile_config))``) in its own folder: this one caches what it renders."""
    return load_dataset(load_settings(hostile_config))


@pytest.fixture
def data_copy(tmp_path) -> DataCopy:
    return DataCopy(tmp_path)


def _require_browser() -> None:
    if find_chromium() is None:
        message = "Chromium not found (apt-get install chromium)"
        if os.environ.get("CI"):
            pytest.fail(message + ": browser tests must run in CI")
        pytest.skip(message)


@pytest.hookimpl(hookwrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"report_{report.when}", report)


@pytest.fixture(scope="session")
def browser():
    _require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def app_server():
    _require_browser()
    ARTIFACTS.mkdir(exist_ok=True)
    with AppServer(log=ARTIFACTS / "app-server.log") as server:
        yield server


@pytest.fixture(scope="session")
def hostile_server():
    _require_browser()
    ARTIFACTS.mkdir(exist_ok=True)
    with AppServer(config=HOSTILE_CONFIG, log=ARTIFACTS / "hostile-server.log") as server:
        yield server


class OpenedPage:
    """A page of the app plus what it asked the network for."""

    def __init__(self, page, requests: list[str], errors: list[str], console: list[str]) -> None:
        self.page = page
        self.requests = requests
        self.errors = errors
        self.console = console  # every console message of every frame, not only page errors

    @property
    def frame(self):
        return self.page.frame_locator(MAP_FRAME)

    def map_frame(self):
        return next(f for f in self.page.frames if f.url == MAP_FRAME_URL)

    def wait_ready(self, timeout: float = 30_000):
        self.frame.locator("html[data-sitmap-ready]").wait_for(state="attached", timeout=timeout)
        return self.map_frame()

    @property
    def external_requests(self) -> list[str]:
        return [url for url in self.requests if not is_local(url)]


@pytest.fixture
def open_app(browser, request):
    """``open_app(server, "?feature=kyiv")`` opens the app; a failing test leaves a screenshot."""
    contexts = []

    def opener(server, query: str = "", viewport=(1400, 900), touch: bool = False) -> OpenedPage:
        context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]}, has_touch=touch, is_mobile=touch)
        contexts.append(context)
        requests: list[str] = []
        errors: list[str] = []
        context.on("request", lambda r: requests.append(r.url))
        # Anything leaving the machine is recorded, then refused so no test waits on a network.
        context.route(lambda url: not is_local(url), lambda route: route.abort())
        page = context.new_page()
        console: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.on("console", lambda message: console.append(f"{message.type}: {message.text}"))
        page.goto(server.url + query)
        opened = OpenedPage(page, requests, errors, console)
        return opened

    yield opener
    failed = getattr(request.node, "report_call", None)
    for index, context in enumerate(contexts):
        if failed is not None and failed.failed:
            ARTIFACTS.mkdir(exist_ok=True)
            for page in context.pages:
                page.screenshot(path=str(ARTIFACTS / f"{request.node.name}-{index}.png"), full_page=True)
        context.close()
