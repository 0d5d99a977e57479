"""Site-wide files written after MkDocs has built the pages: one per language.

mkdocs-static-i18n builds every language into one folder and merges all languages into
a single search index and sitemap. Readers want results in their own language, and
Material looks for ``sitemap.xml`` beside each language's pages, so each language gets
its own index and sitemap here. Nothing in this module depends on MkDocs.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from xml.sax.saxutils import escape

from ..render.urls import lang_folder


def split_search_index(site_dir: Path, languages: list[str], default: str) -> None:
    """Replace the merged index with ``search/search_index.json`` under each language root,
    and the same as ``search_index.js``, which Material loads when opened from disk."""
    merged_path = site_dir / "search" / "search_index.json"
    if not merged_path.is_file():
        return
    merged = json.loads(merged_path.read_text(encoding="utf-8"))
    others = [lang for lang in languages if lang != default]
    buckets: dict[str, list] = {lang: [] for lang in languages}
    for doc in merged["docs"]:
        location = doc["location"]
        lang = next((code for code in others if location.startswith(f"{code}/")), default)
        buckets[lang].append({**doc, "location": location[len(lang_folder(lang, default)):]})
    stemmers = merged["config"].get("lang", ["en"])
    for lang in languages:
        config = {**merged["config"], "lang": [lang] if lang in stemmers else ["en"]}
        out = site_dir / lang_folder(lang, default) / "search" / "search_index.json"
        out.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps({"config": config, "docs": buckets[lang]}, ensure_ascii=False,
                          separators=(",", ":"))
        out.write_text(text, encoding="utf-8")
        # Opened from disk (file://), Material reads the index as a script instead
        out.with_suffix(".js").write_text(f"var __index = {text}", encoding="utf-8")


def write_sitemaps(site_dir: Path, site_url: str, slugs: list[str], languages: list[str],
                   default: str) -> None:
    """A sitemap per language: its pages' addresses. Material's language selector fetches
    every language's sitemap on every page, so they carry nothing more; each page's head
    names its alternates in the other languages (hreflang)."""
    base = site_url.rstrip("/") + "/"

    def url(lang: str, slug: str) -> str:
        return base + lang_folder(lang, default) + ("" if slug == "index" else f"{slug}.html")

    for lang in languages:
        lines = ['<?xml version="1.0" encoding="UTF-8"?>',
                 '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
        lines += [f"<url><loc>{escape(url(lang, slug))}</loc></url>" for slug in slugs]
        lines.append("</urlset>\n")
        xml = "\n".join(lines).encode("utf-8")
        folder = site_dir / lang_folder(lang, default)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "sitemap.xml").write_bytes(xml)
        # mtime=0 keeps the archive byte-identical from one build to the next
        (folder / "sitemap.xml.gz").write_bytes(gzip.compress(xml, mtime=0))
