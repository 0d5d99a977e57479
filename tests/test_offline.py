"""Offline after the first visit: over http, one page of a language loaded, its other
pages, search, worksheets and My workbook open with no connection; the PDFs only when
the reader asks; the data saver asks first; a new build is a new cache and the reader
is told; from file:// nothing registers. And the manifests that make the course
installable, built from the course."""

from __future__ import annotations

import functools
import json
import shutil
import struct
import threading
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest
from conftest import QuietHandler

READY = "() => { const s = document.querySelector('.wb-offline-status');" \
        " return s && s.textContent === document.body.dataset.wbExpect; }"


def labels(built_site: Path, lang: str) -> dict:
    from conftest import ROOT

    from generator.course.loader import load_course

    course = load_course(ROOT)
    return {key: text[lang] for key, text in course.labels.items()}


def expect(page, text: str) -> None:
    """Wait until the offline status line says ``text``."""
    page.evaluate("(text) => { document.body.dataset.wbExpect = text; }", text)
    page.wait_for_function(READY, timeout=60000)


def kept(page) -> list[str]:
    return page.evaluate("""async () => {
        const out = [];
        for (const name of await caches.keys()) {
            const cache = await caches.open(name);
            for (const r of await cache.keys()) out.push(name + ' ' + r.url);
        }
        return out; }""")


@pytest.fixture
def context(browser):
    context = browser.new_context(viewport={"width": 412, "height": 823})
    yield context
    context.close()


def test_a_language_opens_offline_after_one_visit(context, server, built_site):
    t = labels(built_site, "vi")
    page = context.new_page()
    failed = []
    page.on("requestfailed", lambda r: failed.append(r.url))
    page.goto(server + "vi/step-2-map.html")
    expect(page, t["offline_ready"])
    assert not any("/pdf/" in url for url in kept(page)), "PDFs kept without being asked"
    context.set_offline(True)
    # other pages of the language, a worksheet, My workbook, the home page by its folder
    for path, marker in (("vi/step-4-gaps.html", "h1"), ("vi/worksheet-goals.html", ".wb-sheet"),
                         ("vi/my-workbook.html", ".wb-book"), ("vi/", ".md-content h1"),
                         ("vi/plan-custom.html", "h1")):
        page.goto(server + path)
        assert page.locator(marker).first.is_visible(), path
    # search, from the kept index and worker
    page.goto(server + "vi/step-1-goals.html")
    page.locator("label[for='__search']").first.click()
    page.locator(".md-search__input").fill("mạng lưới")
    page.wait_for_selector(".md-search-result__item", timeout=30000)
    # an answer typed offline is there after a reload
    page.goto(server + "vi/worksheet-goals.html")
    field = page.locator("input[name='goals.name']")
    field.fill("Lan Nguyễn")
    field.blur()
    page.wait_for_timeout(800)
    page.reload()
    assert page.locator("input[name='goals.name']").input_value() == "Lan Nguyễn"
    # a page that does not exist: the language's own "not found" page
    page.goto(server + "vi/no-such-page.html")
    assert page.locator("h1").first.text_content().strip() == t["not_found_title"]


def test_the_pdfs_are_kept_when_the_reader_asks(context, server, built_site):
    t = labels(built_site, "en")
    page = context.new_page()
    page.goto(server + "worksheets.html")
    expect(page, t["offline_ready"])
    button = page.locator("[data-offline=pdfs]")
    total = sum(p.stat().st_size for p in (built_site / "pdf").glob("*.en.*.pdf"))
    assert f"{total / 1e6:.1f}\u00a0MB" in button.text_content()  # as the handbook's links
    button.click()
    expect(page, t["offline_pdfs_ready"])
    pdfs = [url for url in kept(page) if "/pdf/" in url]
    assert pdfs and all(".en." in url for url in pdfs)
    context.set_offline(True)
    response = page.evaluate("async () => (await fetch('pdf/goals.en.a4.pdf')).status")
    assert response == 200


def test_with_the_data_saver_on_it_asks_first(context, server, built_site):
    t = labels(built_site, "en")
    page = context.new_page()
    page.add_init_script("Object.defineProperty(navigator, 'connection',"
                         " {value: {saveData: true}, configurable: true});")
    page.goto(server + "index.html")
    expect(page, t["offline_ask"])
    assert kept(page) == [], "the course was downloaded on a data-saving connection"
    page.locator("[data-offline=keep]").click()
    expect(page, t["offline_ready"])
    assert any(url.endswith("/step-2-map.html") for url in kept(page))


