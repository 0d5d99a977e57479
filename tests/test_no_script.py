"""No script but the project's own, whatever the course text, a translator's PO file or
the command line says: every text shows as typed, Markdown can carry no script, the
public address is parsed, and every page carries a policy that blocks what slips by."""

from __future__ import annotations

import functools
import subprocess
import threading
import xml.etree.ElementTree as ET
from html import unescape
from html.parser import HTMLParser
from http.server import ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import polib
import pytest
import yaml
from conftest import PUBLIC, QuietHandler, copy_project, workbook
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.authoring.translations import walk_texts
from generator.course import markup
from generator.course.shapes import KINDS

# What a hostile translator or author types: it closes the head's tags and attributes,
# opens script and handlers, and tries Markdown's own ways in. Each payload that ran
# would leave a mark in window.__pwned or open a dialog.
HOSTILE = ("</title></script>\"'><script>window.__pwned=1;alert(1)</script>"
           "<img src=x onerror=\"window.__pwned=2;alert(2)\"> {: onclick=alert(3) } "
           "&amp; {{ 7*7 }} {% raw %} `x`{: onclick=alert(5) }[y](javascript:alert(6))"
           "\n\n# not a heading")
HOSTILE_MARKDOWN = ("<script>window.__pwned=3</script> <b onmouseover=alert(4)>b</b> "
                    "[safe](https://learn.network-workbook.org/a) `<i>code</i>`")


class Inventory(HTMLParser):
    """Every element and attribute name in a page, each script, each address."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements, self.attributes, self.scripts, self.urls = set(), set(), [], []

    def handle_starttag(self, tag, attrs):
        self.elements.add(tag)
        attrs = dict(attrs)
        self.attributes.update(f"{tag}@{name}" for name in attrs)
        if tag == "script":
            self.scripts.append(attrs)
        for name in ("href", "src", "action", "formaction", "data", "poster"):
            if attrs.get(name):
                self.urls.append((tag, name, attrs[name]))

    handle_startendtag = handle_starttag


def inventory(site: Path) -> dict[Path, Inventory]:
    out = {}
    for path in sorted(site.rglob("*.html")):
        parser = Inventory()
        parser.feed(path.read_text(encoding="utf-8"))
        out[path] = parser
    return out


def scheme_allowed(tag: str, url: str) -> bool:
    scheme = urlsplit(url.strip()).scheme.lower()
    return scheme in ("", "http", "https", "mailto") or (tag == "img" and scheme == "data")


def assert_only_the_projects_script(site: Path, allowed: Inventory | None = None) -> None:
    """No inline script, no handler attribute, no address outside the allow-list; with
    ``allowed`` (the real course's site), no element or attribute it does not have."""
    for path, page in inventory(site).items():
        where = path.relative_to(site)
        handlers = {a for a in page.attributes if a.split("@")[1].startswith("on")}
        assert not handlers, (where, handlers)
        for script in page.scripts:
            assert script.get("src") or script.get("type") == "application/json", \
                (where, script)
            if script.get("src"):
                assert not urlsplit(script["src"]).scheme, (where, script)
        bad = [u for u in page.urls if not scheme_allowed(u[0], u[2])]
        assert not bad, (where, bad)
        if allowed is not None:
            assert page.elements <= allowed.elements, (where, page.elements - allowed.elements)
            assert page.attributes <= allowed.attributes, \
                (where, page.attributes - allowed.attributes)


def merged(pages: dict[Path, Inventory]) -> Inventory:
    """What the real course's pages hold, and what author Markdown may bring."""
    whole = Inventory()
    for page in pages.values():
        whole.elements |= page.elements
        whole.attributes |= page.attributes
    whole.elements |= markup.TAGS
    whole.attributes |= {f"{tag}@{name}" for tag in markup.TAGS
                         for name in markup.ATTRIBUTES["*"] | markup.ATTRIBUTES.get(tag, set())}
    return whole


def poison(root: Path, plain: str, md: str) -> int:
    """Append ``plain`` to every plain text and ``md`` to every Markdown text of every
    course file, in every language; the number of texts changed."""
    changed = 0
    for shape, pattern in KINDS.values():
        for path in sorted(root.glob(pattern)):
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            if not isinstance(data, dict):
                continue
            if shape is KINDS["interface"][0]:
                texts = [(False, value) for value in data.values() if isinstance(value, dict)]
            else:
                texts = [(is_md, value) for _, is_md, value in walk_texts(data, shape)]
            for is_md, value in texts:
                for code in value:
                    value[code] = f"{value[code]} {md if is_md else plain}"
                    changed += 1
            path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
                            encoding="utf-8")
    return changed


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory) -> Path:
    """The real course with the hostile texts in every field of every language, built
    whole (PDFs and slides included)."""
    root = copy_project(tmp_path_factory.mktemp("hostile") / "project")
    assert poison(root, HOSTILE, HOSTILE_MARKDOWN) > 400
    result = workbook("build", cwd=root)
    assert result.returncode == 0, result.stderr
    return root / "site"


