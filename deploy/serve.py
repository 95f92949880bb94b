"""Run the situation map behind nginx: several Streamlit processes and one nginx, in the foreground.

    .venv/bin/python deploy/serve.py                          # one app process per core, http://127.0.0.1:8080/
    .venv/bin/python deploy/serve.py --processes 2 --listen 0.0.0.0:8080
    .venv/bin/python deploy/serve.py --frame-ancestors "'self' https://www.example-news.org"
    .venv/bin/python deploy/serve.py --write-site sitmap.conf --listen 80 --server-name maps.example.org \\
        --app-ports 8601,8602                                 # only write the site file for Debian's nginx

The app processes are ``streamlit run app.py --server.port <port> --server.address
127.0.0.1 --server.headless true`` on 8601, 8602, … (or ``--app-ports``). nginx
runs from Debian's ``/usr/sbin/nginx`` with a configuration written from
``deploy/nginx-main.conf.template`` and ``deploy/nginx-site.conf.template`` into
a run folder (``--run-dir``; a temporary one, removed at the end, when absent),
which also holds the logs and ``processes.json`` (the pids); nginx's temporary
files and its cache of Streamlit's static files go to a fresh folder in /tmp,
removed at the end. Ctrl-C or SIGTERM
stops nginx, then the app processes; if any of them dies, everything stops and
the exit code is 1. Standard library only; docs/deploy.md explains the recipe.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

DEPLOY_DIR = Path(__file__).resolve().parent
REPO_ROOT = DEPLOY_DIR.parent
SITE_TEMPLATE = DEPLOY_DIR / "nginx-site.conf.template"
MAIN_TEMPLATE = DEPLOY_DIR / "nginx-main.conf.template"
NGINX_CANDIDATES = ("/usr/sbin/nginx", "/usr/local/sbin/nginx")
FIRST_APP_PORT = 8601
DEFAULT_LISTEN = "127.0.0.1:8080"
APP_ADDRESS = "127.0.0.1"
# Where Debian's nginx service keeps its logs; the foreground run uses its run folder.
DEBIAN_ACCESS_LOG = "/var/log/nginx/sitmap.access.log"
DEBIAN_ERROR_LOG = "/var/log/nginx/sitmap.error.log"
# Where Debian's nginx service keeps Streamlit's static files it has fetched once (/var/lib/nginx exists).
DEBIAN_CACHE_DIR = "/var/lib/nginx/sitmap-static"
# nginx's workers run as this user when the launcher runs as root (they never need root).
UNPRIVILEGED_USER = ("nobody", "nogroup")


class DeployError(Exception):
    """A problem the operator can fix (a busy port, a bad option, a process that would not start)."""


# --- configuration --------------------------------------------------------------------------------

# A CSP source list: hosts, schemes, 'self', 'none'. No quote marks of nginx's, no `;` or `,` (they
# would start another directive or policy), no `$` (an nginx variable), no braces or backslashes.
_FRAME_ANCESTORS = re.compile(r"^[A-Za-z0-9 '*:/._\-\[\]]*$")
_SERVER_NAME = re.compile(r"^[A-Za-z0-9 .*_~\-]+$")
_LISTEN = re.compile(r"^[A-Za-z0-9 .:\[\]_=\-]+$")


def check_frame_ancestors(value: str) -> str:
    value = " ".join(value.split())
    if not _FRAME_ANCESTORS.match(value):
        raise DeployError(f"--frame-ancestors: not a plain list of CSP sources: {value!r}")
    return value


def fill(template: str, fields: dict[str, str]) -> str:
    """The template with each ``@NAME@`` replaced; a field left unfilled is an error."""
    text = template
    for name, value in fields.items():
        text = text.replace(f"@{name}@", value)
    left = sorted(set(re.findall(r"@([A-Z_]+)@", text)))
    if left:
        raise DeployError(f"template fields not filled: {', '.join(left)}")
    return text


def render_site(
    app_ports: list[int],
    listen: str = DEFAULT_LISTEN,
    server_name: str = "_",
    frame_ancestors: str = "",
    access_log: str = DEBIAN_ACCESS_LOG,
    error_log: str = DEBIAN_ERROR_LOG,
    app_address: str = APP_ADDRESS,
    cache_dir: str = DEBIAN_CACHE_DIR,
) -> str:
    """The site configuration (nginx's ``http`` context) for these app ports."""
    if not app_ports:
        raise DeployError("at least one app port is needed")
    if not _LISTEN.match(listen):
        raise DeployError(f"--listen: not an nginx listen address: {listen!r}")
    if not _SERVER_NAME.match(server_name):
        raise DeployError(f"--server-name: not a list of host names: {server_name!r}")
    servers = "\n".join(f"    server {app_address}:{port};" for port in app_ports)
    return fill(SITE_TEMPLATE.read_text(encoding="utf-8"), {
        "UPSTREAM_SERVERS": servers,
        "LISTEN": listen,
        "SERVER_NAME": server_name,
        "FRAME_ANCESTORS": check_frame_ancestors(frame_ancestors),
        "ACCESS_LOG": access_log,
        "ERROR_LOG": error_log,
        "CACHE_DIR": cache_dir,
    })


def render_main(run_dir: Path, temp_dir: Path, worker_connections: int, user: str = "") -> str:
    """nginx's main configuration for a foreground run whose files all stay in ``run_dir``."""
    return fill(MAIN_TEMPLATE.read_text(encoding="utf-8"), {
        "RUN_DIR": str(run_dir),
        "TEMP_DIR": str(temp_dir),
        "WORKER_CONNECTIONS": str(worker_connections),
        "USER": f"user {user};" if user else "# (not root: the workers run as the launching user)",
    })


def find_nginx(explicit: str | None = None) -> str | None:
    if explicit:
        return explicit if Path(explicit).exists() else None
    for candidate in NGINX_CANDIDATES:
        if Path(candidate).exists():
            return candidate
    return shutil.which("nginx")


def raise_open_file_limit(wanted: int = 65536) -> int:
    """Raise this process's (and so its children's) open-file limit as far as allowed; returns it."""
    try:
        import resource
    except ImportError:  # not on Linux: leave it
        return 1024
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
    if soft != resource.RLIM_INFINITY and soft < target:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
            soft = target
        except (ValueError, OSError):
            pass
    return wanted if soft == resource.RLIM_INFINITY else soft


# --- processes ------------------------------------------------------------------------------------

def port_is_free(address: str, port: int) -> bool:
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((address, port))
        except OSError:
            return False
    return True


def _die_with_parent() -> None:
    """In the child, before exec: Linux sends it SIGTERM if the launcher itself is killed."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def wait_http_ok(url: str, processes: list[subprocess.Popen], timeout: float, stop: threading.Event) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and not stop.is_set():
        for process in processes:
            if process.poll() is not None:
                raise DeployError(f"{' '.join(map(str, process.args[:6]))}… exited with code {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        stop.wait(0.2)
    if not stop.is_set():
        raise DeployError(f"{url} did not answer within {timeout:.0f} s")


class Deployment:
    """N app processes and nginx; ``start()``, then ``supervise()`` until stopped, then ``stop()``."""

    def __init__(self, app_ports: list[int], listen: str, run_dir: Path, nginx: str, *, python: str = sys.executable,
                 app: Path = REPO_ROOT / "app.py", frame_ancestors: str = "", server_name: str = "_",
                 app_address: str = APP_ADDRESS, log=print) -> None:
        self.app_ports = app_ports
        self.listen = listen
        self.run_dir = run_dir
        self.nginx = nginx
        self.python = python
        self.app = app
        self.frame_ancestors = frame_ancestors
        self.server_name = server_name
        self.app_address = app_address
        self.log = log
        self.apps: list[subprocess.Popen] = []
        self.proxy: subprocess.Popen | None = None
        self.temp_dir: Path | None = None
        self.stopping = threading.Event()

    @property
    def url(self) -> str:
        host, _, port = self.listen.split()[0].rpartition(":")  # "127.0.0.1:8080", "80", "[::1]:8080 ssl"
        host = host if host and host not in ("0.0.0.0", "[::]", "*") else "127.0.0.1"
        return f"http://{host}:{port}/" if port.isdigit() else f"http://127.0.0.1:{self.listen}/"

    def _popen(self, command: list[str], log_name: str, **kwargs) -> subprocess.Popen:
        output = open(self.run_dir / log_name, "ab")
        try:
            return subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT, start_new_session=True,
                                    preexec_fn=_die_with_parent if sys.platform == "linux" else None, **kwargs)
        finally:
            output.close()

    def write_config(self) -> Path:
        self.run_dir.mkdir(parents=True, exist_ok=True)
        user = ""
        # The workers need a temp folder they can reach: as root they run as nobody, and the run
        # folder may sit under a private parent (pytest's, a home), so theirs is a fresh one in /tmp.
        self.temp_dir = Path(tempfile.mkdtemp(prefix="sitmap-nginx-temp-"))
        if os.geteuid() == 0:
            user = " ".join(UNPRIVILEGED_USER)
            self.temp_dir.chmod(0o711)
            import grp
            import pwd

            uid, gid = pwd.getpwnam(UNPRIVILEGED_USER[0]).pw_uid, grp.getgrnam(UNPRIVILEGED_USER[1]).gr_gid
        for name in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
            (self.temp_dir / name).mkdir(mode=0o700)
            if user:
                os.chown(self.temp_dir / name, uid, gid)
        connections = max(256, min(4096, raise_open_file_limit() // 2 - 64))
        site = render_site(self.app_ports, self.listen, self.server_name, self.frame_ancestors,
                           access_log=str(self.run_dir / "access.log"), error_log=str(self.run_dir / "error.log"),
                           app_address=self.app_address, cache_dir=str(self.temp_dir / "static-cache"))
        (self.run_dir / "sitmap-site.conf").write_text(site, encoding="utf-8")
        main = self.run_dir / "nginx.conf"
        main.write_text(render_main(self.run_dir, self.temp_dir, connections, user), encoding="utf-8")
        return main

    def check_config(self, main: Path) -> None:
        check = subprocess.run([self.nginx, "-t", "-q", "-p", str(self.run_dir), "-c", str(main)],
                               capture_output=True, text=True)
        if check.returncode != 0:
            raise DeployError(f"nginx refused the configuration:\n{check.stderr.strip()}")

    def start_apps(self, timeout: float = 90) -> None:
        for port in self.app_ports:
            if not port_is_free(self.app_address, port):
                raise DeployError(f"app port {port} on {self.app_address} is in use")
        for port in self.app_ports:
            command = [self.python, "-m", "streamlit", "run", str(self.app), "--server.port", str(port),
                       "--server.address", self.app_address, "--server.headless", "true"]
            self.apps.append(self._popen(command, f"app-{port}.log", cwd=self.app.parent))
        self.log(f"starting {len(self.app_ports)} app process(es) on {self.app_address}: "
                 f"{', '.join(map(str, self.app_ports))}")
        for port in self.app_ports:
            wait_http_ok(f"http://{self.app_address}:{port}/_stcore/health", self.apps, timeout, self.stopping)

    def start_proxy(self, main: Path, timeout: float = 15) -> None:
        """nginx in front of the app ports (this launcher's processes, or ones already running)."""
        self.proxy = self._popen([self.nginx, "-p", str(self.run_dir), "-c", str(main)], "nginx.out")
        wait_http_ok(self.url + "_stcore/health", [self.proxy, *self.apps], timeout, self.stopping)

    def start(self, timeout: float = 90) -> None:
        main = self.write_config()
        self.check_config(main)
        self.start_apps(timeout)
        if self.stopping.is_set():
            return
        self.start_proxy(main)
        (self.run_dir / "processes.json").write_text(json.dumps({
            "url": self.url,
            "nginx": self.proxy.pid,
            "apps": {str(port): process.pid for port, process in zip(self.app_ports, self.apps)},
        }, indent=1), encoding="utf-8")

    def supervise(self) -> int:
        """Wait until stopped (0) or until a process dies (1)."""
        while not self.stopping.wait(0.5):
            for process in [self.proxy, *self.apps]:
                if process is not None and process.poll() is not None:
                    self.log(f"{Path(process.args[0]).name} (pid {process.pid}) exited with code "
                             f"{process.returncode}; stopping everything. Logs: {self.run_dir}")
                    return 1
        return 0

    def stop(self) -> None:
        self.stopping.set()
        # nginx first, so no reader reaches a process on its way out; then the apps.
        for group in ([self.proxy] if self.proxy else [], self.apps):
            for process in group:
                if process.poll() is None:
                    process.terminate()
            for process in group:
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
        if self.temp_dir is not None:
            shutil.rmtree(self.temp_dir, ignore_errors=True)


# --- command line ---------------------------------------------------------------------------------

def parse_ports(text: str) -> list[int]:
    try:
        ports = [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a comma-separated list of ports: {text!r}") from None
    if not ports or any(not 0 < port < 65536 for port in ports) or len(set(ports)) != len(ports):
        raise argparse.ArgumentTypeError(f"not a list of distinct ports: {text!r}")
    return ports


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="deploy/serve.py",
        description="Run the situation map as several Streamlit processes behind nginx, in the foreground "
                    "(Ctrl-C stops everything), or write the nginx site file for Debian's nginx service.")
    parser.add_argument("--listen", default=DEFAULT_LISTEN,
                        help=f"nginx's listen address (default {DEFAULT_LISTEN}; e.g. 0.0.0.0:8080 or 80)")
    parser.add_argument("--server-name", default="_", help="nginx's server_name (default _: any host name)")
    count = parser.add_mutually_exclusive_group()
    count.add_argument("--processes", type=int, help="number of app processes (default: one per core)")
    count.add_argument("--app-ports", type=parse_ports,
                       help=f"comma-separated app ports (default {FIRST_APP_PORT}, {FIRST_APP_PORT + 1}, …)")
    parser.add_argument("--frame-ancestors", default="",
                        help="who may frame the map, a CSP source list such as \"'self' https://www.example-news.org\" "
                             "(default: empty, any site)")
    parser.add_argument("--run-dir", type=Path,
                        help="folder for the generated configuration, logs and processes.json "
                             "(default: a temporary folder, removed at the end)")
    parser.add_argument("--nginx", help="the nginx binary (default /usr/sbin/nginx)")
    parser.add_argument("--python", default=sys.executable, help="Python with Streamlit (default: this one)")
    parser.add_argument("--write-site", metavar="PATH",
                        help="only write the site file (for /etc/nginx/sites-available/) to PATH, or - for "
                             "standard output, and exit; logs go to /var/log/nginx/sitmap.*.log")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.processes is not None and args.processes < 1:
        print("deploy/serve.py: --processes must be at least 1", file=sys.stderr)
        return 2
    ports = args.app_ports or [FIRST_APP_PORT + index for index in range(args.processes or os.cpu_count() or 1)]
    try:
        if args.write_site:
            site = render_site(ports, args.listen, args.server_name, args.frame_ancestors)
            if args.write_site == "-":
                sys.stdout.write(site)
            else:
                Path(args.write_site).write_text(site, encoding="utf-8")
                print(f"wrote {args.write_site} (app ports {', '.join(map(str, ports))})", file=sys.stderr)
            return 0
        nginx = find_nginx(args.nginx)
        if nginx is None:
            raise DeployError("nginx not found: install Debian's nginx (apt-get install nginx)")
        temporary = args.run_dir is None
        run_dir = Path(tempfile.mkdtemp(prefix="sitmap-serve-")) if temporary else args.run_dir.resolve()
        deployment = Deployment(ports, args.listen, run_dir, nginx, python=args.python,
                                frame_ancestors=args.frame_ancestors, server_name=args.server_name,
                                log=lambda message: print(f"serve: {message}", flush=True))
    except DeployError as exc:
        print(f"deploy/serve.py: {exc}", file=sys.stderr)
        return 2

    def on_signal(signum, frame):
        deployment.stopping.set()

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    code = 0
    try:
        deployment.start()
        if not deployment.stopping.is_set():
            deployment.log(f"serving {deployment.url} through nginx (pid {deployment.proxy.pid}); "
                           f"logs and processes.json in {run_dir}; Ctrl-C stops")
            code = deployment.supervise()
    except DeployError as exc:
        print(f"deploy/serve.py: {exc}\n(logs: {run_dir})", file=sys.stderr)
        code = 1
    finally:
        deployment.stop()
        deployment.log("stopped")
        if temporary and code == 0:
            shutil.rmtree(run_dir, ignore_errors=True)
    return code


if __name__ == "__main__":
    sys.exit(main())
