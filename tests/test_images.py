"""Images in a course: content/images/ on the site, resized for phones; a language's own
copy; the check's lines for every kind of bad image; the original printed in the PDFs,
tagged with its alt text; the slides; the same bytes twice and no resizing when warm."""

from __future__ import annotations

import functools
import html.parser
import random
import re
import subprocess
import threading
import time
from http.server import ThreadingHTTPServer
from pathlib import Path

import pikepdf
import pytest
import yaml
from conftest import QuietHandler, copy_project, workbook
from pdfcheck import pdftotext
from PIL import Image, ImageDraw

from generator.course import markup

LESSON = "content/lessons/step-2-map.yml"
SHEET = "worksheets/network-map.yml"  # the lesson's worksheet
ALT = "A map with three rings"
LOGO_ALT = "The course logo"
SVG = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 40"><rect width="120" '
       'height="40" fill="#303fa1"/><circle cx="20" cy="20" r="12" fill="#fff"/></svg>')


def picture(path: Path, size: tuple[int, int], colour, seed: str) -> None:
    """Something like a photo (gradients, grain: megabytes as a PNG), tinted ``colour``,
    with rings and squares placed by ``seed``: like no other run's picture."""
    width, height = size
    grain = Image.effect_noise(size, 12)
    channels = (Image.linear_gradient("L").resize(size), Image.radial_gradient("L").resize(size),
                Image.effect_noise((width // 8, height // 8), 60).resize(size))
    image = Image.merge("RGB", [Image.blend(c, grain, 0.04) for c in channels])
    image = Image.blend(image, Image.new("RGB", size, colour), 0.5)
    draw = ImageDraw.Draw(image)
    for r in (0.45, 0.3, 0.15):
        draw.ellipse([width / 2 - r * width, height / 2 - r * height,
                      width / 2 + r * width, height / 2 + r * height], outline=colour, width=12)
    rnd = random.Random(seed)
    for _ in range(300):
        x, y = rnd.randrange(width), rnd.randrange(height)
        draw.rectangle([x, y, x + 24, y + 24], fill=(rnd.randrange(256), rnd.randrange(256), 90))
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path)


def mean(path: Path) -> tuple[float, ...]:
    with Image.open(path) as image:
        small = image.convert("RGB").resize((1, 1), Image.Resampling.BOX)
        return small.getpixel((0, 0))


def edit(root: Path, name: str, change) -> None:
    path = root / name
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(doc)
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")


def with_images(root: Path, seed: str) -> Path:
    """A 2400x1600 PNG with a Vietnamese copy of its own, and an SVG; the PNG shown in a
    lesson section (as a figure) and both in the lesson's activity instructions."""
    folder = root / "content" / "images"
    picture(folder / "rings.png", (2400, 1600), (30, 60, 160), seed)
    picture(folder / "vi" / "rings.png", (1200, 800), (160, 30, 30), seed + "vi")
    (folder / "logo.svg").write_text(SVG, encoding="utf-8")

    def change(doc):
        for code in doc["sections"][0]["body"]:
            doc["sections"][0]["body"][code] += f'\n\n![{ALT}](images/rings.png "The rings")\n'
        for code in doc["facilitator"]["activity"]["instructions"]:
            doc["facilitator"]["activity"]["instructions"][code] += \
                f"\n\n![{ALT}](images/rings.png)\n\n![{LOGO_ALT}](images/logo.svg)\n"
    edit(root, LESSON, change)

    def intro(doc):  # a worksheet's intro is Markdown too
        for code in doc["intro"]:
            doc["intro"][code] += f"\n\n![{ALT}](images/rings.png)\n"
    edit(root, SHEET, intro)
    return root


class Images(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[dict] = []
        self.in_figure = False

    def handle_starttag(self, tag, attrs):
        if tag == "figure":
            self.in_figure = True
        if tag == "img":
            self.found.append({**dict(attrs), "figure": self.in_figure})

    def handle_endtag(self, tag):
        if tag == "figure":
            self.in_figure = False


def images_of(path: Path, alt: str) -> list[dict]:
    parser = Images()
    parser.feed(path.read_text(encoding="utf-8"))
    return [img for img in parser.found if img.get("alt") == alt]


@pytest.fixture(scope="module")
def image_site(tmp_path_factory) -> Path:
    """The real course with the images, built whole (PDFs and slides included)."""
    root = with_images(copy_project(tmp_path_factory.mktemp("images") / "project"),
                       f"site-{time.time_ns()}")
    result = workbook("build", cwd=root)
    assert result.returncode == 0, result.stderr
    return root


def test_a_page_shows_the_image_resized_for_phones(image_site):
    site, original = image_site / "site", image_site / "content" / "images" / "rings.png"
    (img,) = images_of(site / "step-2-map.html", ALT)
    assert img["figure"] and img["loading"] == "lazy" and img["decoding"] == "async"
    assert img["sizes"] and (img["width"], img["height"]) == ("1280", "853")
    candidates = [part.strip().rsplit(" ", 1) for part in img["srcset"].split(",")]
    assert [w for _, w in candidates] == ["480w", "960w", "1280w"]
    for address, width in candidates:
        path = site / address
        with Image.open(path) as copy:
            assert (copy.format, copy.width) == ("WEBP", int(width[:-1]))
            assert copy.height == round(1600 * copy.width / 2400)
            assert not copy.getexif()  # no metadata on the site's copies
        assert path.stat().st_size < original.stat().st_size / 10  # a phone's data plan
    with Image.open(site / img["src"]) as fallback:  # for a browser without srcset
        assert (fallback.format, fallback.size) == ("PNG", (1280, 853))
    # the files as they are, where the theme's logo can point
    for name in ("rings.png", "vi/rings.png", "logo.svg"):
        assert (site / "images" / name).read_bytes() == \
            (image_site / "content" / "images" / name).read_bytes()


def test_each_language_shows_its_own_copy(image_site):
    site = image_site / "site"
    (vi,) = images_of(site / "vi" / "step-2-map.html", ALT)
    (hi,) = images_of(site / "hi" / "step-2-map.html", ALT)
    assert (vi["width"], vi["height"]) == ("1200", "800")  # the Vietnamese screenshot
    assert hi["width"] == "1280"  # no Hindi copy: the common one
    sources = image_site / "content" / "images"
    for img, own, other in ((vi, "vi/rings.png", "rings.png"), (hi, "rings.png", "vi/rings.png")):
        assert img["src"].startswith("../assets/")
        shown = mean(site / "vi" / img["src"])
        distance = [sum((a - b) ** 2 for a, b in zip(shown, mean(sources / name), strict=True))
                    for name in (own, other)]
        assert distance[0] < distance[1] / 10, distance  # its own picture's colours


def test_an_svg_is_shown_as_it_is_with_its_size(image_site):
    site = image_site / "site"
    (img,) = images_of(site / "teach-step-2-map.html", LOGO_ALT)
    assert (img["src"], img["width"], img["height"]) == ("images/logo.svg", "120", "40")
    assert "srcset" not in img


def lesson_pages(pdf_path: Path, title: str, next_title: str) -> range:
    """The pages of the guide that hold a lesson's teaching notes."""
    pages = pdftotext(pdf_path).split("\f")
    flat = [re.sub(r"\s+", " ", page) for page in pages]
    start = next(i for i, text in enumerate(flat) if re.search(rf"\d+\. {re.escape(title)}",
                                                                   text) and i > 2)
    end = next((i for i, text in enumerate(flat) if i > start and
                re.search(rf"\d+\. {re.escape(next_title)}", text)), len(pages))
    return range(start, end)


def drawn_images(page: pikepdf.Page) -> list[pikepdf.Object]:
    """The image XObjects a page's content stream draws."""
    out = []
    for operands, operator in pikepdf.parse_content_stream(page):
        if str(operator) == "Do":
            xobject = page.Resources.XObject[operands[0]]
            if xobject.get("/Subtype") == "/Image":
                out.append(xobject)
    return out


def figures(pdf: pikepdf.Pdf) -> list[str]:
    """The /Alt of every Figure in the structure tree."""
    out, stack, seen = [], [pdf.Root.StructTreeRoot], set()
    while stack:
        node = stack.pop()
        if not isinstance(node, pikepdf.Dictionary) or node.objgen in seen:
            continue
        if node.objgen != (0, 0):
            seen.add(node.objgen)
        if node.get("/S") == "/Figure":
            out.append(str(node.get("/Alt", "")))
        kids = node.get("/K")
        if isinstance(kids, pikepdf.Array):
            stack.extend(kids)
        elif isinstance(kids, pikepdf.Dictionary):
            stack.append(kids)
    return out


@pytest.mark.parametrize("lang, size", [("en", (2400, 1600)), ("vi", (1200, 800))])
def test_the_guide_prints_the_original_with_its_alt_text(image_site, lang, size):
    course = yaml.safe_load((image_site / "content" / "course.yml").read_text("utf-8"))
    order = course["lessons"]
    lesson = yaml.safe_load((image_site / LESSON).read_text("utf-8"))
    following = yaml.safe_load((image_site / "content" / "lessons" /
                                f"{order[order.index(lesson['id']) + 1]}.yml").read_text("utf-8"))
    path = image_site / "site" / "pdf" / f"facilitator-guide.{lang}.a4.pdf"
    pages = lesson_pages(path, lesson["title"][lang], following["title"][lang])
    with pikepdf.open(path) as pdf:
        drawn = {i: [(int(x.Width), int(x.Height)) for x in drawn_images(pdf.pages[i])]
                 for i in range(len(pdf.pages))}
        assert size in [s for i in pages for s in drawn[i]], (pages, drawn)
        # elsewhere only in the ready plans' handouts, which print the lesson's notes again
        elsewhere = [i for i, found in drawn.items() if size in found and i not in pages]
        text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True,
                              text=True).stdout.split("\f")
        assert all(lesson["title"][lang] in text[i] for i in elsewhere), elsewhere
        assert ALT in figures(pdf) and LOGO_ALT in figures(pdf)  # the SVG, drawn as paths


@pytest.mark.parametrize("lang, size", [("en", (2400, 1600)), ("vi", (1200, 800))])
def test_a_worksheet_pdf_prints_the_image_of_its_intro(image_site, lang, size):
    with pikepdf.open(image_site / "site" / "pdf" / f"network-map.{lang}.a4.pdf") as pdf:
        assert size in [(int(x.Width), int(x.Height)) for x in drawn_images(pdf.pages[0])]
        assert ALT in figures(pdf)
    (img,) = images_of(image_site / "site" / lang.replace("en", "") /
                       "worksheet-network-map.html", ALT)
    assert img["width"] == str(min(size[0], 1280)) and "srcset" in img


def test_the_slides_show_the_image(image_site):
    site = image_site / "site"
    deck = site / "slides" / "deck-vi.html"
    (img,) = images_of(deck, ALT)
    assert img["width"] == "1200"
    for address in [img["src"], *(p.strip().split(" ")[0] for p in img["srcset"].split(","))]:
        assert (deck.parent / address).resolve().is_file(), address
    (logo,) = images_of(deck, LOGO_ALT)
    assert (deck.parent / logo["src"]).resolve() == (site / "images" / "logo.svg").resolve()
    with pikepdf.open(site / "pdf" / "slides.vi.16x9.pdf") as pdf:
        drawn = [(int(x.Width), int(x.Height)) for p in pdf.pages for x in drawn_images(p)]
        assert (1200, 800) in drawn


@pytest.mark.browser
def test_images_load_in_chromium_from_disk_and_over_http(image_site, browser):
    site = image_site / "site"
    handler = functools.partial(QuietHandler, directory=str(site))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    http = f"http://127.0.0.1:{httpd.server_address[1]}/"
    loaded = "() => [...document.images].filter(i => i.alt).every(i => i.complete)"
    context = browser.new_context(viewport={"width": 390, "height": 800},
                                  device_scale_factor=2)  # a phone
    try:
        page = context.new_page()
        for base in (site.as_uri() + "/", http):
            for name, alt in (("vi/step-2-map.html", ALT), ("step-2-map.html", ALT),
                              ("teach-step-2-map.html", LOGO_ALT)):
                page.goto(base + name)
                page.locator(f'img[alt="{alt}"]').first.scroll_into_view_if_needed()
                page.wait_for_function(loaded)
                width, current = page.eval_on_selector(
                    f'img[alt="{alt}"]', "i => [i.naturalWidth, i.currentSrc]")
                assert width > 0, (base, name)
                if alt == ALT:  # a phone at 2x picks the 960 px copy, not the original
                    assert current.endswith(".960.webp"), current
    finally:
        context.close()
        httpd.shutdown()
        httpd.server_close()


# -- the check -----------------------------------------------------------------------------

BAD = {
    "missing": ("![A map](images/nothing.png)", "not found"),
    "not an image": ("![A map](images/notes.png)", "not an image"),
    "no alt": ("![](images/rings.png)", "has no alt text"),
    "oversized": ("![A map](images/wide.png)", "the limit is 6000 px"),
    "too heavy": ("![A map](images/heavy.png)", "the limit is 5 MB"),
    "outside": ("![A map](../content/secret.png)", "must be a file of content/images/"),
    "other host": ("![A map](https://example.org/x.png)", "must be a file of content/images/"),
    "script": ("![A map](images/script.svg)", "<script> element"),
    "onload": ("![A map](images/onload.svg)", "event attribute (onload)"),
    "external": ("![A map](images/external.svg)", "link to another file or host"),
    "not svg": ("![A map](images/page.svg)", "not an SVG"),
}


def test_check_names_each_bad_image_at_its_line(tmp_path):
    root = with_images(copy_project(tmp_path / "p"), "check")
    folder = root / "content" / "images"
    (folder / "notes.png").write_text("not a picture", encoding="utf-8")
    Image.new("L", (6100, 8)).save(folder / "wide.png")
    (folder / "heavy.png").write_bytes(b"\x89PNG" + bytes(5 * 2**20 + 10))
    (folder / "script.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg">'
                                       '<script>alert(1)</script></svg>', encoding="utf-8")
    (folder / "onload.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" '
                                       'onload="alert(1)"/>', encoding="utf-8")
    (folder / "external.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
        '<image xlink:href="https://example.org/track.png"/></svg>', encoding="utf-8")
    (folder / "page.svg").write_text("<html><body>hi</body></html>", encoding="utf-8")
    # one that no text shows: still published, so still checked
    (folder / "unused.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"><a '
                                       'href="javascript:alert(1)"><text>x</text></a></svg>',
                                       encoding="utf-8")

    def change(doc):
        section = doc["sections"][0]
        doc["sections"] = [{"heading": section["heading"],
                            "body": {code: body for code in section["body"]}}
                           for body, _ in BAD.values()]
    edit(root, "content/lessons/step-3-offer.yml", change)
    result = workbook("check", cwd=root)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "unexpected" not in result.stderr
    lines = (root / "content/lessons/step-3-offer.yml").read_text("utf-8").splitlines()
    for what, (body, says) in BAD.items():
        address = body.split("(")[1].rstrip(")")
        found = [x for x in result.stderr.splitlines() if says in x and f"'{address}'" in x
                 and x.startswith("content/lessons/step-3-offer.yml:")]
        assert found, (what, result.stderr)
        line = int(found[0].split(":")[1])
        assert address in lines[line - 1], (what, found[0])
    assert any(x.startswith("content/images/unused.svg: ") for x in result.stderr.splitlines())


def test_markdown_cannot_slip_attributes_onto_an_image():
    made = {"src": "../assets/sized/x.480.webp", "srcset": "../assets/sized/x.480.webp 480w",
            "width": "480", "height": "320", "loading": "lazy", "decoding": "async"}
    text = ('![a](images/x.png){: srcset="javascript:alert(1) 1w" onerror="alert(2)" '
            'width=9999 }\n\n![b](images/none.png)\n\n![c](javascript:alert(3))')
    out = markup.to_html(text, image_link=lambda address: made if address == "images/x.png"
                         else None)
    assert "javascript" not in out and "onerror" not in out and "9999" not in out
    assert 'srcset="../assets/sized/x.480.webp 480w"' in out
    assert '<img alt="b">' in out  # not of the course: its alt text shows, nothing loads
    assert markup.images_in(text) == [("images/x.png", "a"), ("images/none.png", "b")]


def test_a_pdf_reads_files_of_the_project_only(tmp_path):
    from generator.pdf.documents import _fetcher

    inside = tmp_path / "content" / "images"
    inside.mkdir(parents=True)
    (inside / "a.svg").write_text(SVG, encoding="utf-8")
    fetch = _fetcher((str(inside),))
    assert fetch((inside / "a.svg").as_uri()).read()
    for url in ("file:///etc/hostname", (inside / ".." / ".." / "x").as_uri(),
                "http://127.0.0.1:9/x.png", "ftp://127.0.0.1/x"):
        with pytest.raises(ValueError):
            fetch(url)


# -- the build: the same bytes, and nothing resized when warm --------------------------------

def sized(site: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((site / "assets" / "sized").iterdir())}


def test_resized_copies_are_the_same_bytes_and_made_once(tmp_path):
    from generator.site.generate import cache_dir

    root = with_images(copy_project(tmp_path / "p"), f"warm-{time.time_ns()}")
    cache = cache_dir(root) / "images"
    before = {p: p.stat().st_mtime_ns for p in cache.glob("*")} if cache.is_dir() else {}
    assert workbook("build", "--no-pdf", cwd=root).returncode == 0
    first = sized(root / "site")
    made = {p: p.stat().st_mtime_ns for p in cache.glob("*") if p not in before}
    assert len(made) == 4 + 4 and len(first) == 8  # 3 WebP and 1 PNG, for each rings.png
    assert workbook("build", "--no-pdf", cwd=root).returncode == 0  # warm
    assert {p: p.stat().st_mtime_ns for p in made} == made  # nothing resized again
    assert sized(root / "site") == first
    for path in made:  # cold again: resized anew, to the same bytes
        path.unlink()
    assert workbook("build", "--no-pdf", cwd=root).returncode == 0
    assert sized(root / "site") == first
