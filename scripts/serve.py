"""N Streamlit servers behind Debian's nginx, with sticky sessions: the app for a bigger room.

Usage: ``make serve WORKERS=N [PORT=8501]`` (or ``.venv/bin/python scripts/serve.py --workers N
[--port 8501] [--address 0.0.0.0]``). Ctrl-C stops nginx and every worker.

Each worker is one ``streamlit run app.py`` on its own local port (one Python process: it uses
one core at a time), so N workers use up to N cores. nginx listens on ``--port`` and routes each
visitor to one worker for good, by a cookie it sets on the first request
(``deploy/nginx.conf.template``): the page, the websocket and files all reach the worker that
holds the visitor's session. The workers share one cookie secret, so Streamlit's XSRF cookie is
valid on any of them. nginx runs as a plain child process with its configuration, logs and
temporary files in a folder of its own (``--run-dir``, a fresh temporary one by default); the
system's nginx service is not touched.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = ROOT / "deploy" / "nginx.conf.template"


def nginx_path() -> str | None:
    """Debian's nginx (``apt-get install nginx``), on PATH or in /usr/sbin."""
    return shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if os.access(p, os.X_OK)), None)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def static_dir() -> Path:
    """The folder of Streamlit's front-end files (``/static/…`` on its pages), in the installed package."""
    import streamlit

    return Path(streamlit.__file__).resolve().parent / "static" / "static"


def nginx_conf(listen: str, ports: list[int], run_dir: Path) -> str:
    """The nginx configuration: listen on ``listen`` ("host:port"), route to the workers on ``ports``, serve
    Streamlit's front-end files itself."""
    servers = "\n".join(f"        server 127.0.0.1:{p} max_fails=0;" for p in ports)
    return (TEMPLATE.read_text(encoding="utf-8").replace("@RUN@", str(run_dir))
            .replace("@SERVERS@", servers).replace("@LISTEN@", listen).replace("@STATIC@", str(static_dir())))


def _healthy(url: str) -> bool:
    with contextlib.suppress(OSError):
        with urllib.request.urlopen(url, timeout=1) as resp:
            return resp.status == 200 and resp.read().strip() == b"ok"
    return False


