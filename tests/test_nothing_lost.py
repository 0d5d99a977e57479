"""Nothing lost, ever: a build that could delete the project, hostile YAML, two commands
at once, a full disk or a read-only folder, and `serve` after a mistake. Each case is one
a careful tester reproduced against the project; each test fails without its fix."""

from __future__ import annotations

import fcntl
import os
import re
import resource
import shutil
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from conftest import copy_project, workbook
from test_site import tree_hashes

from generator.course.yamlfile import MAX_BYTES
from generator.site.outdir import check_output_folder

EXE = str(Path(sys.executable).with_name("workbook"))
LESSON = "content/lessons/tips.yml"


def project_hashes(root: Path) -> dict:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and "build" not in p.relative_to(root).parts}


@pytest.fixture
def git_project(project: Path) -> Path:
    subprocess.run(["git", "init", "-q", str(project)], check=True)
    return project


# -- the output folder -----------------------------------------------------------------

@pytest.mark.parametrize("target", [".", "content", "worksheets", "content/lessons", "..",
                                    ".git", "HOME"])
def test_build_refuses_a_folder_it_does_not_own(git_project, target):
    home = git_project.parent / "home"
    home.mkdir()
    (home / "thesis.txt").write_text("years of work")
    folder = str(home) if target == "HOME" else target
    before, home_before = project_hashes(git_project), project_hashes(home)
    result = subprocess.run([EXE, "build", "--no-pdf", "-d", folder], cwd=git_project,
                            capture_output=True, text=True, env={**os.environ, "HOME": str(home)})
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "refusing" in lines[0], result.stderr
    assert str((git_project / folder).resolve() if target != "HOME" else home) in lines[0]
    assert project_hashes(git_project) == before  # .git included
    assert project_hashes(home) == home_before
    assert not list(git_project.parent.glob("*.building-*"))


@pytest.mark.parametrize("folder", ["/", str(Path.home())])
def test_root_and_home_are_never_an_output_folder(tmp_path, folder):
    from generator.course.errors import ContentError

    with pytest.raises(ContentError, match="root or your home"):
        check_output_folder(Path(folder), tmp_path)


def test_a_folder_of_someone_elses_files_is_refused_an_empty_one_used(project, tmp_path):
    theirs = tmp_path / "theirs"
    theirs.mkdir()
    (theirs / "notes.txt").write_text("keep me")
    result = workbook("build", "--no-pdf", "-d", str(theirs), cwd=project)
    assert result.returncode == 1 and "not empty and no build wrote it" in result.stderr
    assert [p.name for p in theirs.iterdir()] == ["notes.txt"]
    empty = tmp_path / "empty"
    empty.mkdir()
    assert workbook("build", "--no-pdf", "-d", str(empty), cwd=project).returncode == 0
    assert (empty / "index.html").is_file()
    # the folder is now ours: the next build replaces it
    assert workbook("build", "--no-pdf", "-d", str(empty), cwd=project).returncode == 0


def test_plain_mkdocs_build_has_the_same_guard(project, tmp_path):
    theirs = tmp_path / "theirs"
    theirs.mkdir()
    (theirs / "notes.txt").write_text("keep me")
    mkdocs = str(Path(sys.executable).with_name("mkdocs"))
    result = subprocess.run([mkdocs, "build", "-q", "-d", str(theirs)], cwd=project,
                            capture_output=True, text=True)
    assert result.returncode != 0 and "refusing" in result.stderr
    assert [p.name for p in theirs.iterdir()] == ["notes.txt"]
    result = subprocess.run([mkdocs, "build", "-q", "-d", str(project)], cwd=project,
                            capture_output=True, text=True)
    assert result.returncode != 0 and (project / "mkdocs.yml").is_file()


# -- hostile YAML ----------------------------------------------------------------------

