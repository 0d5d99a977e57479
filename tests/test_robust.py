"""Authors make every mistake: random YAML, code-like text, killed builds, broken links."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
import yaml
from conftest import copy_project
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_loader import edit, errors_for
from test_site import tree_hashes

from generator.course.errors import ContentErrors
from generator.course.loader import load_course

LESSON = "content/lessons/tips.yml"

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True),
    st.text(max_size=50), st.text(min_size=5000, max_size=20000, alphabet="ab\u0301ệ\n<{"),
    st.sampled_from(["en", "vi", "id", "title", "minutes", "worksheets", "../x", "tips"]),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=5),
                            st.dictionaries(st.one_of(st.text(max_size=12), st.sampled_from(
                                ["id", "title", "en", "vi", "minutes", "sections", "body"])),
                                inner, max_size=5)),
    max_leaves=40,
)
YAML_SNIPPETS = [
    "a: &x [1, 2]\nb: *x\n", "a: *missing\n", "- [[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]\n",
    "key: !!binary aGVsbG8=\n", "{a: 1, a: 2}\n", "x: !custom 1\n", "<<: {id: tips}\n",
    "%YAML 1.1\n---\nid: tips\n", "id: tips\n---\nid: other\n", "\t- tab\n", ": : :\n",
    "? [complex, key]\n: value\n", "id: 2024-01-01\n", "'unterminated\n",
    # merge keys: a bomb (2**30 pairs once flattened), a self-merge, deep nesting
    "".join(f"l{i}: &l{i} {{<<: [*l{i - 1}, *l{i - 1}], k: 1}}\n" for i in range(1, 30))
    .join(["l0: &l0 {a: 1}\n", "<<: *l29\n"]),
    "a: &a {x: 1, <<: *a}\n", "a: " + "[" * 5000 + "]" * 5000 + "\n",
    "a: &a {x: 1}\nb: {<<: [*a, {y: 2}], z: 3}\n",
]


@pytest.fixture(scope="module")
def fuzz_root(tmp_path_factory) -> Path:
    return copy_project(tmp_path_factory.mktemp("fuzz") / "project")


def load_or_error(root: Path) -> None:
    """The only two outcomes allowed: a course, or errors that each name a file and line."""
    try:
        load_course(root)
    except ContentErrors as exc:
        assert exc.errors
        for error in exc.errors:
            assert re.match(r"^[\w./-]+\.yml:\d+: \S", str(error)), str(error)


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=values, raw=st.one_of(st.none(), st.binary(max_size=200),
                                  st.sampled_from(YAML_SNIPPETS)))
def test_random_yaml_gives_a_course_or_path_line_errors(fuzz_root, data, raw):
    target = fuzz_root / LESSON
    original = target.read_bytes()
    try:
        if raw is None:
            target.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        else:
            target.write_bytes(raw.encode() if isinstance(raw, str) else raw)
        load_or_error(fuzz_root)
    finally:
        target.write_bytes(original)


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(key=st.sampled_from(["title", "summary", "minutes", "objectives", "sections", "id",
                            "takeaways", "worksheets", "facilitator", "step"]), value=values)
def test_random_values_in_a_real_lesson(fuzz_root, key, value):
    """Mutate one field of a real lesson: every outcome is a course or a path:line error."""
    target = fuzz_root / LESSON
    original = target.read_bytes()
    try:
        data = yaml.safe_load(original)
        data[key] = value
        target.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        load_or_error(fuzz_root)
    finally:
        target.write_bytes(original)


@pytest.mark.parametrize("link", ["javascript:alert(1)", "data:text/html,<b>x</b>",
                                  " JavaScript:alert(1)", "file:///etc/passwd"])
def test_markdown_links_that_could_run_code_are_refused(project, link):
    edit(project, LESSON, "        The more you contribute,",
         f"        See [this]({link}). The more you contribute,")
    messages = errors_for(project)
    assert any(m.startswith(f"{LESSON}:") and "is not allowed" in m for m in messages), messages


def test_ordinary_links_in_markdown_are_accepted(project):
    edit(project, LESSON, "        The more you contribute,",
         "        See [a](https://example.org/x), [b](step-1-goals.md) and [c](#top). "
         "The more you contribute,")
    load_course(project)


def test_killed_build_leaves_the_previous_site_complete(project):
    """kill -9 the build at several points: site/ stays exactly the last good build."""
    exe = str(Path(sys.executable).with_name("workbook"))
    assert subprocess.run([exe, "build"], cwd=project, capture_output=True).returncode == 0
    before = tree_hashes(project / "site")
    lesson = project / LESSON
    lesson.write_text(lesson.read_text("utf-8").replace("Give at least", "Always give at least"),
                      encoding="utf-8")  # so the next build would change the site
    sheet = project / "worksheets" / "goals.yml"  # and render PDFs, in worker processes
    fresh = f"Write freely ({time.time_ns()})"  # new each run: the PDF cache cannot have it
    sheet.write_text(sheet.read_text("utf-8").replace("Write freely", fresh), encoding="utf-8")
    for delay in (0.5, 1.5, 2.5):
        process = subprocess.Popen([exe, "build"], cwd=project, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL)
        time.sleep(delay)
        if process.poll() is None:
            os.kill(process.pid, signal.SIGKILL)
        process.wait()
        if process.returncode == -signal.SIGKILL:
            assert tree_hashes(project / "site") == before, f"killed after {delay} s"
    # no PDF worker outlives its build (one that did kept the project locked)
    time.sleep(0.5)
    left = subprocess.run(["pgrep", "-f", f"{exe} build"], capture_output=True, text=True)
    assert left.stdout.strip() == "", left.stdout
    # and a build after the kills still works, and replaces the site
    result = subprocess.run([exe, "build"], cwd=project, capture_output=True, timeout=300,
                            env={**os.environ, "WORKBOOK_LOCK_TIMEOUT": "20"})
    assert result.returncode == 0, result.stderr
    assert tree_hashes(project / "site") != before
    assert not list(project.glob("site.*"))  # leftovers of killed builds are cleaned


def test_every_internal_link_and_anchor_resolves(built_site):
    from test_site import PageParser

    ids_of: dict[Path, set[str]] = {}

    def ids(page: Path) -> set[str]:
        if page not in ids_of:
            ids_of[page] = set(re.findall(r'\sid="([^"]+)"', page.read_text("utf-8")))
        return ids_of[page]

    checked = 0
    for page in sorted(built_site.rglob("*.html")):
        if page.name == "404.html":
            continue  # its links are absolute from the site root, tested elsewhere
        parser = PageParser()
        parser.feed(page.read_text(encoding="utf-8"))
        for href in parser.links:
            parts = urlsplit(href)
            if parts.scheme or parts.netloc:
                continue
            target = Path(unquote(urlsplit(urljoin(page.as_uri(), href)).path))
            if target.is_dir():
                target = target / "index.html"
            assert target.is_file(), (page.relative_to(built_site), href)
            if parts.fragment and target.suffix == ".html":
                assert unquote(parts.fragment) in ids(target), (page, href)
            checked += 1
    assert checked > 1000


def test_build_killed_between_the_two_renames_loses_nothing(project):
    """_swap renames site/ away, then the new one in. A kill between the two leaves only
    site.old-PID: the next build puts it back, even when that build itself fails."""
    exe = str(Path(sys.executable).with_name("workbook"))
    assert subprocess.run([exe, "build", "--no-pdf"], cwd=project,
                          capture_output=True).returncode == 0
    before = tree_hashes(project / "site")
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()  # a pid whose process is gone, like a killed build's
    (project / "site").rename(project / f"site.old-{dead.pid}")
    path = project / LESSON  # the next build fails
    path.write_text(re.sub(r"(?m)^minutes: (\d+)", r"minutes: [\1", path.read_text("utf-8"),
                           count=1), encoding="utf-8")
    result = subprocess.run([exe, "build", "--no-pdf"], cwd=project, capture_output=True)
    assert result.returncode == 1
    assert tree_hashes(project / "site") == before
    assert not list(project.glob("site.*"))