def test_a_new_build_is_a_new_cache_and_the_reader_is_told(browser, built_site, tmp_path):
    """The site served from a copy; then a lesson changes and the build's files are
    written again, as a new build writes them."""
    from conftest import ROOT

    from generator.course.loader import load_course
    from generator.course.pagelist import slugs
    from generator.site import sitefiles

    site = tmp_path / "site"
    shutil.copytree(built_site, site)
    httpd = ThreadingHTTPServer(("127.0.0.1", 0),
                                functools.partial(QuietHandler, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}/"
    context = browser.new_context()
    try:
        t = labels(built_site, "en")
        page = context.new_page()
        page.goto(base + "step-2-map.html")
        expect(page, t["offline_ready"])
        old = {url.split()[0] for url in kept(page)}
        lesson = site / "step-3-offer.html"
        lesson.write_text(lesson.read_text(encoding="utf-8").replace(
            "</h1>", " (2)</h1>", 1), encoding="utf-8")
        course = load_course(ROOT)
        sitefiles.write_offline(site, [(lang.code, course.title[lang.code], "ltr")
                                       for lang in course.languages],
                                slugs(course), course.default_language.code, "#303fa1",
                                None, course.title["en"])
        page.goto(base + "index.html")  # a navigation: the browser looks for a new worker
        page.wait_for_selector(".wb-offline-update button", timeout=60000)
        assert t["offline_update"] in page.text_content(".wb-offline-update")
        with page.expect_navigation():
            page.click(".wb-offline-update button")
        page.wait_for_function("async () => (await caches.keys()).length === 1")
        new = {url.split()[0] for url in kept(page)}
        assert new and new.isdisjoint(old)
        context.set_offline(True)
        page.goto(base + "step-3-offer.html")
        assert page.locator("h1").first.text_content().strip().endswith("(2)")
    finally:
        context.close()
        httpd.shutdown()
        httpd.server_close()


def test_from_disk_no_worker_registers(context, built_site):
    page = context.new_page()
    requested = []
    page.on("request", lambda r: requested.append(r.url))
    page.goto((built_site / "step-2-map.html").as_uri())
    page.wait_for_timeout(2500)
    assert page.locator(".wb-offline").is_hidden()
    assert not any(url.endswith(("/sw.js", "/offline.json")) for url in requested)
    # the browser refuses workers from disk anyway; the page does not ask for one
    registered = page.evaluate("""async () => {
        try { return (await navigator.serviceWorker.getRegistrations()).length; }
        catch (e) { return 0; } }""")
    assert registered == 0
    assert any(url.endswith("/file-worker.js") for url in requested), \
        "the file:// search shim was not loaded from disk"


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", path
    return struct.unpack(">II", data[16:24])


def test_each_language_has_a_manifest_and_the_worker_carries_the_build(built_site):
    from conftest import ROOT

    from generator.course.loader import load_course

    course = load_course(ROOT)
    version = None
    for lang in course.languages:
        folder = built_site if lang == course.default_language else built_site / lang.code
        manifest = json.loads((folder / "manifest.webmanifest").read_text(encoding="utf-8"))
        assert manifest["name"] == course.title[lang.code]
        assert manifest["lang"] == lang.code and manifest["display"] == "standalone"
        assert (folder / manifest["start_url"]).is_file()
        sizes = {png_size(folder / icon["src"]) for icon in manifest["icons"]}
        assert {(192, 192), (512, 512)} <= sizes
        page = (folder / "index.html").read_text(encoding="utf-8")
        assert 'rel="manifest" href="' in page and "manifest-src 'self'" in page
        listing = json.loads((folder / "offline.json").read_text(encoding="utf-8"))
        version = version or listing["version"]
        assert listing["version"] == version  # one build, one version
        assert "my-workbook.html" in listing["pages"]
        assert "search/search_index.json" in listing["pages"]
        assert all((folder / path).resolve().is_file() for path in listing["pages"])
    assert f'var VERSION = "{version}";' in (built_site / "sw.js").read_text(encoding="utf-8")


def test_the_course_logo_makes_the_icons(tmp_path):
    from conftest import copy_project, workbook
    from PIL import Image

    project = copy_project(tmp_path / "project")
    (project / "content" / "images").mkdir(exist_ok=True)
    Image.new("RGB", (300, 100), "#ff0000").save(project / "content" / "images" / "logo.png")
    course = project / "content" / "course.yml"
    course.write_text(course.read_text(encoding="utf-8") + "\nlogo: images/logo.png\n",
                      encoding="utf-8")
    result = workbook("build", "--no-pdf", cwd=project)
    assert result.returncode == 0, result.stderr
    with Image.open(project / "site" / "assets" / "icons" / "icon-192.png") as icon:
        assert icon.size == (192, 192)
        assert icon.convert("RGB").getpixel((96, 96)) == (255, 0, 0)  # the logo, centred
        assert icon.convert("RGB").getpixel((2, 2)) == (255, 255, 255)  # on white
