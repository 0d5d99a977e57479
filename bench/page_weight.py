"""Print what a first visit to a lesson page downloads, per language, measured in
Chromium from a local server: every response body added up (the issue's method).

    .venv/bin/python bench/page_weight.py [SITE_DIR] [-v] [--smoke]

Builds the real course (without PDFs) into a temporary folder unless SITE_DIR is given.
-v lists every response. It is one run already: --smoke (or BENCH_SMOKE=1) changes
nothing but is taken, as the other bench scripts take it.
"""

from __future__ import annotations

import argparse
import functools
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LESSON = "step-2-map.html"
LIMITS_KIB = {"en": 250, "vi": 250, "hi": 330}  # issue 24's goals
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def first_visit(site: Path, paths: list[str]) -> dict[str, tuple[int, list]]:
    """{path: (bytes, [(url, bytes)])} for a fresh browser opening each page."""
    from playwright.sync_api import sync_playwright

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=site))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}/"
    out = {}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=os.environ.get(
                "CHROMIUM", "/usr/bin/chromium"), args=FLAGS)
            for path in paths:
                context = browser.new_context()
                page = context.new_page()
                loaded = []
                page.on("requestfinished", lambda r, loaded=loaded: loaded.append(
                    (r.url, len(r.response().body()) if r.response() else 0)))
                page.goto(base + path)
                page.wait_for_load_state("networkidle")
                page.wait_for_timeout(1500)  # the search worker loads its index and scripts
                out[path] = (sum(n for _, n in loaded), loaded)
                context.close()
            browser.close()
    finally:
        httpd.shutdown()
        httpd.server_close()
    return out


def build(tmp: Path) -> Path:
    project = tmp / "project"
    shutil.copytree(ROOT / "content", project / "content")
    shutil.copytree(ROOT / "worksheets", project / "worksheets")
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    exe = str(Path(sys.executable).with_name("workbook"))
    subprocess.run([exe, "build", "--no-pdf"], cwd=project, check=True, capture_output=True)
    return project / "site"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("site", nargs="?", type=Path, help="a built site (default: build one)")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every response")
    parser.add_argument("--smoke", action="store_true", help="for CI; one run already")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        site = args.site if args.site else build(Path(tmp))
        paths = {lang: f"{'' if lang == 'en' else lang + '/'}{LESSON}" for lang in LIMITS_KIB}
        weights = first_visit(site, list(paths.values()))
    print(f"first visit to {LESSON}, every response body added up (limit):")
    for lang, path in paths.items():
        total, loaded = weights[path]
        within = "within" if total / 1024 <= LIMITS_KIB[lang] else "OVER"
        print(f"  {lang}: {total / 1024:7.1f} KiB  ({LIMITS_KIB[lang]} KiB, {within})")
        if args.verbose:
            for url, size in sorted(loaded, key=lambda x: -x[1]):
                print(f"      {size / 1024:7.1f}  {url}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
