"""Time rendering every PDF of the real course, and report their sizes; then the
handbook's (the whole course as one book) render time and size per language.

    .venv/bin/python bench/pdf_times.py [--runs N] [--smoke]

Each run starts from an empty PDF cache (the cut fonts are reused, as in any build
after the first), once with one worker process and once with one per core.

--smoke (or BENCH_SMOKE=1): one run of the PDFs of the first worksheet only (its
sheets, the workshop packs of it, the handbooks and slide decks of its lesson alone; no
facilitator guide), to check that the script works (CI); its figures are not the course's.
"""

from __future__ import annotations

import argparse
import dataclasses
import io
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--smoke", action="store_true",
                        default=os.environ.get("BENCH_SMOKE", "") not in ("", "0"),
                        help="one run, the first worksheet's PDFs only (CI)")
    args = parser.parse_args()
    if args.smoke:
        args.runs = 1
    sys.path.insert(0, str(ROOT))
    from generator.course.loader import load_course
    from generator.pdf.documents import render_all
    from generator.render.fonts import pdf_fonts
    from generator.render.pages import make_environment

    course = load_course(ROOT)
    if args.smoke:
        sheet = course.worksheets[0]  # and its lesson alone: the handbook of one chapter
        lesson = dataclasses.replace(course.lesson_of(sheet), worksheets=[sheet.id])
        course = dataclasses.replace(course, worksheets=[sheet], plans=[], lessons=[lesson])
    env = make_environment()
    cores = os.cpu_count() or 1
    timings: dict[int, list[float]] = {1: [], cores: []}
    files: dict[str, bytes] = {}
    with tempfile.TemporaryDirectory(prefix="bench-pdf-") as tmp:
        fonts_dir = Path(tmp) / "fonts"
        fonts_dir.mkdir()
        pdf_fonts(fonts_dir)
        for workers in timings:
            for i in range(args.runs):
                cache = Path(tmp) / f"cache-{workers}-{i}"
                cache.mkdir()
                for font in fonts_dir.glob("*.ttf"):
                    shutil.copy(font, cache / font.name)
                started = time.perf_counter()
                files, report = render_all(course, env, cache, "https://example.org/",
                                           workers=workers, progress=io.StringIO())
                timings[workers].append(time.perf_counter() - started)
                assert report.rendered == len(files)
                shutil.rmtree(cache)
    print(f"{len(files)} PDFs, {args.runs} runs each, machine has {cores} cores (medians)"
          f"{' (smoke: the first worksheet only)' if args.smoke else ''}")
    for workers, times in timings.items():
        print(f"  {workers} worker(s): {statistics.median(times):6.1f} s "
              f"({statistics.median(times) / len(files) * 1000:.0f} ms a PDF)")
    kinds: dict[str, list[int]] = {}
    for name, data in files.items():
        what, langs, paper, _ = name.split(".")
        named = {"workshop-pack": "workshop pack", "facilitator-guide": "facilitator guide",
                 "handbook": "handbook"}
        kind = named.get(what, "worksheet") + (" (bilingual)" if "-" in langs else "") + \
            f", {paper}"
        kinds.setdefault(kind, []).append(len(data))
    print("sizes (median, min-max):")
    for kind, sizes in sorted(kinds.items()):
        print(f"  {kind:32} {statistics.median(sizes) / 1024:7.0f} kB "
              f"({min(sizes) / 1024:.0f}-{max(sizes) / 1024:.0f} kB, {len(sizes)} files)")
    handbook_times(course, env, args.smoke)
    return 0


def handbook_times(course, env, smoke: bool) -> None:
    """The whole course as one book, per language: one render each (A4), and its size."""
    from generator.pdf.documents import _render, jobs
    from generator.render.fonts import faces_of, pdf_fonts
    from generator.render.images import print_base

    codes = course.language_codes[:1] if smoke else course.language_codes
    with tempfile.TemporaryDirectory(prefix="bench-book-") as tmp:
        fonts = pdf_fonts(Path(tmp), faces_of(course))
        books = {job.name: job for job in jobs(course, env, fonts, "https://example.org/")
                 if job.name.startswith("handbook.")}
        roots = (tmp, *([str(course.images.folder)] if course.images.folder else []))
        print("handbook (the whole course as one book), A4, one render each:")
        for lang in codes:
            job = books[f"handbook.{lang}.a4.pdf"]
            started = time.perf_counter()
            data = _render(job.html, tmp, print_base(course), roots)
            print(f"  {lang}: {time.perf_counter() - started:6.1f} s, {len(data) / 1024:5.0f} kB")


if __name__ == "__main__":
    sys.exit(main())
