"""The only module that knows MkDocs: it hands MkDocs the generated pages and fixes
up the per-language files. Moving to another site builder replaces this file alone."""

from __future__ import annotations

from contextlib import ExitStack
from pathlib import Path

import jinja2
from markupsafe import Markup, escape
from mkdocs.config import base
from mkdocs.config import config_options as opt
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger

from ..course import pagelist
from ..course.errors import ContentError, ContentErrors
from ..course.model import Course
from ..files.lock import project_lock
from ..files.writer import recover
from ..pdf.documents import RenderReport
from ..render.online import script_data
from ..render.pages import PAGE_EXTENSIONS, facilitators_section, nav
from ..render.policy import POLICY
from ..render.urls import lang_folder, public_address
from . import sitefiles
from .generate import cache_dir, docs_dir, fingerprint, generate, write_error_pages
from .outdir import check_output_folder, mark

log = get_plugin_logger("workbook")

THEME_DIR = Path(__file__).parent / "theme"


class WorkbookConfig(base.Config):
    pdf = opt.Type(bool, default=True)  # render the worksheet PDFs (off for `serve`)


class WorkbookPlugin(BasePlugin[WorkbookConfig]):
    def __init__(self):
        super().__init__()
        self.course: Course | None = None
        self.report: RenderReport | None = None
        self._fingerprint: tuple | None = None
        self.command = "build"
        self._held = ExitStack()  # the project lock, for a whole `mkdocs build`
        self._locked = False
        self.address: str | None = None
        self._warned = False
        self._author: str | None = None  # site_author as mkdocs.yml gives it

    def on_startup(self, command: str, dirty: bool) -> None:
        self.command = command
        if command == "serve":
            self.config.pdf = False  # a quick preview; `workbook build` makes the PDFs

    def on_shutdown(self) -> None:
        self._held.close()
        self._locked = False

    @event_priority(100)  # before mkdocs-static-i18n reads its languages
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        root = Path(config.config_file_path).resolve().parent
        try:
            if self.command != "serve" and not self._locked:
                # once a build (on_config runs again for each language): a plain `mkdocs
                # build` cleans site_dir, so the same guard as `workbook build`, then the lock
                recover(root)  # an import killed midway is finished or undone first
                check_output_folder(Path(config.site_dir), root)
                mark(Path(config.site_dir))
                self._held.enter_context(project_lock(root, f"mkdocs {self.command}"))
                self._locked = True
            self._generate(root, config)
        except ContentError as exc:
            raise PluginError(str(exc)) from None
        config.docs_dir = str(docs_dir(root, self.command))
        # the pages' Markdown, as the render stage lists it (not mkdocs.yml)
        config.markdown_extensions = list(PAGE_EXTENSIONS)
        config.mdx_configs = {name: dict(conf) for name, conf in PAGE_EXTENSIONS.items() if conf}
        # In the page head, before Material's bundle: search from file:// (the shim), and
        # search loaded only once the reader opens it (theme/assets/javascripts/)
        config.extra["polyfills"] = ["assets/javascripts/file-worker.js",
                                     "assets/javascripts/lazy-search.js",
                                     "assets/javascripts/local-alternates.js"]
        if self.command == "serve":  # MkDocs' own reload script is inline: blocked
            config.extra["polyfills"].append("assets/javascripts/serve-reload.js")
        # the facilitators' section title is printed as it is, like every config text
        config.nav = [{escape(k): v for k, v in item.items()} if isinstance(item, dict)
                      else item for item in nav(self.course)]
        if str(THEME_DIR) not in config.theme.dirs:
            config.theme.dirs.insert(0, str(THEME_DIR))
        self._configure_i18n(config)
        return config

    def _generate(self, root: Path, config: MkDocsConfig) -> None:
        self.address = public_address(config.site_url)
        # rebuilt from its parts, for MkDocs' canonical links; None rather than a placeholder
        config.site_url = self.address
        if self.address is None:
            if self.command != "serve" and not self._warned:
                log.warning("no public address (site_url in mkdocs.yml, or --site-url): "
                            "the printed sheets carry no QR code or link")
                self._warned = True
        stamp = (fingerprint(root), self.address, self.config.pdf)
        if self.course is not None and stamp == self._fingerprint:
            return
        with project_lock(root, f"{self.command} regeneration"):
            try:
                self.course, self.report = generate(root, self.address, self.config.pdf,
                                                    self.command)
            except ContentErrors as exc:
                if self.command != "serve" or self.course is None:
                    raise PluginError(f"the course has {len(exc.errors)} problem(s):\n{exc}") \
                        from None
                # serve: the reader's page becomes the list of errors until they are fixed
                write_error_pages(root, self.course, exc.errors)
        self._fingerprint = stamp

    def _configure_i18n(self, config: MkDocsConfig) -> None:
        """The course file is the one list of languages: hand it to mkdocs-static-i18n."""
        from mkdocs_static_i18n.config import I18nPluginLanguage

        i18n = config.plugins.get("i18n")
        if i18n is None or i18n.current_language is not None:
            return  # set once, before the plugin's first build
        languages = []
        for i, lang in enumerate(self.course.languages):
            option = I18nPluginLanguage()
            section = escape(facilitators_section(self.course))
            option.load_dict({"locale": lang.code, "name": escape(lang.name), "default": i == 0,
                              "build": True, "site_name": escape(self.course.title[lang.code]),
                              "nav_translations": {
                                  section: escape(self.course.labels["facilitators"][lang.code])
                              }})
            failed, _ = option.validate()
            if failed:
                raise PluginError(f"language {lang.code}: {failed}")
            languages.append(option)
        i18n.config.languages = languages

    def on_pre_build(self, config: MkDocsConfig) -> None:
        lang = config.theme["language"]
        default = self.course.default_language.code
        # Material's templates print config values as they are (its Jinja does not
        # escape): every author text handed to them is HTML-escaped here, once
        config.site_description = escape(self.course.tagline[lang])  # pages without their own
        if self._author is None:
            self._author = config.site_author or ""
        config.site_author = escape(self._author) or None
        config.extra["workbook"] = {
            "address": escape(self.address) if self.address else None,
            "lang_root": lang_folder(lang, default),
            "policy": POLICY,
            "labels": {key: escape(text[lang]) for key, text in self.course.labels.items()},
            "script": script_data(self.course, lang),
        }

    def on_env(self, env, config: MkDocsConfig, files):
        """Material's templates unescape a title with ``striptags`` and print it as it is;
        here the filter gives back text that is escaped again."""
        env.filters["striptags"] = lambda value: escape(Markup(str(value)).striptags())
        # Material's templates compiled once, not again for every language of every build
        # (Jinja checks each against its source)
        folder = cache_dir(Path(config.config_file_path).resolve().parent) / "jinja-theme"
        folder.mkdir(parents=True, exist_ok=True)
        env.bytecode_cache = jinja2.FileSystemBytecodeCache(str(folder))
        return env

    def on_page_markdown(self, markdown: str, page, config: MkDocsConfig, files) -> str:
        """A page's front matter title and description reach Material's head and
        navigation as they are: escaped, once, here (the generated CSS is not text)."""
        for key in ("title", "description"):
            if isinstance(page.meta.get(key), str):
                page.meta[key] = str(escape(page.meta[key]))
        return markdown

    def on_post_template(self, output: str, template_name: str, config: MkDocsConfig) -> str:
        """Each language build renders 404.html to the site root; keep each in its folder."""
        lang = config.theme["language"]
        if template_name != "404.html" or lang == self.course.default_language.code:
            return output
        site = Path(config.site_dir)
        target = site / lang_folder(lang, self.course.default_language.code) / "404.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(output, encoding="utf-8")
        root_page = site / "404.html"  # the default language's, written by the first build
        return root_page.read_text(encoding="utf-8") if root_page.is_file() else output

    @event_priority(-200)  # after the search plugin and mkdocs-static-i18n
    def on_post_build(self, config: MkDocsConfig) -> None:
        """Runs after every language's build; the last run, after mkdocs-static-i18n has
        merged all languages into one index, is the one that counts. Both steps only
        read the merged files and rewrite their own, so the earlier runs are harmless."""
        course = self.course
        codes, default = course.language_codes, course.default_language.code
        site = Path(config.site_dir)
        sitefiles.split_search_index(site, codes, default)
        sitefiles.write_sitemaps(site, self.address or "/", pagelist.slugs(course), codes, default)
        mark(site, self.address)  # every build claims its folder: only ours is replaced

    def on_serve(self, server, config: MkDocsConfig, builder):
        root = Path(config.config_file_path).resolve().parent
        for folder in ("content", "worksheets"):
            if (root / folder).is_dir():
                server.watch(str(root / folder))
        return server