class Fleet:
    """Start N workers and nginx in front of them; a context manager that stops them all.

    ``url`` is nginx's address, ``pids`` the workers' processes (their CPU time and memory are the
    app's), ``ports`` theirs, ``access_log`` nginx's log of which worker served each request.
    """

    def __init__(self, workers: int, run_dir: Path, *, port: int | None = None, address: str = "127.0.0.1",
                 timeout: float = 120.0) -> None:
        if workers < 1:
            raise ValueError("workers must be ≥ 1")
        self.nginx = nginx_path()
        if self.nginx is None:
            raise RuntimeError("nginx is not installed: apt-get install nginx (Debian's)")
        self.workers, self.run_dir, self.timeout = workers, Path(run_dir), timeout
        self.port = port or free_port()
        self.address = address
        self.ports = [free_port() for _ in range(workers)]
        self.procs: list[subprocess.Popen] = []
        self.proxy: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        host = "127.0.0.1" if self.address in ("0.0.0.0", "") else self.address
        return f"http://{host}:{self.port}/"

    @property
    def pids(self) -> list[int]:
        return [p.pid for p in self.procs]

    @property
    def access_log(self) -> Path:
        return self.run_dir / "access.log"

    def worker_log(self, i: int) -> str:
        with contextlib.suppress(OSError):
            return (self.run_dir / f"worker{i}.log").read_text(errors="replace")
        return ""

    def __enter__(self) -> "Fleet":
        try:
            self._start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def _start(self) -> None:
        self.run_dir.mkdir(parents=True, exist_ok=True)
        env = {**os.environ, "PYTHONPATH": str(ROOT),
               "STREAMLIT_SERVER_COOKIE_SECRET": secrets.token_hex(32)}  # one secret: any worker's cookie holds
        for i, port in enumerate(self.ports):
            cmd = [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"),
                   "--server.headless", "true", "--server.port", str(port), "--server.address", "127.0.0.1",
                   "--server.fileWatcherType", "none", "--browser.gatherUsageStats", "false"]
            log = open(self.run_dir / f"worker{i}.log", "wb")
            self.procs.append(subprocess.Popen(cmd, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env=env))
        deadline = time.monotonic() + self.timeout
        for i, (proc, port) in enumerate(zip(self.procs, self.ports)):
            while not _healthy(f"http://127.0.0.1:{port}/_stcore/health"):
                if proc.poll() is not None:
                    raise RuntimeError(f"worker {i} exited with code {proc.returncode}:\n{self.worker_log(i)}")
                if time.monotonic() > deadline:
                    raise RuntimeError(f"worker {i} did not become healthy:\n{self.worker_log(i)}")
                time.sleep(0.1)
        conf = self.run_dir / "nginx.conf"
        listen = f"{self.address}:{self.port}" if self.address not in ("0.0.0.0", "") else str(self.port)
        conf.write_text(nginx_conf(listen, self.ports, self.run_dir), encoding="utf-8")
        self.proxy = subprocess.Popen([self.nginx, "-p", str(self.run_dir), "-e", str(self.run_dir / "error.log"),
                                       "-c", str(conf), "-g", "daemon off;"],
                                      stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
        while not _healthy(self.url + "_stcore/health"):
            if self.proxy.poll() is not None:
                errors = (self.run_dir / "error.log").read_text(errors="replace") if (
                    self.run_dir / "error.log").exists() else ""
                raise RuntimeError(f"nginx exited with code {self.proxy.returncode}:\n{errors}")
            if time.monotonic() > deadline:
                raise RuntimeError("nginx did not answer")
            time.sleep(0.1)

    def stop(self) -> None:
        """nginx first (no new requests), then every worker; each waited for, killed if it hangs."""
        for proc in ([self.proxy] if self.proxy else []) + self.procs:
            if proc.poll() is None:
                proc.send_signal(signal.SIGQUIT if proc is self.proxy else signal.SIGTERM)
        for proc in ([self.proxy] if self.proxy else []) + self.procs:
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="Streamlit servers (default: one per core)")
    ap.add_argument("--port", type=int, default=8501, help="the port people open")
    ap.add_argument("--address", default="0.0.0.0", help="the address nginx listens on (default: every interface)")
    ap.add_argument("--run-dir", help="folder for nginx's configuration, logs and temporary files")
    args = ap.parse_args(argv)
    if nginx_path() is None:
        print("error: nginx is not installed; on Debian or Ubuntu: sudo apt-get install nginx", file=sys.stderr)
        return 2
    def interrupted(signum, frame):
        raise KeyboardInterrupt  # stop the fleet on `kill` and on a closed terminal too, not only Ctrl-C

    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, interrupted)
    with contextlib.ExitStack() as stack:
        run_dir = Path(args.run_dir) if args.run_dir else Path(stack.enter_context(tempfile.TemporaryDirectory()))
        fleet = stack.enter_context(Fleet(args.workers, run_dir, port=args.port, address=args.address))
        where = "every interface" if args.address in ("0.0.0.0", "") else args.address
        print(f"Serving the app on {fleet.url} ({where}, port {args.port}): {args.workers} Streamlit workers "
              f"(ports {', '.join(map(str, fleet.ports))}) behind nginx; logs in {run_dir}. Ctrl-C stops.",
              flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            while all(p.poll() is None for p in fleet.procs) and fleet.proxy.poll() is None:
                time.sleep(1)
        dead = [i for i, p in enumerate(fleet.procs) if p.poll() is not None]
        if dead or fleet.proxy.poll() is not None:
            print(f"error: a process stopped (workers {dead}, nginx {fleet.proxy.poll()}); stopping the rest",
                  file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
