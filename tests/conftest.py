"""Shared fixtures: a copy of the real project in tmp_path, and the real site built from it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


# Every copied project shares one cache of cut fonts and rendered PDFs (content-keyed,
# so a changed input still renders): the suite renders each distinct PDF once.
os.environ.setdefault("WORKBOOK_CACHE_DIR", str(ROOT / "build" / "cache"))


def copy_project(target: Path) -> Path:
    """The real course and site config, in a folder the test may change."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    shutil.copytree(ROOT / "content", target / "content")
    if (ROOT / "worksheets").is_dir():  # git keeps no empty folder
        shutil.copytree(ROOT / "worksheets", target / "worksheets")
    return target


def workbook(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """Run the installed ``workbook`` command as an author would."""
    exe = Path(sys.executable).with_name("workbook")
    return subprocess.run([str(exe), *args], cwd=cwd, capture_output=True, text=True,
                          timeout=600)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The real course, built once by ``workbook build`` into a temporary folder."""
    root = copy_project(tmp_path_factory.mktemp("real") / "project")
    result = workbook("build", cwd=root)
    assert result.returncode == 0, result.stderr
    return root / "site"


@pytest.fixture(scope="session")
def course():
    from generator.loader import load_course

    return load_course(ROOT)
