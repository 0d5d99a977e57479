"""The only module that knows MkDocs: it hands MkDocs the generated pages and fixes
up the per-language files. Moving to another site builder replaces this file alone."""

from __future__ import annotations

from contextlib import ExitStack
from pathlib import Path

import jinja2
import material
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
from ..render.brand import DARK_SHADE, DEFAULT, byline
from ..render.online import script_data
from ..render.pages import PAGE_EXTENSIONS, facilitators_section, nav
from ..render.policy import POLICY
from ..render.sizes import size_text
from ..render.urls import lang_folder, public_address
from . import sitefiles
from .generate import cache_dir, docs_dir, fingerprint, generate, write_error_pages
from .outdir import check_output_folder, mark

log = get_plugin_logger("workbook")


# A list of more pages than this, in the navigation, shows those around the current one
NAV_LIMIT = 30
NAV_AROUND = 5


def nav_window(items: list) -> list[tuple[int, object]]:
    """The navigation items a page lists, each with its number in the whole list, and
    None where others are left out: all of a short list; of a long one, the first and
    last, the sections, and those around the current page (or the first ones). A page
    of a 500-lesson course then carries a few dozen links, not a thousand."""
    items = list(items)
    if len(items) <= NAV_LIMIT:
        return list(enumerate(items, 1))
    active = next((i for i, item in enumerate(items) if item.active), 0)
    keep = {0, len(items) - 1} | set(range(active - NAV_AROUND, active + NAV_AROUND + 1))
    out: list[tuple[int, object]] = []
    for i, item in enumerate(items):
        if i in keep or getattr(item, "children", None):
            out.append((i + 1, item))
        elif out and out[-1][1] is not None:
            out.append((0, None))
    return out


def brand_colour(brand) -> str:
    """The course's colour for the phone's title bar and the generated icon."""
    return DARK_SHADE.get(brand.primary or DEFAULT, DARK_SHADE[DEFAULT])


def text_direction(code: str) -> str:
    """'rtl' for a language written right to left (CLDR), else 'ltr'."""
    from babel import Locale

    try:
        return Locale.parse(code.replace("-", "_")).text_direction
    except (ValueError, LookupError):
        return "ltr"