@pytest.fixture(scope="session")
def hostile_server(hostile_site):
    handler = functools.partial(QuietHandler, directory=str(hostile_site))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


def test_hostile_texts_bring_no_element_attribute_or_scheme_of_their_own(hostile_site,
                                                                         built_site):
    assert_only_the_projects_script(hostile_site, merged(inventory(built_site)))


def test_every_page_carries_the_policy_first(hostile_site):
    for path in sorted(hostile_site.rglob("*.html")):
        head = path.read_text(encoding="utf-8").split("<script", 1)[0]
        assert 'http-equiv="Content-Security-Policy"' in head, path
        policy = unescape(
            head.split('http-equiv="Content-Security-Policy" content="')[1].split('"')[0])
        script_src = next(d for d in policy.split(";") if d.strip().startswith("script-src"))
        words = script_src.split()
        assert words[:2] == ["script-src", "'self'"], (path, policy)
        # no page allows an inline script, the decks included (their presenter view is
        # the project's own file)
        assert len(words) == 2, (path, policy)


PAGE_KINDS = ["index.html", "tips.html", "worksheet-goals.html", "teach-tips.html",
              "facilitators.html", "plan-session-90.html", "plan-custom.html",
              "my-workbook.html", "worksheets.html", "sources.html", "404.html"]


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["", "vi/", "hi/"])
def test_no_hostile_text_runs_on_any_page_kind(browser, hostile_server, lang):
    context = browser.new_context()
    page = context.new_page()
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    try:
        for name in [*PAGE_KINDS, "../slides/deck-en.html" if not lang else
                     f"../slides/deck-{lang[:-1]}.html"]:
            url = f"{hostile_server}{lang}{name}" if not name.startswith("../") \
                else f"{hostile_server}{name[3:]}"
            page.goto(url)
            page.wait_for_load_state("load")
            page.mouse.move(200, 300)
            for link in [a for a in page.query_selector_all("article a") if a.is_visible()][:5]:
                link.hover()
            assert page.evaluate("window.__pwned") is None, url
            assert dialogs == [], (url, dialogs)
            if name == "tips.html":  # the text is on the page, in its head, as typed
                assert "</title></script>" in page.title()
                assert "<img src=x onerror" in page.inner_text("article h1")
    finally:
        context.close()


