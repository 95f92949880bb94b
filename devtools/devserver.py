"""Run the app and a headless browser for browser tests and benchmarks.

Shared by ``tests/`` and ``bench/`` so both measure the app the same way. It
starts ``streamlit run app.py`` as a subprocess; nothing here imports Streamlit.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from sitmap.settings import CONFIG_ENV_VAR, REPO_ROOT

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
# Without the background-networking flags Chromium calls Google's hosts at start.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
MAP_FRAME = "iframe[title='st.iframe']"  # the map document, in a same-origin srcdoc frame
MAP_FRAME_URL = "about:srcdoc"


def find_chromium() -> str | None:
    explicit = os.environ.get("SITMAP_CHROMIUM")
    if explicit:
        return explicit if Path(explicit).exists() else None
    for candidate in CHROMIUM_CANDIDATES:
        if Path(candidate).exists():
            return candidate
    return shutil.which("chromium")


def launch_chromium(playwright):
    executable = find_chromium()
    if executable is None:
        raise RuntimeError("no Chromium found: install Debian's chromium (apt-get install chromium)")
    return playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class AppServer:
    """``with AppServer() as server: page.goto(server.url)``; stops the app on exit."""

    def __init__(self, config: Path | None = None, port: int | None = None, log: Path | None = None) -> None:
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.config = config
        self.log = log
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> AppServer:
        env = dict(os.environ)
        if self.config is not None:
            env[CONFIG_ENV_VAR] = str(Path(self.config).resolve())
        command = [
            sys.executable, "-m", "streamlit", "run", str(REPO_ROOT / "app.py"),
            "--server.port", str(self.port), "--server.address", "127.0.0.1",
            "--server.headless", "true", "--browser.gatherUsageStats", "false",
        ]
        output = open(self.log, "w") if self.log else subprocess.DEVNULL
        self.process = subprocess.Popen(command, cwd=REPO_ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)
        self._wait_healthy()
        return self

    def _wait_healthy(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"streamlit exited with code {self.process.returncode}")
            try:
                with urllib.request.urlopen(self.url + "_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"streamlit did not answer on {self.url} within {timeout:.0f} s")

    def __exit__(self, *exc) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()


def is_local(url: str) -> bool:
    """Requests that stay on this machine (the offline rule allows nothing else)."""
    local_prefixes = ("http://127.0.0.1", "ws://127.0.0.1", "http://localhost", "ws://localhost", "data:", "blob:", "about:", "file:")
    return url.startswith(local_prefixes)