THEME_DIR = Path(__file__).parent / "theme"
# A stylesheet only the pages that use one of its classes link (worksheets, agendas):
# mkdocs.yml may list it with the others, as it used to
PAGE_CSS = ("assets/worksheet.css",)
# Material's script, which the theme loads deferred (its name carries Material's hash)
MATERIAL_ASSETS = Path(material.__file__).parent / "templates" / "assets"
BUNDLE = next(iter(sorted((MATERIAL_ASSETS / "javascripts").glob("bundle.*.min.js"))), None)


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
        self._css_classes: dict[str, set[str]] = {}

    def on_startup(self, command: str, dirty: bool) -> None:
        self.command = command
        if command == "serve":
            self.config.pdf = False  # a quick preview; `workbook build` makes the PDFs

    def on_shutdown(self) -> None:
        self._held.close()
        self._locked = False

    @event_priority(100)  # before mkdocs-static-i18n reads its languages
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self._css_classes = {}  # the generated stylesheets may have changed
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
        # (deferred, so that the first paint waits for none; lazy-search.js loads the
        # file-worker.js shim itself, from file:// only)
        config.extra["polyfills"] = ["assets/javascripts/lazy-search.js",
                                     "assets/javascripts/local-alternates.js"]
        # the stylesheets only some pages use are linked by those pages alone
        config.extra_css = [path for path in config.extra_css if path not in PAGE_CSS]
        if self.command == "serve":  # MkDocs' own reload script is inline: blocked
            config.extra["polyfills"].append("assets/javascripts/serve-reload.js")
        # the facilitators' section title is printed as it is, like every config text
        config.nav = [{escape(k): v for k, v in item.items()} if isinstance(item, dict)
                      else item for item in nav(self.course)]
        # a section's pages listed only on its own pages (Material's navigation.prune): the
        # facilitators' pages do not weigh on every reader's page
        features = config.theme.get("features") or []
        if "navigation.prune" not in features:
            config.theme["features"] = [*features, "navigation.prune"]
        if str(THEME_DIR) not in config.theme.dirs:
            config.theme.dirs.insert(0, str(THEME_DIR))
        self._configure_i18n(config)
        self._brand(config)
        return config

    def _brand(self, config: MkDocsConfig) -> None:
        """The course's colours and logo, for Material's palette and header."""
        brand = self.course.brand
        if brand.primary or brand.accent:
            palette = {"primary": brand.primary or "indigo"}
            if brand.accent:
                palette["accent"] = brand.accent
            config.theme["palette"] = palette
        if brand.logo:
            config.theme["logo"] = brand.logo  # content/images/ is copied to the site's images/
            config.theme["favicon"] = brand.logo

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
        brand = self.course.brand
        config.site_author = escape(brand.author or self._author) or None
        if byline(brand) and not config.copyright:
            config.copyright = escape(byline(brand))
        config.extra["workbook"] = {
            "address": escape(self.address) if self.address else None,
            "lang_root": lang_folder(lang, default),
            "policy": POLICY,
            "labels": {key: escape(text[lang]) for key, text in self.course.labels.items()},
            "script": script_data(self.course, lang),
            "bundle": f"assets/javascripts/{BUNDLE.name}" if BUNDLE else None,
            # kept for use without a connection: not in a preview, whose pages change
            # the fonts of the language's own words (its interface labels, on every page)
            "fonts": sitefiles.fonts_for(Path(config.docs_dir), " ".join(
                text[lang] for text in self.course.labels.values())),
            "offline": None if self.command == "serve" else {
                "colour": brand_colour(brand),
                "pdf_size": escape(size_text(
                    sitefiles.pdf_bytes(Path(config.docs_dir) / "pdf", lang, default), lang)),
            },
        }

    def on_env(self, env, config: MkDocsConfig, files):
        """Material's templates unescape a title with ``striptags`` and print it as it is;
        here the filter gives back text that is escaped again."""
        env.filters["striptags"] = lambda value: escape(Markup(str(value)).striptags())
        env.filters["nav_window"] = nav_window
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

    def on_page_content(self, html: str, page, config: MkDocsConfig, files) -> str:
        """A page links the stylesheets of PAGE_CSS whose own classes it uses (not
        Material's, which they may style inside their own)."""
        classes = {name for name in sitefiles.class_names(html) if not name.startswith("md-")}
        page.meta["wb_stylesheets"] = [path for path in PAGE_CSS
                                       if classes & self._classes_of(config, path)]
        return html

    def _classes_of(self, config: MkDocsConfig, path: str) -> set[str]:
        if path not in self._css_classes:
            css = Path(config.docs_dir) / path
            text = css.read_text(encoding="utf-8") if css.is_file() else ""
            self._css_classes[path] = sitefiles.css_classes(text)
        return self._css_classes[path]

    def on_post_page(self, output: str, page, config: MkDocsConfig) -> str:
        return sitefiles.collapse_whitespace(output)

    def on_post_template(self, output: str, template_name: str, config: MkDocsConfig) -> str:
        """Each language build renders 404.html to the site root; keep each in its folder."""
        output = sitefiles.collapse_whitespace(output)
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
        i18n = config.plugins.get("i18n")
        final = not getattr(i18n, "building", False)  # not inside one language's build
        if final and self.command != "serve":
            # once, over every language's pages: the preview keeps Material's files whole
            sitefiles.purge_material_css(site, MATERIAL_ASSETS / "stylesheets")
            sitefiles.minify_theme_scripts(site, sorted(
                path.name for path in (THEME_DIR / "assets" / "javascripts").glob("*.js")))
            brand = course.brand
            sitefiles.write_offline(
                site, [(lang.code, course.title[lang.code], text_direction(lang.code))
                       for lang in course.languages],
                pagelist.slugs(course), default, brand_colour(brand),
                site / brand.logo if brand.logo else None, course.title[default])
        mark(site, self.address)  # every build claims its folder: only ours is replaced

    def on_serve(self, server, config: MkDocsConfig, builder):
        root = Path(config.config_file_path).resolve().parent
        for folder in ("content", "worksheets"):
            if (root / folder).is_dir():
                server.watch(str(root / folder))
        return server