def test_hostile_texts_show_as_typed_in_the_pdfs_and_slides(hostile_site):
    guide = hostile_site / "pdf" / "facilitator-guide.vi.a4.pdf"
    text = subprocess.run(["pdftotext", str(guide), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "<script>window.__pwned=1;alert(1)</script>" in " ".join(text.split())
    deck = (hostile_site / "slides" / "deck-vi.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;window.__pwned=1" in deck and "<script>window" not in deck


def test_a_translators_po_file_cannot_run_script(tmp_path, browser):
    """The issue's own case: a title in a PO file, imported, checked and built."""
    root = copy_project(tmp_path / "p")
    assert workbook("translations", "export", "vi", "-o", "t.po", cwd=root).returncode == 0
    po = polib.pofile(str(root / "t.po"))
    entry = next(e for e in po if e.msgctxt == "content/lessons/tips.yml:title")
    typed = "Bí quyết </title><img src=x onerror=alert(1)>"
    entry.msgstr = typed
    po.save()
    assert workbook("translations", "import", "t.po", cwd=root).returncode == 0
    assert workbook("check", cwd=root).returncode == 0
    assert workbook("build", "--no-pdf", cwd=root).returncode == 0
    context = browser.new_context()
    page = context.new_page()
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    try:
        for name in ("tips.html", "index.html", "teach-tips.html"):
            page.goto((root / "site" / "vi" / name).as_uri())
            page.wait_for_load_state("load")
            assert typed in page.inner_text("nav.md-nav--primary"), name
        page.goto((root / "site" / "vi" / "tips.html").as_uri())
        assert page.title().startswith(typed)
        assert dialogs == []
    finally:
        context.close()


@pytest.mark.parametrize("body, refused", [
    ('![i](x){: onerror="alert(1)" }', "attribute 'onerror'"),
    ('[a](b.md){: href="javascript:alert(2)" }', "link 'javascript:alert(2)'"),
    ("[a](tips.md){: onclick=alert(3) }", "attribute 'onclick'"),
    ("[a](java\nscript:alert(4))", "link 'java\\nscript:alert(4)'"),
    ('[a](tips.md){: style="position:fixed" }', "attribute 'style'"),
    ("[a](&#106;avascript:alert(5))", "link '&#106;avascript:alert(5)'"),
    ("[a](no-such-page.md)", "names no page"),
    ("![k](\\\\evil.org\\x.png)", "holds a backslash"),
    ("para\n{: #reflection-1 }", "attribute 'id'"),
    ("para\n{: .wb-answer }", "is the site's own"),
])
def test_check_names_each_refused_attribute_or_link(project, body, refused):
    path = project / "content" / "lessons" / "tips.yml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    doc["sections"][0]["body"]["vi"] = body
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = workbook("check", cwd=project)
    assert result.returncode == 1
    line = next(x for x in result.stderr.splitlines() if refused in x)
    assert line.startswith("content/lessons/tips.yml:"), line
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("text", ['![i](x){: onerror="alert(1)" }',
                                  '[a](b){: href="javascript:alert(2)" }',
                                  "[a](java\nscript:alert(4))", "[a](data:text/html,x)",
                                  '<img src=x onerror=alert(1)>'])
def test_markdown_that_slipped_past_the_check_still_runs_nothing(text):
    html = markup.to_html(text)
    page = Inventory()
    page.feed(html)
    assert not [a for a in page.attributes if a.split("@")[1].startswith("on")]
    assert all(scheme_allowed(tag, url) for tag, _, url in page.urls), html
    assert "<img src=x" not in html


def test_links_to_pages_resolve_in_the_guide_and_the_slides(tmp_path):
    root = copy_project(tmp_path / "p")
    path = root / "content" / "lessons" / "step-2-map.yml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    for code in doc["facilitator"]["activity"]["instructions"]:
        doc["facilitator"]["activity"]["instructions"][code] += \
            "\n\nSee [the goals lesson](step-1-goals.md)."
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = workbook("build", cwd=root)
    assert result.returncode == 0, result.stderr
    site = root / "site"
    import pikepdf

    for pdf, expected in (("facilitator-guide.vi.a4.pdf", f"{PUBLIC}vi/step-1-goals.html"),
                          ("slides.vi.16x9.pdf", f"{PUBLIC}vi/step-1-goals.html")):
        with pikepdf.open(site / "pdf" / pdf) as doc_pdf:
            uris = [str(a.A.URI) for p in doc_pdf.pages for a in p.get("/Annots", [])
                    if "/A" in a and "/URI" in a.A]
        assert expected in uris, (pdf, uris)
        assert not [u for u in uris if u.startswith("file:")], uris
    deck = inventory(site)[site / "slides" / "deck-vi.html"]
    hrefs = [url for tag, name, url in deck.urls if url.endswith("step-1-goals.html")]
    assert hrefs and all((site / "slides" / h).resolve().is_file() for h in hrefs)
    teach = inventory(site)[site / "vi" / "teach-step-2-map.html"]
    assert "step-1-goals.html" in [url for _, _, url in teach.urls]


@pytest.mark.parametrize("address, says", [
    ('https://evil.org/"><script>alert(1)</script>', "cannot stand in an address"),
    ("https://h.org/" + "a" * 3000, "longer than"),
    ("javascript:alert(1)//x.org/", "must start with https://"),
    ("https://a.org/?x=1", "query"),
])
def test_a_site_url_that_cannot_be_used_is_refused_in_one_line(project, address, says):
    result = workbook("build", "--no-pdf", "--site-url", address, cwd=project)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and says in lines[0] and lines[0].startswith("workbook build:")
    assert not (project / "site").exists()


def test_an_address_with_an_ampersand_gives_well_formed_sitemaps(project, browser):
    result = workbook("build", "--no-pdf", "--site-url", "https://host.org/a&b/", cwd=project)
    assert result.returncode == 0, result.stderr
    site = project / "site"
    for sitemap in site.rglob("sitemap.xml"):
        locs = [e.text for e in ET.parse(sitemap).getroot().iter()
                if e.tag.endswith("loc")]
        assert locs and all(loc.startswith("https://host.org/a%26b/") for loc in locs)
    head = (site / "index.html").read_text(encoding="utf-8").split("</head>")[0]
    assert "a&b" not in head and "https://host.org/a%26b/" in head


@pytest.mark.browser
def test_the_policy_alone_blocks_a_script_that_slipped_into_a_page(browser, built_site,
                                                                   tmp_path):
    """Were an escape ever missed, the page's policy would still run nothing."""
    import shutil

    site = tmp_path / "site"
    shutil.copytree(built_site, site)
    page_file = site / "vi" / "tips.html"
    html = page_file.read_text(encoding="utf-8")
    slipped = ('<script>window.__pwned = 1; alert(1)</script>'
               '<img src="x" onerror="window.__pwned = 2; alert(2)">'
               '<a id="slip" href="javascript:window.__pwned=3">x</a>')
    page_file.write_text(html.replace("<article", slipped + "<article", 1), encoding="utf-8")
    context = browser.new_context()
    page = context.new_page()
    dialogs, blocked = [], []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.on("console", lambda m: "Content Security Policy" in m.text and blocked.append(m))
    try:
        page.goto(page_file.as_uri())
        page.wait_for_load_state("load")
        page.click("#slip")
        page.wait_for_timeout(300)
        assert page.evaluate("window.__pwned") is None
        assert dialogs == [] and len(blocked) >= 2
        # and the project's own script still runs under the same policy
        assert page.evaluate("typeof window.Workbook") == "object"
    finally:
        context.close()


FRAGMENTS = st.sampled_from(["<", ">", '"', "'", "&", "</title>", "<script>", "onerror=",
                             "javascript:", "{: onclick=x }", "](", "[", "\n", "\u2028",
                             "{{", "{%", "`", "\\", "#", "*", "é", "न"])


@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck))
@given(plain=st.lists(FRAGMENTS, min_size=1, max_size=12).map("".join),
       md=st.lists(FRAGMENTS, min_size=1, max_size=12).map("".join))
def test_generated_hostile_texts_in_every_field(tmp_path_factory, plain, md):
    """Any text in any field of a new course either builds into pages with no element,
    attribute or scheme outside the allow-list, or is refused as file:line."""
    import unicodedata

    plain, md = unicodedata.normalize("NFC", plain), unicodedata.normalize("NFC", md)
    work = tmp_path_factory.mktemp("generated")
    assert workbook("new", str(work / "c"), "--languages", "en,vi", cwd=work).returncode == 0
    root = work / "c"
    poison(root, plain, md)
    result = workbook("build", "--no-pdf", cwd=root)
    assert "Traceback" not in result.stderr and "unexpected" not in result.stderr
    if result.returncode != 0:
        problems = [x for x in result.stderr.splitlines() if ".yml:" in x]
        assert problems, result.stderr
        return
    assert_only_the_projects_script(root / "site")
