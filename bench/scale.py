"""Build figures for issue 6, as medians, with the machine's core count.

    .venv/bin/python bench/scale.py [--runs N] [--sizes 10,100,500] [--smoke]

--smoke (or BENCH_SMOKE=1): one run, one 10-lesson synthetic course; checks that the
script works (CI), its figures are not medians.

1. the real course: full `workbook build`, cold (no PDF cached) and warm (nothing changed);
2. the generator's own time (load, check, render pages) next to MkDocs' build of the same
   generated pages, and their ratio;
3. synthetic courses of N lessons in 3 languages (no worksheets): the whole build next
   to a plain `mkdocs build` of the same generated Markdown, and the generator's time per
   lesson;
4. rebuilding the real course after editing one lesson's YAML (PDFs cached);
5. the bytes a reader downloads for a first lesson page, and the size of the site.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from generator.render.pages import PAGE_EXTENSIONS

ROOT = Path(__file__).resolve().parent.parent
WORKBOOK = str(Path(sys.executable).with_name("workbook"))
MKDOCS = str(Path(sys.executable).with_name("mkdocs"))


class Tagged:
    """A value under a tag safe_load does not know (mkdocs.yml's ``!!python/name:``,
    MkDocs' ``!ENV``): kept as it was written, never constructed or imported."""

    def __init__(self, tag: str, kind: str, value):
        self.tag, self.kind, self.value = tag, kind, value


class KeepTagsLoader(yaml.SafeLoader):
    pass


def _keep_tag(loader: KeepTagsLoader, suffix: str, node: yaml.Node) -> Tagged:
    if isinstance(node, yaml.MappingNode):
        return Tagged(node.tag, "mapping", loader.construct_mapping(node, deep=True))
    if isinstance(node, yaml.SequenceNode):
        return Tagged(node.tag, "sequence", loader.construct_sequence(node, deep=True))
    return Tagged(node.tag, "scalar", loader.construct_scalar(node))


KeepTagsLoader.add_multi_constructor("", _keep_tag)  # only tags no safe constructor took


class KeepTagsDumper(yaml.SafeDumper):
    pass


def _write_tag(dumper: KeepTagsDumper, data: Tagged) -> yaml.Node:
    if data.kind == "mapping":
        return dumper.represent_mapping(data.tag, data.value)
    if data.kind == "sequence":
        return dumper.represent_sequence(data.tag, data.value)
    return dumper.represent_scalar(data.tag, data.value)


KeepTagsDumper.add_representer(Tagged, _write_tag)


def smoke_requested() -> bool:
    return os.environ.get("BENCH_SMOKE", "") not in ("", "0")


def timed(command: list[str], cwd: Path, env: dict | None = None) -> float:
    started = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, capture_output=True,
                   env={**os.environ, **(env or {})})
    return time.perf_counter() - started


def median(fn, runs: int) -> float:
    return statistics.median(fn() for _ in range(runs))


