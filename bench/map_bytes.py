"""Bytes sent to the browser for the map: map iframe, websocket, Streamlit shell.

    .venv/bin/python bench/map_bytes.py [--runs N] [--json PATH]
"""

from __future__ import annotations

import base64
import re
import sys
import zlib
from pathlib import Path
from urllib.parse import urlparse

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import (  # noqa: E402
    app_and_browser,
    expected_drawn,
    load_map,
    load_note,
    new_context,
    parse_args,
    summarise,
    verdict,
    warm_up,
    write_json,
)

GOAL_BYTES = 300_000  # KB here = 1000 bytes
SETTLE_MS = 500  # after the map is drawn, so late requests (favicon...) finish and are counted
MAP_FRAME_URL = "about:srcdoc"  # the map document, written into a same-origin frame by st.iframe
COMPONENT_PREFIX = "/component/"
MAP_MESSAGE_MARKER = b"Sitmap.start("  # only the websocket message with the map's script has it
KEY_ASSETS = {
    "leaflet.js": "/component/streamlit_shell.leaflet_files/leaflet.js",
    "leaflet.css": "/component/streamlit_shell.leaflet_files/leaflet.css",
}


class NetworkLog:
    """CDP Network events of one page, per request and per websocket frame."""

    def __init__(self, cdp) -> None:
        self.requests: dict[str, dict] = {}
        self.ws_frames: list[dict] = []
        self.ws_extensions: list[str] = []
        cdp.on("Network.requestWillBeSent", self._sent)
        cdp.on("Network.responseReceived", self._response)
        cdp.on("Network.dataReceived", self._data)
        cdp.on("Network.loadingFinished", self._finished)
        cdp.on("Network.webSocketFrameReceived", self._ws_frame)
        cdp.on("Network.webSocketHandshakeResponseReceived", self._ws_handshake)

    def _entry(self, request_id: str) -> dict:
        return self.requests.setdefault(request_id, {"decoded": 0, "encoded": None, "headers": {}})

    def _sent(self, event: dict) -> None:
        entry = self._entry(event["requestId"])
        entry.update(url=event["request"]["url"], frame=event.get("frameId"), type=event.get("type"),
                     timestamp=event["timestamp"], wall=event["wallTime"])

    def _response(self, event: dict) -> None:
        response = event["response"]
        entry = self._entry(event["requestId"])
        entry["headers"] = {key.lower(): value for key, value in response.get("headers", {}).items()}
        entry["status"] = response.get("status")
        entry["cached"] = response.get("fromDiskCache") or response.get("fromPrefetchCache")

    def _data(self, event: dict) -> None:
        self._entry(event["requestId"])["decoded"] += event["dataLength"]

    def _finished(self, event: dict) -> None:
        self._entry(event["requestId"])["encoded"] = event["encodedDataLength"]

    def _ws_frame(self, event: dict) -> None:
        response = event["response"]
        data = response["payloadData"]
        payload = base64.b64decode(data) if response["opcode"] == 2 else data.encode("utf-8")
        self.ws_frames.append({"timestamp": event["timestamp"], "payload": payload})

    def _ws_handshake(self, event: dict) -> None:
        headers = {key.lower(): value for key, value in event["response"].get("headers", {}).items()}
        self.ws_extensions.append(headers.get("sec-websocket-extensions", ""))


def ws_wire_bytes(payload_length: int) -> int:
    """Server-to-client frame: unmasked header of 2, 4 or 10 bytes plus the payload."""
    header = 2 if payload_length < 126 else 4 if payload_length < 65536 else 10
    return header + payload_length


def deflated_wire_bytes(payload: bytes, extensions: list[str]) -> int:
    """Estimated wire size under permessage-deflate: the payload compressed on its own.

    CDP reports payloads after inflation. Compressing each message alone with
    the negotiated window is an upper bound: the server may reuse its context.
    """
    match = re.search(r"server_max_window_bits=(\d+)", " ".join(extensions))
    if not any("permessage-deflate" in e for e in extensions):
        return ws_wire_bytes(len(payload))
    compressor = zlib.compressobj(wbits=-int(match.group(1)) if match else -15)
    body = compressor.compress(payload) + compressor.flush(zlib.Z_SYNC_FLUSH)
    return ws_wire_bytes(len(body) - 4)  # the sync flush's 00 00 ff ff tail is not sent


