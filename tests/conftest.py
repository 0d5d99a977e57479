"""Shared fixtures: a copy of the real project in tmp_path, and the real site built from it."""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parent.parent


# Every copied project shares one cache of cut fonts and rendered PDFs (content-keyed,
# so a changed input still renders): the suite renders each distinct PDF once.
os.environ.setdefault("WORKBOOK_CACHE_DIR", str(ROOT / "build" / "cache"))


# Where the tests' copies say they are published: a real-looking address, so the built
# site has its QR codes and absolute links, as a published one does.
PUBLIC = "https://learn.network-workbook.org/"


def copy_project(target: Path, address: str | None = PUBLIC) -> Path:
    """The real course and site config, in a folder the test may change; with
    ``address`` as its public address (site_url), or none."""
    target.mkdir(parents=True, exist_ok=True)
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    if address:
        config = f"site_url: {address}\n{config}"
    (target / "mkdocs.yml").write_text(config, encoding="utf-8")
    shutil.copytree(ROOT / "content", target / "content")
    for folder in ("worksheets", "schemas", "translations"):
        if (ROOT / folder).is_dir():  # git keeps no empty folder
            shutil.copytree(ROOT / folder, target / folder)
    return target


def workbook(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """Run the installed ``workbook`` command as an author would."""
    exe = Path(sys.executable).with_name("workbook")
    return subprocess.run([str(exe), *args], cwd=cwd, capture_output=True, text=True,
                          timeout=600)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The real course, built once by ``workbook build`` into a temporary folder."""
    root = copy_project(tmp_path_factory.mktemp("real") / "project")
    result = workbook("build", cwd=root)
    assert result.returncode == 0, result.stderr
    return root / "site"


@pytest.fixture(scope="session")
def course():
    from generator.course.loader import load_course

    return load_course(ROOT)


# -- Chromium (Debian's, driven by Playwright) against the built site on 127.0.0.1 ------

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


class QuietHandler(SimpleHTTPRequestHandler):
    protocol_version = "HTTP/1.0"  # one request per connection: none is left open

    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def server(built_site):
    handler = functools.partial(QuietHandler, directory=str(built_site))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    assert os.path.exists(CHROMIUM), f"Chromium not found at {CHROMIUM} (run: make test)"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, server):
    """A fresh page that records every request leaving the site and every failed one."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.foreign, page.failed, page.requested = [], [], []
    page.on("request", lambda r: page.requested.append(r.url))
    host = urlsplit(server).netloc
    page.on("request", lambda r: urlsplit(r.url).netloc not in (host, "")
            and not r.url.startswith("data:") and page.foreign.append(r.url))
    page.on("response", lambda r: r.status >= 400 and page.failed.append(f"{r.status} {r.url}"))
    yield page
    context.close()




def assert_accessible(page, where: str = "") -> None:
    """axe-core on the page as it is now: no serious or critical violation."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    serious = [v for v in results.response["violations"]
               if v["impact"] in ("serious", "critical")]
    assert serious == [], (where or page.url, results.generate_report())
