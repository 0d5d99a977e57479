"""Lighthouse in its mobile setting (simulated slow 4G, 4x CPU slowdown) on one page of
each kind, in every language, and the table of figures against the issue's limits.

    .venv/bin/python bench/lighthouse.py [SITE_DIR] [--langs en,vi] [--kinds home,lesson]
                                         [--gzip] [--smoke] [--json OUT]

Builds the real course (without PDFs) into a temporary folder unless SITE_DIR is given,
serves it on 127.0.0.1 and runs the pinned npm `lighthouse` (package.json, `npm ci`)
against Debian's Chromium ($CHROMIUM, default /usr/bin/chromium), one run at a time.
The server sends files as they are, as the issue measured; --gzip compresses text as
most static hosts do. --smoke (or BENCH_SMOKE=1): one page (the English home page).
"""

from __future__ import annotations

import argparse
import functools
import gzip
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
# (figure, Lighthouse audit, limit, unit): at most the limit, but the score at least it
LIMITS = {"score": 95, "FCP": 1.8, "LCP": 2.5, "CLS": 0.05, "TBT": 100}
AUDITS = {"FCP": "first-contentful-paint", "LCP": "largest-contentful-paint",
          "CLS": "cumulative-layout-shift", "TBT": "total-blocking-time"}
TEXT = (".html", ".css", ".js", ".json", ".svg", ".xml", ".webmanifest", ".txt")