def measure(browser, url: str, expected: dict) -> dict:
    context = new_context(browser, expected)
    try:
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        log = NetworkLog(cdp)
        cdp.send("Network.enable")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        loaded = load_map(page, url)
        page.wait_for_timeout(SETTLE_MS)
        time_origin = page.evaluate("() => performance.timeOrigin")
        frame_tree = cdp.send("Page.getFrameTree")
        targets = cdp.send("Target.getTargets")["targetInfos"]
        return summarise_log(log, loaded, time_origin, frame_tree, targets, context.external)
    finally:
        context.close()


def summarise_log(log: NetworkLog, loaded: dict, time_origin: float, frame_tree: dict, targets: list, external: list) -> dict:
    finished = [r for r in log.requests.values() if r.get("encoded") is not None and "url" in r]
    # The map frame: its id from the frame tree, cross-checked by URL.
    map_frames = {
        child["frame"]["id"]
        for child in frame_tree["frameTree"].get("childFrames", [])
        if child["frame"].get("url", "") == MAP_FRAME_URL
    }
    by_frame = [r for r in finished if r.get("frame") in map_frames]
    by_url = [r for r in finished if urlparse(r["url"]).path.startswith(COMPONENT_PREFIX)]
    map_http = by_frame
    shell_http = [r for r in finished if r not in map_http and not r["url"].startswith("ws")]
    # CDP stamps events on a monotonic clock; the readiness time is on the top
    # page's clock (ms since timeOrigin). The main document's request carries
    # both a monotonic timestamp and a wall time, which ties the two together.
    document = min((r for r in log.requests.values() if "timestamp" in r), key=lambda r: r["timestamp"])
    ready_monotonic = document["timestamp"] + ((time_origin + loaded["ready_ms"]) / 1000 - document["wall"])
    before = [f for f in log.ws_frames if f["timestamp"] <= ready_monotonic]
    ws_until_ready = sum(ws_wire_bytes(len(f["payload"])) for f in before)
    ws_until_ready_deflated = sum(deflated_wire_bytes(f["payload"], log.ws_extensions) for f in before)
    ws_total = sum(ws_wire_bytes(len(f["payload"])) for f in log.ws_frames)
    map_messages = [f for f in log.ws_frames if MAP_MESSAGE_MARKER in f["payload"]]
    assets = {}
    for name, prefix in KEY_ASSETS.items():
        hit = next((r for r in finished if urlparse(r["url"]).path.startswith(prefix)), None)
        if hit:
            assets[name] = {
                "url": urlparse(hit["url"]).path,
                "wire_bytes": hit["encoded"],
                "decoded_bytes": hit["decoded"],
                "content_encoding": hit["headers"].get("content-encoding", "none"),
            }
    map_http_bytes = sum(r["encoded"] for r in map_http)
    return {
        "map_http_bytes": map_http_bytes,
        "map_http_decoded_bytes": sum(r["decoded"] for r in map_http),
        "map_http_requests": len(map_http),
        "map_http_by_url_bytes": sum(r["encoded"] for r in by_url),
        # /component/ requests the map frame did not make (Streamlit's shell
        # fetches the component's index.html itself before creating the iframe).
        "component_requests_from_shell": [
            {"path": urlparse(r["url"]).path, "type": r.get("type"), "wire_bytes": r["encoded"]}
            for r in by_url if r not in by_frame
        ],
        "map_frame_requests_outside_component": [urlparse(r["url"]).path for r in by_frame if r not in by_url],
        "ws_bytes_until_ready": ws_until_ready,
        "ws_frames_until_ready": len(before),
        "ws_bytes_total": ws_total,
        "ws_map_message_bytes": sum(ws_wire_bytes(len(f["payload"])) for f in map_messages),
        "ws_extensions": sorted(set(log.ws_extensions)),
        "shell_http_bytes": sum(r["encoded"] for r in shell_http),
        "shell_http_decoded_bytes": sum(r["decoded"] for r in shell_http),
        "shell_http_requests": len(shell_http),
        "map_total_bytes": map_http_bytes + ws_until_ready,
        "ws_bytes_until_ready_deflated": ws_until_ready_deflated,
        "map_total_bytes_deflated": map_http_bytes + ws_until_ready_deflated,
        "map_frame_in_process": bool(map_frames) and bool(map_http)
        and not any(t.get("type") == "iframe" for t in targets),
        "map_requests": sorted(
            ({"path": urlparse(r["url"]).path, "wire_bytes": r["encoded"], "decoded_bytes": r["decoded"],
              "content_encoding": r["headers"].get("content-encoding", "none")} for r in map_http),
            key=lambda r: -r["wire_bytes"],
        ),
        "assets": assets,
        "external_requests": list(external),
    }


def kb(value: float) -> str:
    return f"{value / 1000:8.1f} KB"


