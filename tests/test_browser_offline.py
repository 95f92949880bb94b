"""An embedded map whose server goes away keeps working, with a small notice instead of a dialog over it."""

from __future__ import annotations

import pytest

from conftest import ARTIFACTS
from devtools.devserver import MAP_FRAME, MAP_FRAME_URL, AppServer

pytestmark = pytest.mark.browser


def test_a_lost_connection_shows_a_notice_not_a_dialog(browser):
    server = AppServer(log=ARTIFACTS / "offline-server.log")
    ARTIFACTS.mkdir(exist_ok=True)
    server.__enter__()
    context = browser.new_context(viewport={"width": 640, "height": 560})
    try:
        page = context.new_page()
        page.goto(server.url + "?embed=true&height=560")
        page.frame_locator(MAP_FRAME).locator("html[data-sitmap-ready]").wait_for(state="attached", timeout=30_000)
    finally:
        server.__exit__(None, None, None)
    try:
        page.locator("[data-testid='stDialog']").wait_for(state="attached", timeout=30_000)
        assert not page.locator("[data-testid='stDialog']").is_visible()
        assert page.locator("#sitmap-offline").is_visible()
        # The map itself still answers: its linking lives in the browser.
        frame = next(f for f in page.frames if f.url == MAP_FRAME_URL)
        assert frame.evaluate("Sitmap.select('lida-airfield')") is True
        page.screenshot(path=str(ARTIFACTS / "embed-offline-640x560.png"))
    finally:
        context.close()
