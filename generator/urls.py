"""Kept for the mkdocs.yml files that `workbook new` wrote before the stages had folders:
they name `generator.urls.heading_id` as the headings' slugify. The plugin now hands MkDocs
the pages' Markdown extensions itself (generator/render/pages.py)."""

from .render.urls import heading_id

__all__ = ["heading_id"]
