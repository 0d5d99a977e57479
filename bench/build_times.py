"""Print build timings of the real course, as medians.

    .venv/bin/python bench/build_times.py [--runs N] [--smoke]

- the generator's own work (load, validate, render pages, write docs), in-process;
- a full `workbook build` (MkDocs included), warm (font cache present);
- the generator's share of the whole build;
- the online workbook's script, as served (bytes, and gzipped as a server sends it).

--smoke (or BENCH_SMOKE=1): one run of each, to check that the script works (CI).
"""

from __future__ import annotations

import argparse
import gzip
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def median_seconds(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--smoke", action="store_true",
                        default=os.environ.get("BENCH_SMOKE", "") not in ("", "0"),
                        help="one run of each (CI)")
    args = parser.parse_args()
    if args.smoke:
        args.runs = 1
    sys.path.insert(0, str(ROOT))
    from generator.site.generate import generate

    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp) / "project"
        shutil.copytree(ROOT / "content", project / "content")
        if (ROOT / "worksheets").is_dir():
            shutil.copytree(ROOT / "worksheets", project / "worksheets")
        shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
        generate(project, with_pdfs=False)  # cuts the font once, as the first real build does
        gen = median_seconds(lambda: generate(project, with_pdfs=False), args.runs)
        workbook = str(Path(sys.executable).with_name("workbook"))

        def build() -> None:
            subprocess.run([workbook, "build"], cwd=project, check=True, capture_output=True)

        build()  # renders the PDFs into the cache, as the first real build does
        whole = median_seconds(build, args.runs)
    print(f"cores: {os.cpu_count()}, runs: {args.runs} (medians)"
          f"{' (smoke)' if args.smoke else ''}")
    print(f"generator (load, check, render, write): {gen * 1000:8.1f} ms")
    print(f"workbook build (whole site, warm):      {whole * 1000:8.1f} ms")
    print(f"generator share of the whole build:     {gen / whole:8.1%}")
    import rjsmin

    from generator.render.online import script

    js = script()
    served = rjsmin.jsmin(js.decode()).encode()  # as generate.py writes it
    print(f"site script (workbook.js), sources:     {len(js) / 1024:8.1f} KiB")
    print(f"site script (workbook.js), as served:   {len(served) / 1024:8.1f} KiB, "
          f"{len(gzip.compress(served, mtime=0)) / 1024:.1f} KiB gzipped")
    return 0


if __name__ == "__main__":
    sys.exit(main())
