"""A crowd at one app process, with the load benchmark's own clients: faults never disturb the readers."""

from __future__ import annotations

import asyncio
import statistics
import threading

from devtools import loadclient
from devtools.loadclient import cold_browser_assets, garbage_client, page_view, silent_client, slow_reader
from session_guard import SILENT_LIMIT_S, SWEEP_EVERY_S


def run(coroutine):
    """asyncio.run in a thread of its own: Playwright's sync API keeps an event loop running in this one."""
    result = {}

    def target():
        result["value"] = asyncio.run(coroutine)

    thread = threading.Thread(target=target)
    thread.start()
    thread.join()
    if "value" not in result:
        raise AssertionError("the scene raised: see the thread's traceback above")
    return result["value"]


def test_a_crowd_of_page_views_all_arrive(app_server):
    async def crowd():
        return await asyncio.gather(*(page_view(app_server.url) for _ in range(20)))

    views = run(crowd())
    assert all(view.ok for view in views), [view.error for view in views if not view.ok]
    # The map (one delta of about 190 KB) reached every reader.
    assert min(view.received_bytes for view in views) > 150_000


def test_a_silent_websocket_is_dropped_and_readers_are_served_meanwhile(app_server):
    async def scene():
        silent = asyncio.create_task(silent_client(app_server.url, hold_s=SILENT_LIMIT_S + 3 * SWEEP_EVERY_S + 5))
        await asyncio.sleep(1)
        views = await asyncio.gather(*(page_view(app_server.url) for _ in range(10)))
        return views, await silent

    views, closed_after = run(scene())
    assert all(view.ok for view in views)
    assert closed_after is not None, "the server kept a websocket that never asked for a page"
    assert SILENT_LIMIT_S - 1 <= closed_after <= SILENT_LIMIT_S + 3 * SWEEP_EVERY_S


def test_garbage_is_refused_and_readers_are_served_meanwhile(app_server):
    async def scene():
        garbage = [asyncio.create_task(garbage_client(app_server.url)) for _ in range(5)]
        views = await asyncio.gather(*(page_view(app_server.url) for _ in range(10)))
        return views, await asyncio.gather(*garbage)

    views, refused = run(scene())
    assert all(view.ok for view in views)
    assert all(closed for closed, _code in refused)
    assert {code for _closed, code in refused} <= {1002, 1003, 1008, 1011, None}


def test_readers_that_stop_reading_hold_up_no_one(app_server):
    async def timed_views():
        return await asyncio.gather(*(page_view(app_server.url) for _ in range(10)))

    alone = run(timed_views())

    async def scene():
        stalled = [asyncio.create_task(slow_reader(app_server.url, stall_s=8)) for _ in range(10)]
        await asyncio.sleep(0.5)
        views = await timed_views()
        await asyncio.gather(*stalled)
        return views

    crowded = run(scene())
    assert all(view.ok for view in crowded)
    alone_median = statistics.median(view.seconds for view in alone)
    crowded_median = statistics.median(view.seconds for view in crowded)
    assert crowded_median < max(4 * alone_median, 1.5), (alone_median, crowded_median)


def test_a_cold_browser_fetches_streamlits_files_and_leaflets(app_server):
    import streamlit_shell

    assert loadclient.LEAFLET_PAGE_URL == streamlit_shell.LEAFLET_PAGE_URL
    assets = run(cold_browser_assets(app_server.url))
    assert any(path.endswith(".js") and "/static/js/" in path for path in assets)
    view = run(page_view(app_server.url, assets=assets))
    assert view.ok and view.received_bytes > 1_000_000, "Streamlit's JavaScript and the map both arrived"