class Handler(SimpleHTTPRequestHandler):
    compress = False

    def log_message(self, *args):
        pass

    def end_headers(self):
        self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        wants = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (self.compress and wants and path.is_file() and path.suffix in TEXT):
            return super().send_head()
        import io
        body = gzip.compress(path.read_bytes(), mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


def smoke_requested() -> bool:
    return os.environ.get("BENCH_SMOKE", "") not in ("", "0")


def build(tmp: Path) -> Path:
    project = tmp / "project"
    shutil.copytree(ROOT / "content", project / "content")
    shutil.copytree(ROOT / "worksheets", project / "worksheets")
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    exe = str(Path(sys.executable).with_name("workbook"))
    result = subprocess.run([exe, "build", "--no-pdf"], cwd=project, capture_output=True,
                            text=True)
    if result.returncode != 0:
        raise SystemExit(f"lighthouse.py: the course does not build:\n{result.stderr}")
    return project / "site"


def page_kinds(project: Path | None) -> tuple[dict[str, str], object]:
    """One page of each kind, from the course's list of pages: {kind: file name}."""
    sys.path.insert(0, str(ROOT))
    from generator.course import pagelist
    from generator.course.loader import load_course

    course = load_course(project or ROOT)
    out: dict[str, str] = {}
    for page in pagelist.pages(course):
        # the lesson the issue measured (a map, worksheets) when the course has it
        if page.kind not in out or page.slug == "step-2-map":
            out[page.kind] = f"{page.slug}.html"
    out["404"] = "404.html"
    return out, course


def lighthouse(url: str, chromium: str, out: Path) -> dict:
    command = [str(LIGHTHOUSE), url, "--quiet", "--only-categories=performance",
               "--form-factor=mobile", "--output=json", f"--output-path={out}",
               f"--chrome-path={chromium}",
               "--chrome-flags=--headless=new --no-sandbox --disable-gpu "
               "--disable-dev-shm-usage --no-first-run --disable-background-networking"]
    subprocess.run(command, check=True, capture_output=True, timeout=300,
                   env={**os.environ, "CHROME_PATH": chromium})
    report = json.loads(out.read_text(encoding="utf-8"))
    audits = report["audits"]
    row = {"score": round(report["categories"]["performance"]["score"] * 100)}
    row["FCP"] = audits[AUDITS["FCP"]]["numericValue"] / 1000
    row["LCP"] = audits[AUDITS["LCP"]]["numericValue"] / 1000
    row["CLS"] = audits[AUDITS["CLS"]]["numericValue"]
    row["TBT"] = audits[AUDITS["TBT"]]["numericValue"]
    row["KiB"] = audits["total-byte-weight"]["numericValue"] / 1024
    requests = ((audits.get("network-requests") or {}).get("details") or {}).get("items") or []
    row["requests"] = [item.get("url", "") for item in requests if isinstance(item, dict)]
    blocking = audits.get("render-blocking-insight") or audits.get("render-blocking-resources")
    items = ((blocking or {}).get("details") or {}).get("items") or []
    row["blocking"] = [item.get("url", "").rsplit("/", 1)[-1] for item in items
                       if isinstance(item, dict)]
    return row


def passes(row: dict) -> bool:
    return (row["score"] >= LIMITS["score"] and all(
        row[key] <= LIMITS[key] for key in ("FCP", "LCP", "CLS", "TBT")))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("site", nargs="?", type=Path, help="a built site (default: build one)")
    parser.add_argument("--langs", help="language codes, comma-separated (default: all)")
    parser.add_argument("--kinds", help="page kinds, comma-separated (default: all)")
    parser.add_argument("--gzip", action="store_true", help="compress text, as hosts do")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--smoke", action="store_true", default=smoke_requested(),
                        help="one page: the English home page (CI)")
    args = parser.parse_args()
    chromium = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    if not LIGHTHOUSE.exists():
        raise SystemExit("lighthouse.py: npm lighthouse is not installed (run: npm ci)")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        site = args.site.resolve() if args.site else build(tmp)
        kinds, course = page_kinds(site.parent if (site.parent / "content").is_dir() else None)
        codes = course.language_codes
        default = course.default_language.code
        langs = args.langs.split(",") if args.langs else codes
        chosen = args.kinds.split(",") if args.kinds else list(kinds)
        if args.smoke:
            langs, chosen = [default], ["home"]
        handler = type("Served", (Handler,), {"compress": args.gzip})
        httpd = ThreadingHTTPServer(("127.0.0.1", 0),
                                    functools.partial(handler, directory=str(site)))
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{httpd.server_address[1]}/"
        rows = {}
        try:
            for lang in langs:
                for kind in chosen:
                    path = ("" if lang == default else f"{lang}/") + kinds[kind]
                    rows[(kind, lang)] = lighthouse(base + path, chromium,
                                                    tmp / f"{kind}-{lang}.json")
        finally:
            httpd.shutdown()
            httpd.server_close()
    print(f"Lighthouse {lighthouse_version()} mobile, {'gzip' if args.gzip else 'no gzip'}; "
          f"limits: score >= {LIMITS['score']}, FCP <= {LIMITS['FCP']} s, "
          f"LCP <= {LIMITS['LCP']} s, CLS <= {LIMITS['CLS']}, TBT <= {LIMITS['TBT']} ms")
    print("| page | lang | score | FCP | LCP | CLS | TBT | KiB | ok | render-blocking |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for (kind, lang), row in rows.items():
        print(f"| {kind} ({kinds[kind]}) | {lang} | {row['score']} | {row['FCP']:.1f} s | "
              f"{row['LCP']:.1f} s | {row['CLS']:.3f} | {row['TBT']:.0f} ms | "
              f"{row['KiB']:.0f} | {'yes' if passes(row) else 'NO'} | "
              f"{' '.join(row['blocking']) or '-'} |")
    failing = sum(not passes(row) for row in rows.values())
    print(f"{len(rows) - failing} of {len(rows)} pages within every limit")
    if args.json:
        args.json.write_text(json.dumps({f"{k}/{lang}": row for (k, lang), row in rows.items()},
                                        indent=1), encoding="utf-8")
    return 0


def lighthouse_version() -> str:
    package = ROOT / "node_modules" / "lighthouse" / "package.json"
    return json.loads(package.read_text(encoding="utf-8"))["version"]


if __name__ == "__main__":
    sys.exit(main())
