"""What only a browser shows: switching language, per-language search, accessibility.

Drives Debian's Chromium through Playwright (no browser download), against the real
site served on 127.0.0.1.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from conftest import assert_accessible

pytestmark = pytest.mark.browser

def switch_language(page, hreflang: str) -> None:
    page.hover(".md-header__option .md-select")
    page.click(f"a.md-select__link[hreflang='{hreflang}']")
    page.wait_for_load_state("load")


def test_switching_language_lands_on_the_same_lesson(page, server, course):
    lesson = course.lessons[3]
    page.goto(f"{server}{lesson.id}.html")
    assert page.inner_text("article h1") == lesson.title["en"]
    switch_language(page, "vi")
    assert page.url == f"{server}vi/{lesson.id}.html"
    assert page.inner_text("article h1") == lesson.title["vi"]
    assert page.get_attribute("html", "lang") == "vi"
    # move on with the footer's "next" link, then switch back: still the same page
    page.click("a.md-footer__link--next")
    page.wait_for_load_state("load")
    following = course.lessons[4]
    assert page.url == f"{server}vi/{following.id}.html"
    switch_language(page, "en")
    assert page.url == f"{server}{following.id}.html"
    assert page.inner_text("article h1") == following.title["en"]
    assert page.foreign == [] and page.failed == []


def open_with_search(page, url: str) -> None:
    """Open a page; the index loads only once the reader reaches for search."""
    page.goto(url)
    page.wait_for_timeout(300)
    assert not any(r.endswith("/search_index.json") for r in page.requested)
    with page.expect_response(lambda r: r.url.endswith("/search_index.json")) as response:
        page.click(".md-search__input")
    assert response.value.ok
    page.wait_for_timeout(500)  # the worker builds its index from the file


def search(page, query: str) -> list[tuple[str, str]]:
    page.click(".md-search__input")
    page.keyboard.type(query, delay=30)
    # Material reads the box on keyup. Playwright types letters outside its US key map
    # (all of Devanagari) as inserted text with no key events; a real keyboard or IME
    # sends them, so end with one key press as a person's typing would.
    page.keyboard.press("End")
    page.wait_for_selector(".md-search-result__item", timeout=10000)
    items = page.query_selector_all(".md-search-result__item > a")
    return [(a.get_attribute("href"), a.inner_text()) for a in items]


@pytest.mark.parametrize("lang, query", [("en", "gaps"), ("vi", "khoảng trống"),
                                         ("hi", "कमियाँ")])
def test_search_finds_pages_in_the_page_language_only(page, server, course, lang, query):
    folder = "" if lang == course.default_language.code else f"{lang}/"
    others = [f"/{code}/" for code in course.language_codes if code != lang and
              code != course.default_language.code]
    open_with_search(page, f"{server}{folder}tips.html")
    results = search(page, query)
    assert results
    for href, _ in results:
        path = urlsplit(href).path
        assert path.startswith(f"/{folder}") and not path.startswith(tuple(others)), href
    titles = " ".join(text for _, text in results)
    assert course.lesson("step-4-gaps").title[lang] in titles
    # a result link opens a real page in the same language
    page.click(".md-search-result__item > a")
    page.wait_for_load_state("load")
    assert page.get_attribute("html", "lang") == lang
    assert page.failed == [] and page.foreign == []


@pytest.mark.parametrize("lang, query", [("en", "gaps"), ("vi", "khoảng trống"),
                                         ("hi", "कमियाँ")])
def test_search_works_opened_from_disk(browser, built_site, course, lang, query):
    """The USB stick: file:// pages search their own language, through the iframe
    shim and the index written as a script."""
    folder = "" if lang == course.default_language.code else f"{lang}/"
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto((built_site / folder / "tips.html").as_uri())
        results = search(page, query)
        assert results
        for href, _ in results:
            assert not href.startswith(("http:", "https:")), href
        titles = " ".join(text for _, text in results)
        assert course.lesson("step-4-gaps").title[lang] in titles
        page.click(".md-search-result__item > a")
        page.wait_for_load_state("load")
        assert page.url.startswith((built_site / folder).as_uri())
        assert page.get_attribute("html", "lang") == lang
    finally:
        context.close()


@pytest.mark.parametrize("path", ["index.html", "step-2-map.html", "vi/index.html",
                                  "vi/step-2-map.html", "sources.html", "vi/404.html",
                                  "vi/worksheet-network-map.html", "worksheets.html",
                                  "vi/plan-half-day.html", "teach-tips.html",
                                  "facilitators.html"])
def test_no_serious_accessibility_violations(page, server, path):
    page.goto(f"{server}{path}")
    assert_accessible(page)