def merge_bomb(levels: int = 40) -> str:
    """Each level merges the one below twice: 2**levels pairs once flattened."""
    out = ["l0: &l0 {a: 1, b: 2}"]
    out += [f"l{i}: &l{i} {{<<: [*l{i - 1}, *l{i - 1}], k{i}: {i}}}" for i in range(1, levels)]
    return "\n".join(out) + f"\n<<: *l{levels - 1}\n"


HOSTILE = {
    "merge bomb": (lambda p: p.write_text(merge_bomb()), "too many values"),
    "self merge": (lambda p: p.write_text("a: &a {x: 1, <<: *a}\n"), "mapping it is in"),
    "deep nesting": (lambda p: p.write_text("a: " + "[" * 100_000 + "]" * 100_000 + "\n"),
                     "nested more than"),
    "3 GB file": (lambda p: os.truncate(p, 3 * 2**30), "the limit is 2 MB"),
    "just over the limit": (lambda p: p.write_text("#" * MAX_BYTES + "\nid: tips\n"),
                            "the limit is 2 MB"),
    "fifo": (lambda p: (p.unlink(), os.mkfifo(p)), "not a regular file"),
    "link out of the project": (lambda p: (p.unlink(), p.symlink_to("/etc/hostname")),
                                "outside the project"),
}


def _limit_memory(megabytes: int):
    def apply():
        limit = megabytes * 2**20
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    return apply


@pytest.mark.parametrize("case", list(HOSTILE))
def test_hostile_yaml_is_refused_fast_with_little_memory(project, case):
    """Under a 200 MB address-space limit: a path:line error within a second, exit 1.
    Before the limits, the merge bomb grew to 3.4 GB and the 3 GB file was read whole."""
    make, message = HOSTILE[case]
    make(project / LESSON)
    started = time.perf_counter()
    process = subprocess.Popen([EXE, "check"], cwd=project, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True,
                               preexec_fn=_limit_memory(200))
    try:
        out, err = process.communicate(timeout=20)
    finally:
        process.kill()
    elapsed = time.perf_counter() - started
    assert process.returncode == 1, err
    assert err.startswith(f"{LESSON}:1: ") and message in err, err
    assert "Traceback" not in err
    assert elapsed < 1.5, f"{case}: {elapsed:.2f} s"  # a second, plus the command's start


def test_a_real_lesson_is_far_under_the_limits(course):
    sizes = [p.stat().st_size for p in Path(__file__).parent.parent.glob("content/**/*.yml")]
    assert max(sizes) * 20 < MAX_BYTES


# -- one command at a time -------------------------------------------------------------

