"""Commands given hostile values, odd files and sudden kills: no value becomes a git
option, no device or folder is written over, no text is cut, no link leads a read or a
write out of the project, and a killed build or import leaves nothing half done."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import stat
import subprocess
import sys
import time
import uuid
from pathlib import Path

import polib
import pytest
from conftest import copy_project

GIT = {"GIT_AUTHOR_NAME": "Tester", "GIT_AUTHOR_EMAIL": "tester@localhost",
       "GIT_COMMITTER_NAME": "Tester", "GIT_COMMITTER_EMAIL": "tester@localhost"}
EXE = str(Path(sys.executable).with_name("workbook"))
TITLE = "content/lessons/tips.yml:title"
TAKEAWAY = "content/lessons/step-1-goals.yml:takeaways[0]"


def run(cwd: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([EXE, *args], cwd=cwd, capture_output=True, text=True,
                          env={**os.environ, **GIT, **(env or {})}, timeout=600)


def digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def one_line(result: subprocess.CompletedProcess) -> str:
    assert result.returncode == 1, result.stdout + result.stderr
    assert result.stderr.count("\n") == 1, result.stderr
    assert "unexpected" not in result.stderr and "Traceback" not in result.stderr
    return result.stderr


# -- deploy: no value becomes a git option -----------------------------------------------

@pytest.fixture(scope="module")
def deployable(tmp_path_factory) -> Path:
    """A built project in a git repository whose `origin` is a bare repository, pushing
    matching branches (so a bare `git push OPTION origin` connects, as it would for many)."""
    base = tmp_path_factory.mktemp("deploy")
    project = copy_project(base / "project")
    subprocess.run(["git", "init", "-q", str(project)], check=True)
    subprocess.run(["git", "init", "-q", "--bare", str(base / "origin.git")], check=True)
    subprocess.run(["git", "-C", str(project), "remote", "add", "origin",
                    str(base / "origin.git")], check=True)
    subprocess.run(["git", "-C", str(project), "config", "push.default", "matching"],
                   check=True)
    assert run(project, "build", "--no-pdf").returncode == 0
    return project


@pytest.mark.parametrize("option", ["--receive-pack", "--exec"])
def test_a_remote_that_is_a_git_option_runs_nothing(deployable, option):
    pwned = deployable.parent / f"pwned{option}"
    result = run(deployable, "deploy", f"--remote={option}=touch {pwned}",
                 "--branch", "origin")
    assert not pwned.exists()
    assert "begin with '-'" in one_line(result)


@pytest.mark.parametrize("branch", ["bad..name", "a b", "-x", "--force", "x.lock", "a:b"])
def test_a_bad_branch_is_one_line_and_leaves_no_crash_report(deployable, branch):
    result = run(deployable, "deploy", "--remote", "origin", f"--branch={branch}")
    assert "not a branch name git accepts" in one_line(result)
    assert not list((deployable / ".git").glob("fast_import_crash_*"))
    listed = subprocess.run(["git", "-C", str(deployable), "branch", "--list"],
                            capture_output=True, text=True, check=True).stdout
    assert branch not in listed


def test_deploy_to_a_folder_that_is_not_a_repository_is_one_line(deployable, tmp_path):
    plain = tmp_path / "plain"
    plain.mkdir()
    result = run(deployable, "deploy", "--remote", str(plain))
    assert "not a git repository" in one_line(result)
    assert list(plain.iterdir()) == []


# -- export writes only to a regular file or a new path ----------------------------------

def test_export_refuses_a_fifo_and_a_folder(project, tmp_path):
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    result = run(project, "translations", "export", "vi", "-o", str(fifo))
    assert "not a regular file" in one_line(result)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "keep.txt").write_text("kept")
    result = run(project, "translations", "export", "vi", "-o", str(folder))
    assert "a folder" in one_line(result)
    assert folder.is_dir() and (folder / "keep.txt").read_text() == "kept"


def test_export_writes_through_a_link_and_keeps_it(project, tmp_path):
    """Chosen: a link is written through, as a shell's `>` would; the link stays."""
    target = tmp_path / "outside" / "vi.po"
    target.parent.mkdir()
    target.write_text("old")
    link = tmp_path / "link.po"
    link.symlink_to(target)
    result = run(project, "translations", "export", "vi", "-o", str(link))
    assert result.returncode == 0, result.stderr
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert polib.pofile(str(target)).metadata["Language"] == "vi"


# -- PO import keeps a text with a YAML line break whole --------------------------------

@pytest.mark.parametrize("char", ["\u2028", "\u2029", "\x85"])
def test_a_line_separator_in_a_translation_comes_through_whole(project, tmp_path, char):
    out = tmp_path / "vi.po"
    assert run(project, "translations", "export", "vi", "-o", str(out)).returncode == 0
    po = polib.pofile(str(out))
    entry = next(e for e in po if e.msgctxt == TITLE)
    wanted = f"Bí quyết{char}kết nối hiệu quả"
    entry.msgstr = wanted
    po.save(str(out))
    result = run(project, "translations", "import", str(out))
    assert result.returncode == 0, result.stderr
    assert "1 translation(s) written" in result.stdout
    assert run(project, "check").returncode == 0
    again = tmp_path / "again.po"
    assert run(project, "translations", "export", "vi", "-o", str(again)).returncode == 0
    assert next(e for e in polib.pofile(str(again)) if e.msgctxt == TITLE).msgstr == wanted


# -- a linked folder does not lead reads or writes out of the project -------------------

