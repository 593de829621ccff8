"""Start ``streamlit run app.py`` on a free local port and wait for its health endpoint."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def chromium_path() -> str | None:
    """Debian's chromium (never a downloaded browser)."""
    return shutil.which("chromium") or shutil.which("chromium-browser")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    process: subprocess.Popen
    port: int
    log_path: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)

    def log(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")
        except OSError:
            return ""


def start_server(log_path: Path, timeout: float = 60.0, app: Path = ROOT / "app.py",
                 python_path: tuple[Path, ...] = ()) -> Server:
    """``streamlit run app.py`` (or another ``app``, from its own folder) headless on a free port; returns
    once /_stcore/health answers ok. ``python_path``: folders put before the project on the server's
    ``PYTHONPATH`` (a benchmark's probe)."""
    port = free_port()
    cmd = [
        sys.executable, "-m", "streamlit", "run", str(app),
        "--server.headless", "true",
        "--server.port", str(port),
        "--server.address", "127.0.0.1",
        "--server.fileWatcherType", "none",
        "--browser.gatherUsageStats", "false",
        "--theme.base", "light",
        "--client.toolbarMode", "minimal",
        "--client.showErrorDetails", "none",
    ]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([*map(str, python_path), str(ROOT)])}
    log = open(log_path, "wb")
    proc = subprocess.Popen(cmd, cwd=app.parent, stdout=log, stderr=subprocess.STDOUT, env=env)
    server = Server(proc, port, log_path)
    deadline = time.monotonic() + timeout
    health = f"http://127.0.0.1:{port}/_stcore/health"
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with code {proc.returncode}:\n{server.log()}")
        with contextlib.suppress(OSError):  # not listening yet: try again shortly
            with urllib.request.urlopen(health, timeout=1) as resp:
                if resp.status == 200 and resp.read().strip() == b"ok":
                    return server
        time.sleep(0.1)
    server.stop()
    raise RuntimeError(f"streamlit did not become healthy within {timeout:.0f} s:\n{server.log()}")