def main() -> None:
    args = parse_args(__doc__.strip().splitlines()[0], default_runs=2)
    expected = expected_drawn()
    machine = load_note()
    print(machine)
    with app_and_browser("map_bytes") as (server, browser):
        warm_up(browser, server.url, expected, loads=1)
        runs = [measure(browser, server.url, expected) for _ in range(args.runs)]

    def median(key: str) -> float:
        return summarise([run[key] for run in runs])["median"]

    last = runs[-1]
    print()
    print(f"bytes to the browser, cold browser cache, {args.runs} page load(s), median (KB = 1000 bytes; goal map <= {GOAL_BYTES / 1000:.0f} KB)")
    print(f"  (a) map iframe HTTP, on the wire     {kb(median('map_http_bytes'))}  ({last['map_http_requests']} requests; {kb(median('map_http_decoded_bytes')).strip()} decoded)")
    print(f"  (b) websocket, received until ready  {kb(median('ws_bytes_until_ready'))}  ({last['ws_frames_until_ready']} frames; the map's own message {kb(median('ws_map_message_bytes')).strip()})")
    print(f"      websocket, received in all       {kb(median('ws_bytes_total'))}")
    print(f"  (c) Streamlit shell HTTP, on wire    {kb(median('shell_http_bytes'))}  ({last['shell_http_requests']} requests; {kb(median('shell_http_decoded_bytes')).strip()} decoded)")
    total = median("map_total_bytes")
    print(f"  map total = (a) + (b until ready)    {kb(total)}  -> {verdict(total, GOAL_BYTES)}")
    if median("ws_bytes_until_ready_deflated") != median("ws_bytes_until_ready"):
        deflated = median("map_total_bytes_deflated")
        print(f"  map total with (b) deflated          {kb(deflated)}  (each message compressed alone: an upper bound on the wire)")
    print(f"  everything = (a) + (b all) + (c)     {kb(median('map_http_bytes') + median('ws_bytes_total') + median('shell_http_bytes'))}")
    print("  map iframe requests (last run):")
    for request in last["map_requests"]:
        print(f"    {request['path'][:70]:<70} {kb(request['wire_bytes'])} wire {kb(request['decoded_bytes'])} decoded  {request['content_encoding']}")
    print("  key assets (last run): decoded size, wire size, content-encoding from the server")
    for name, asset in last["assets"].items():
        print(f"    {name:<26} {kb(asset['decoded_bytes'])} decoded {kb(asset['wire_bytes'])} wire  content-encoding: {asset['content_encoding']}")
    extensions = ", ".join(e for e in last["ws_extensions"] if e) or "none"
    print(f"  websocket extensions negotiated: {extensions}"
          + (" (payloads counted as received, before deflate: wire is smaller)" if extensions != "none" else " (payload = wire bytes, plus frame headers)"))
    print(f"  map frame in-process, its requests seen by the page's CDP session: {'yes' if last['map_frame_in_process'] else 'NO'}")
    for request in last["component_requests_from_shell"]:
        print(f"  note: the shell itself requested {request['path']} ({request['type']}, {kb(request['wire_bytes']).strip()}): "
              "counted in (c), not (a)")
    if last["map_frame_requests_outside_component"]:
        print(f"  note: the map frame also requested {last['map_frame_requests_outside_component']} (counted in (a))")
    if any(run["external_requests"] for run in runs):
        print(f"WARNING: requests left the machine: {sorted({u for run in runs for u in run['external_requests']})[:5]}")

    write_json(
        args.json,
        {
            "benchmark": "map_bytes",
            "goal_bytes": GOAL_BYTES,
            "machine": machine,
            "runs": runs,
            "median": {key: median(key) for key in (
                "map_http_bytes", "ws_bytes_until_ready", "ws_map_message_bytes", "ws_bytes_total",
                "shell_http_bytes", "map_total_bytes")},
            "headline": [
                {"metric": "bytes for the map: iframe HTTP + websocket until ready", "value": total / 1000, "unit": "KB",
                 "goal": GOAL_BYTES / 1000},
                {"metric": "(a) map iframe HTTP", "value": median("map_http_bytes") / 1000, "unit": "KB", "goal": None},
                {"metric": "(b) websocket until map ready", "value": median("ws_bytes_until_ready") / 1000, "unit": "KB", "goal": None},
                {"metric": "(c) Streamlit shell HTTP", "value": median("shell_http_bytes") / 1000, "unit": "KB", "goal": None},
            ],
        },
    )


if __name__ == "__main__":
    main()