def test_a_lessons_folder_linked_outside_is_refused_and_left_untouched(project, tmp_path):
    out = tmp_path / "vi.po"
    assert run(project, "translations", "export", "vi", "-o", str(out)).returncode == 0
    po = polib.pofile(str(out))
    next(e for e in po if e.msgctxt == TITLE).msgstr = "Một tiêu đề mới"
    po.save(str(out))
    outside = tmp_path / "outside"
    shutil.move(project / "content" / "lessons", outside)
    (project / "content" / "lessons").symlink_to(outside, target_is_directory=True)
    before = digest(outside)
    result = run(project, "check")
    assert result.returncode == 1
    assert "content/lessons/tips.yml:1: resolves outside the project" in result.stderr
    result = run(project, "translations", "import", str(out))
    assert result.returncode == 1 and "resolves outside the project" in result.stderr
    assert "Traceback" not in result.stderr
    assert digest(outside) == before


# -- a killed import: all of its files or none ------------------------------------------

KILLER = """
import os, pathlib, signal, sys
from generator.cli import main
at, seen, real_replace, real_write = sys.argv[1], [0], os.replace, pathlib.Path.write_text

def replace(src, dst, *args, **kwargs):
    real_replace(src, dst, *args, **kwargs)
    if at == "rename" and str(dst).endswith(".yml"):  # right after the first file is in
        os.kill(os.getpid(), signal.SIGKILL)

def write_text(self, *args, **kwargs):
    if at == "write" and ".yml." in self.name and self.name.endswith(".tmp"):
        seen[0] += 1
        if seen[0] == 2:  # while writing the second file
            os.kill(os.getpid(), signal.SIGKILL)
    return real_write(self, *args, **kwargs)

os.replace, pathlib.Path.write_text = replace, write_text
sys.exit(main(["translations", "import", sys.argv[2]]))
"""


def leftovers(project: Path) -> list[str]:
    return sorted(p.relative_to(project).as_posix() for folder in ("content", "translations")
                  for p in (project / folder).rglob("*") if p.name.endswith(".tmp"))


@pytest.mark.parametrize("at", ["write", "rename"])
def test_an_import_killed_midway_is_all_or_nothing_by_the_next_command(project, tmp_path, at):
    out = tmp_path / "vi.po"
    assert run(project, "translations", "export", "vi", "-o", str(out)).returncode == 0
    po = polib.pofile(str(out))
    new = {TITLE: "Một tiêu đề mới", TAKEAWAY: "Một điều rút ra mới"}
    for entry in po:
        entry.msgstr = new.get(entry.msgctxt, entry.msgstr)
    po.save(str(out))
    files = {context.split(":")[0] for context in new}
    before = {file: (project / file).read_text("utf-8") for file in files}
    killed = subprocess.run([sys.executable, "-c", KILLER, at, str(out)], cwd=project,
                            capture_output=True, text=True, timeout=300)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert run(project, "check").returncode == 0  # the next command, whichever it is
    changed = {file for file in files if (project / file).read_text("utf-8") != before[file]}
    assert changed in (set(), files), changed
    assert leftovers(project) == [] and not list((project / "build").glob("import-*"))
    if changed:  # finished: the memory learnt the new texts too
        memory = polib.pofile(str(project / "translations" / "vi.po"))
        assert {e.msgctxt: e.msgstr for e in memory if e.msgctxt in new} == new
    result = run(project, "translations", "import", str(out))
    assert result.returncode == 0, result.stderr
    assert all(text in (project / context.split(":")[0]).read_text("utf-8")
               for context, text in new.items())


# -- a build killed while PDFs render leaves no scratch folder for good -----------------

def private_cache(target: Path) -> Path:
    """The shared cache's fonts and PDFs, linked: only what the test changes renders."""
    shared = Path(os.environ["WORKBOOK_CACHE_DIR"])
    (target / "pdf").mkdir(parents=True)
    for path in [*shared.glob("*.ttf"), *shared.glob("*.woff2"), *shared.glob("pdf/*.pdf")]:
        os.link(path, target / path.relative_to(shared))
    return target


def scratch_folders(*folders: Path) -> list[Path]:
    return [p for folder in folders if folder.is_dir()
            for p in folder.rglob("workbook-pdf-*") if p.is_dir()]


def test_a_build_killed_mid_pdf_leaves_no_scratch_after_the_next_run(tmp_path):
    project = copy_project(tmp_path / "project")
    sheet = project / "worksheets" / "action-plan.yml"
    text = sheet.read_text("utf-8")
    line = next(line for line in text.split("\n") if line.startswith("  vi: Mỗi khoảng trống"))
    sheet.write_text(text.replace(line, f"{line} {uuid.uuid4().hex}"), "utf-8")  # must render
    temp, cache = tmp_path / "tmp", private_cache(tmp_path / "cache")
    temp.mkdir()
    env = {**os.environ, "TMPDIR": str(temp), "WORKBOOK_CACHE_DIR": str(cache)}
    build = subprocess.Popen([EXE, "build"], cwd=project, env=env, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 300
    while not scratch_folders(temp, cache) and build.poll() is None:
        assert time.monotonic() < deadline, "no PDF was being rendered"
        time.sleep(0.05)
    assert build.poll() is None, "the build ended before a PDF was being rendered"
    build.send_signal(signal.SIGKILL)
    build.wait()
    assert scratch_folders(temp, cache)  # left by the killed build's workers
    time.sleep(1)  # its workers end with it
    result = subprocess.run([EXE, "build"], cwd=project, env=env, capture_output=True,
                            text=True, timeout=900)
    assert result.returncode == 0, result.stderr
    assert scratch_folders(temp, cache) == []
