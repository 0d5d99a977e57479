"""`make bench` cannot break silently: every script its bench target runs, run the way
the Makefile runs it, in smoke mode (BENCH_SMOKE=1: one size, one run), exits 0 and
prints its figures."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import CHROMIUM

ROOT = Path(__file__).resolve().parent.parent

# What each script must print, as its figures (a number where a figure goes).
NUMBER = r"\d+(\.\d+)?"
FIGURES = {
    "build_times.py": [
        rf"generator \(load, check, render, write\): +{NUMBER} ms",
        rf"workbook build \(whole site, warm\): +{NUMBER} ms",
        rf"generator share of the whole build: +{NUMBER}%",
        rf"site script \(workbook\.js\), as served: +{NUMBER} KiB, {NUMBER} KiB gzipped",
    ],
    "pdf_times.py": [
        r"\d+ PDFs, 1 runs each",
        rf"1 worker\(s\): +{NUMBER} s \(\d+ ms a PDF\)",
        r"worksheet, a4 +\d+ kB",
        r"workshop pack, letter +\d+ kB",
        rf"  en: +{NUMBER} s, +\d+ kB",  # the handbook, per language
    ],
    "scale.py": [
        rf"cold \(every PDF rendered\): +{NUMBER} s",
        rf"warm \(nothing changed\): +{NUMBER} s",
        rf"generator +{NUMBER} s, mkdocs build +{NUMBER} s, ratio +{NUMBER}%",
        rf"10 lessons: workbook build +{NUMBER} s, plain mkdocs +{NUMBER} s",
        r"4\. real course, rebuild after editing one lesson",
        r"\d+ kB: html \d+ kB, css \d+ kB, js \d+ kB",
        rf"whole site {NUMBER} MB, of which PDFs {NUMBER} MB",
    ],
    "page_weight.py": [rf"  {lang}: +{NUMBER} KiB" for lang in ("en", "vi", "hi")],
    "lighthouse.py": [r"Lighthouse 13\.\d+\.\d+ mobile",
                      rf"\| home \(index\.html\) \| en \| \d+ \| {NUMBER} s \| {NUMBER} s \|",
                      r"\d+ of 1 pages within every limit"],
}


def bench_recipe() -> list[str]:
    """The command lines of the Makefile's bench target."""
    lines = (ROOT / "Makefile").read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("bench:"))
    recipe = []
    for line in lines[start + 1:]:
        if not line.startswith("\t"):
            break
        if not line.strip().startswith("@#"):
            recipe.append(line.strip())
    return recipe


def as_command(line: str) -> tuple[dict[str, str], list[str]]:
    """A recipe line as make would run it here: its VAR=value prefixes and its command."""
    line = line.replace("$(BIN)/python", shlex.quote(sys.executable))
    line = line.replace("$(CHROMIUM)", shlex.quote(CHROMIUM))
    assert "$(" not in line, f"a make variable the test does not know: {line}"
    words = shlex.split(line)
    env = {}
    while "=" in words[0] and not words[0].startswith("/"):
        key, _, value = words.pop(0).partition("=")
        env[key] = value
    return env, words


def test_the_bench_target_runs_every_bench_script():
    called = {Path(word).name for line in bench_recipe() for word in shlex.split(line)
              if word.startswith("bench/")}
    assert called == {path.name for path in (ROOT / "bench").glob("*.py")}
    assert called == set(FIGURES), "give the new script's figures to FIGURES"


@pytest.mark.parametrize("line", bench_recipe(),
                         ids=lambda line: Path(line.split()[-1]).stem)
def test_bench_script_smoke(line: str, tmp_path: Path):
    env, command = as_command(line)
    script = Path(command[-1]).name
    if "CHROMIUM" in env:
        assert os.path.exists(env["CHROMIUM"]), f"Chromium not found at {env['CHROMIUM']}"
    result = subprocess.run(
        command, cwd=ROOT, capture_output=True, text=True, timeout=300,
        env={**os.environ, **env, "BENCH_SMOKE": "1", "TMPDIR": str(tmp_path)})
    assert result.returncode == 0, f"{script} failed:\n{result.stdout}\n{result.stderr}"
    for pattern in FIGURES[script]:
        assert re.search(pattern, result.stdout), \
            f"{script} did not print /{pattern}/:\n{result.stdout}"
    assert "nan" not in result.stdout.lower().split()