def test_two_builds_at_once_both_finish_and_the_site_is_whole(project, built_site):
    """Before the lock, one crashed with FileNotFoundError while the other rewrote
    build/docs. Now the second waits, says so, and both builds succeed."""
    first = subprocess.Popen([EXE, "build"], cwd=project, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
    time.sleep(0.3)
    second = subprocess.Popen([EXE, "build"], cwd=project, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    results = [p.communicate(timeout=600) for p in (first, second)]
    assert first.returncode == 0 and second.returncode == 0, results
    errs = " ".join(err for _, err in results)
    assert "Traceback" not in errs and "waiting for another command" in errs
    assert tree_hashes(project / "site") == tree_hashes(built_site)


def test_a_held_lock_makes_a_build_wait_then_give_up(project):
    (project / "build").mkdir()
    with open(project / "build" / "workbook.lock", "w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        result = subprocess.run([EXE, "build", "--no-pdf"], cwd=project, capture_output=True,
                                text=True, env={**os.environ, "WORKBOOK_LOCK_TIMEOUT": "1"})
    assert result.returncode == 1
    assert "waiting for another command" in result.stderr and "gave up" in result.stderr
    assert "Traceback" not in result.stderr and not (project / "site").exists()


# -- the machine's bad luck ------------------------------------------------------------

@contextmanager
def small_disk(folder: Path, megabytes: int):
    folder.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={megabytes}m", "tmpfs",
                              str(folder)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip("needs root to mount a small file system")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=True)


def site_megabytes(project: Path, tmp_path: Path) -> int:
    """Room for one site without PDFs and a half, not two: measured, as the site grows."""
    out = tmp_path / "measure"
    assert workbook("build", "--no-pdf", "-d", str(out), cwd=project).returncode == 0
    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    return int(size * 1.5 / 2**20) + 1


def test_a_full_disk_leaves_the_site_as_it_was(project, tmp_path):
    with small_disk(tmp_path / "stick", site_megabytes(project, tmp_path)) as stick:
        site = stick / "site"
        assert workbook("build", "--no-pdf", "-d", str(site), cwd=project).returncode == 0
        before = tree_hashes(site)
        result = workbook("build", "--no-pdf", "-d", str(site), cwd=project)
        assert result.returncode == 1
        assert result.stderr.count("\n") == 1 and "No space left on device" in result.stderr
        assert str(stick) in result.stderr
        assert tree_hashes(site) == before
        assert sorted(p.name for p in stick.iterdir()) == ["site"]  # no staging folder left


def test_a_read_only_file_system_gives_one_line(project, tmp_path):
    with small_disk(tmp_path / "ro", site_megabytes(project, tmp_path)) as disk:
        site = disk / "site"
        assert workbook("build", "--no-pdf", "-d", str(site), cwd=project).returncode == 0
        before = tree_hashes(site)
        subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
        result = workbook("build", "--no-pdf", "-d", str(site), cwd=project)
        assert result.returncode == 1 and "Traceback" not in result.stderr
        assert result.stderr.count("\n") == 1 and "Read-only file system" in result.stderr
        assert tree_hashes(site) == before


def test_a_project_folder_that_cannot_be_written_gives_one_line(project):
    if subprocess.run(["chattr", "+i", str(project)], capture_output=True).returncode != 0:
        pytest.skip("needs root and chattr to make a folder unwritable")
    try:
        result = workbook("build", "--no-pdf", cwd=project)
    finally:
        subprocess.run(["chattr", "-i", str(project)], check=True)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1 and "Operation not permitted" in result.stderr
    assert not list(project.glob("site*"))


def test_no_traceback_from_a_missing_config_or_an_unexpected_failure(project, tmp_path):
    result = workbook("build", "-f", "nowhere.yml", cwd=project)
    assert result.returncode == 1 and result.stderr.count("\n") == 1
    assert "nowhere.yml: no such file" in result.stderr
    (project / "mkdocs.yml").write_text("site_name: [unclosed\n")
    result = workbook("build", cwd=project)
    assert result.returncode == 1 and "Traceback" not in result.stderr


# -- serve shows the errors in the browser ---------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.browser
def test_serve_shows_content_errors_in_the_page_and_recovers(browser, tmp_path):
    project = copy_project(tmp_path / "project")
    port = free_port()
    server = subprocess.Popen([EXE, "serve", "-a", f"127.0.0.1:{port}"], cwd=project,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    page = browser.new_page()
    try:
        url = f"http://127.0.0.1:{port}/vi/tips.html"
        for _ in range(120):
            try:
                page.goto(url)
                break
            except Exception:
                time.sleep(0.5)
        real_title = page.inner_text("article h1")
        lesson = project / LESSON
        good = lesson.read_text("utf-8")
        lesson.write_text(re.sub(r"(?m)^minutes: (\d+)", r"minutes: [\1", good, count=1),
                          encoding="utf-8")
        # the livereload script reloads the page by itself
        page.wait_for_function("() => document.querySelector('article h1')?.textContent"
                               "?.includes('Khoá học đang có lỗi')", timeout=60_000)
        assert "content/lessons/tips.yml:" in page.inner_text("article")
        assert page.get_attribute("html", "lang") == "vi"
        lesson.write_text(good, encoding="utf-8")
        page.wait_for_function(f"() => document.querySelector('article h1')?.textContent === "
                               f"{real_title!r}", timeout=60_000)
    finally:
        page.close()
        server.terminate()
        server.wait(timeout=30)
    shutil.rmtree(project / "build", ignore_errors=True)