def copy_real(target: Path) -> Path:
    for folder in ("content", "worksheets"):
        shutil.copytree(ROOT / folder, target / folder)
    shutil.copy(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    return target


def generator_seconds(project: Path, runs: int) -> float:
    sys.path.insert(0, str(ROOT))
    from generator.site.generate import generate

    generate(project, with_pdfs=False)  # warm imports and the font cache
    return median(lambda: _time(lambda: generate(project, with_pdfs=False)), runs)


def _time(fn) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def plain_mkdocs_config(project: Path, languages: list[str], nav: list[str]) -> Path:
    """mkdocs.yml without the workbook plugin, over the already generated docs; its
    tagged values (the heading-id slugify) written back as they were."""
    config = yaml.load((project / "mkdocs.yml").read_text(encoding="utf-8"),
                       Loader=KeepTagsLoader)
    config["docs_dir"] = str(project / "build" / "docs")
    config["nav"] = nav
    # the pages' Markdown extensions, as the plugin hands them to MkDocs
    config["markdown_extensions"] = [
        {name: {k: Tagged("tag:yaml.org,2002:python/name:generator.render.urls.heading_id",
                          "scalar", "") if callable(v) else v for k, v in conf.items()}}
        if conf else name
        for name, conf in PAGE_EXTENSIONS.items()]
    plugins = []
    for plugin in config["plugins"]:
        if plugin == "workbook":
            continue
        if isinstance(plugin, dict) and "i18n" in plugin:
            plugin["i18n"]["languages"] = [
                {"locale": code, "name": code, "default": i == 0, "build": True}
                for i, code in enumerate(languages)]
        plugins.append(plugin)
    config["plugins"] = plugins
    path = project / "mkdocs-plain.yml"
    path.write_text(yaml.dump(config, Dumper=KeepTagsDumper, allow_unicode=True,
                              sort_keys=False), encoding="utf-8")
    return path


def translate(value, code: str):
    """Every per-language text gains ``code``: the English text, marked."""
    if isinstance(value, dict):
        out = {k: translate(v, code) for k, v in value.items()}
        if "en" in value and isinstance(value["en"], str):
            out[code] = f"[{code}] {value['en']}"
        return out
    if isinstance(value, list):
        return [translate(v, code) for v in value]
    return value


def unlinked(value):
    """Texts with their links to the real course's pages pointed at the home page: the
    synthetic lessons have other names."""
    import re

    if isinstance(value, str):
        return re.sub(r"\]\([a-z0-9-]+\.md(#[^)]*)?\)", "](index.md)", value)
    if isinstance(value, dict):
        return {k: unlinked(v) for k, v in value.items()}
    if isinstance(value, list):
        return [unlinked(v) for v in value]
    return value


def synthetic(target: Path, lessons: int) -> Path:
    """The real course's texts, with ``lessons`` lessons and a third language (fr)."""
    (target / "content" / "lessons").mkdir(parents=True)
    (target / "worksheets").mkdir()
    shutil.copy(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    course = unlinked(translate(yaml.safe_load((ROOT / "content/course.yml").read_text("utf-8")),
                                "fr"))
    course["languages"].append({"code": "fr", "name": "Français"})
    labels = translate(yaml.safe_load((ROOT / "content/interface.yml").read_text("utf-8")), "fr")
    sources = sorted((ROOT / "content/lessons").glob("*.yml"))
    course["lessons"] = []
    for i in range(lessons):
        data = unlinked(translate(yaml.safe_load(sources[i % len(sources)].read_text("utf-8")),
                                  "fr"))
        data["id"] = f"lesson-{i + 1:03d}"
        data.pop("worksheets", None)
        data.pop("step", None)
        data["title"] = {k: f"{v} ({i + 1})" for k, v in data["title"].items()}
        course["lessons"].append(data["id"])
        (target / "content/lessons" / f"{data['id']}.yml").write_text(
            yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    (target / "content/course.yml").write_text(yaml.safe_dump(course, allow_unicode=True),
                                               encoding="utf-8")
    (target / "content/interface.yml").write_text(yaml.safe_dump(labels, allow_unicode=True),
                                                  encoding="utf-8")
    return target


def size_of(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def first_page_bytes(site: Path, lang_folder: str, page: str) -> dict[str, int]:
    """What a browser fetches for one page: the HTML, what it links, the font, the index."""
    import re

    html_path = site / lang_folder / page
    html = html_path.read_text(encoding="utf-8")
    out = {"html": len(html.encode())}
    for kind, pattern in (("css", r'<link rel="stylesheet" href="([^"]+)"'),
                          ("js", r'<script src="([^"]+)"')):
        out[kind] = sum((html_path.parent / url).resolve().stat().st_size
                        for url in re.findall(pattern, html))
    out["js"] += (site / "assets/javascripts/workers").glob("search.*.min.js").__next__() \
        .stat().st_size
    # Noto Sans comes cut by script (fonts.css, unicode-range): the Latin and Vietnamese
    # cuts, all a vi page may fetch (an upper bound; page_weight.py measures in Chromium)
    cuts = [p for p in (site / "assets/fonts").glob("noto-sans-*.woff2")
            if "devanagari" not in p.name]
    if not cuts:
        raise SystemExit(f"scale.py: no Noto Sans cut in {site / 'assets/fonts'}")
    out["font"] = sum(p.stat().st_size for p in cuts)
    out["search index"] = (site / lang_folder / "search/search_index.json").stat().st_size
    return out


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sizes", default="10,100,500")
    parser.add_argument("--smoke", action="store_true", default=smoke_requested(),
                        help="one run, one 10-lesson synthetic course (CI)")
    args = parser.parse_args()
    if args.smoke:
        args.runs, args.sizes = 1, "10"
    runs = args.runs
    print(f"machine: {os.cpu_count()} cores; medians of {runs} runs"
          f"{' (smoke)' if args.smoke else ''}\n")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        real = copy_real(tmp / "real")
        cold = []
        # cold: no PDF cached, but the cut fonts reused when a build has made them
        fonts = Path(os.environ.get("WORKBOOK_CACHE_DIR") or ROOT / "build" / "cache")
        for i in range(runs):
            env = {"WORKBOOK_CACHE_DIR": str(tmp / f"cache-{i}")}
            if fonts.is_dir():
                shutil.copytree(fonts, tmp / f"cache-{i}",
                                ignore=shutil.ignore_patterns("pdf"), dirs_exist_ok=True)
            cold.append(timed([WORKBOOK, "build"], real, env))
        env = {"WORKBOOK_CACHE_DIR": str(tmp / "cache-0")}
        warm = median(lambda: timed([WORKBOOK, "build"], real, env), runs)
        print("1. real course, workbook build")
        print(f"   cold (every PDF rendered): {statistics.median(cold):6.2f} s")
        print(f"   warm (nothing changed):    {warm:6.2f} s")

        os.environ["WORKBOOK_CACHE_DIR"] = env["WORKBOOK_CACHE_DIR"]
        gen = generator_seconds(real, runs)
        sys.path.insert(0, str(ROOT))
        from generator.course.loader import load_course
        from generator.render.pages import nav

        course = load_course(real)
        plain = plain_mkdocs_config(real, course.language_codes, nav(course))
        mk = median(lambda: timed([MKDOCS, "build", "-q", "-f", str(plain), "-d",
                                   str(tmp / "plain-site")], real), runs)
        print("2. real course: generator (load, check, render pages, no PDFs) vs MkDocs")
        print(f"   generator {gen:6.3f} s, mkdocs build {mk:6.2f} s, ratio {gen / mk:6.1%}")

        print("3. synthetic courses, 3 languages (en, vi, fr), no worksheets")
        per_lesson = {}
        for n in (int(x) for x in args.sizes.split(",")):
            project = synthetic(tmp / f"synthetic-{n}", n)
            whole = median(lambda p=project: timed([WORKBOOK, "build", "--no-pdf"], p), runs)
            g = generator_seconds(project, runs)
            course = load_course(project)
            config = plain_mkdocs_config(project, course.language_codes, nav(course))
            m = median(lambda p=project, c=config: timed(
                [MKDOCS, "build", "-q", "-f", str(c), "-d", str(p / "plain-site")], p), runs)
            per_lesson[n] = g / n
            site = project / "site"
            print(f"   {n:4d} lessons: workbook build {whole:7.2f} s, plain mkdocs {m:7.2f} s "
                  f"(x{whole / m:4.2f}); generator {g:6.3f} s = {g / n * 1000:5.2f} ms a "
                  f"lesson; site {size_of(site) / 1e6:6.1f} MB, search index per language "
                  f"{(site / 'search/search_index.json').stat().st_size / 1e6:5.2f} MB; "
                  f"a page {size_of(site) / 1e3 / max(1, len(list(site.rglob('*.html')))):.0f} kB")
        if 100 in per_lesson and 500 in per_lesson:
            print(f"   generator time per lesson, 500 vs 100: "
                  f"x{per_lesson[500] / per_lesson[100]:.2f}")

        lesson = real / "content/lessons/tips.yml"
        text = lesson.read_text(encoding="utf-8")
        if "Give at least" not in text:
            raise SystemExit("scale.py: tips.yml no longer says 'Give at least'; "
                             "choose another text to edit")
        edits = []
        for i in range(runs):
            lesson.write_text(text.replace("Give at least", f"Give ({i}) at least"), "utf-8")
            edits.append(timed([WORKBOOK, "build"], real, env))
        print("4. real course, rebuild after editing one lesson (PDFs cached)")
        edit = statistics.median(edits)
        print(f"   {edit:6.2f} s = x{edit / statistics.median(cold):.2f} the cold build "
              f"(goal: at most x0.15)")

        site = real / "site"
        weights = first_page_bytes(site, "vi", "step-1-goals.html")
        total = sum(weights.values())
        detail = ", ".join(f"{k} {v / 1024:.0f} kB" for k, v in weights.items())
        print("5. first lesson page (vi), bytes downloaded (uncompressed)")
        print(f"   {total / 1024:.0f} kB: {detail}")
        pdfs = size_of(site / "pdf")
        print(f"   whole site {size_of(site) / 1e6:.1f} MB, of which PDFs {pdfs / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
