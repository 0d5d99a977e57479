"""Build the whole site into a fresh folder and swap it into place only when it is done,
so a build that fails, or is killed, leaves the previous site/ as it was."""

from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, MkDocsException

from ..course.errors import os_error
from ..course.loader import load_course
from ..files.lock import project_lock
from ..files.writer import process_alive
from .outdir import MARKER, check_output_folder, mark


class BuildFailed(Exception):
    """The site could not be built; the message says why in one or a few lines."""


def build_site(config_file: Path, site_dir: Path, pdf: bool = True,
               site_url: str | None = None):
    """Build, then swap in; returns the PDF report (None with ``pdf=False``).

    Refuses (ContentError, nothing touched) an output folder that is not the project's
    own to replace; an operating-system failure becomes a ContentError naming the path,
    with site/ as it was and no staging folder left behind."""
    root = config_file.resolve().parent
    check_output_folder(site_dir, root)  # before anything, leftovers included, is touched
    site_dir = site_dir.resolve()
    with project_lock(root, f"build {site_dir}"):
        _recover_leftovers(site_dir)  # a failed build must not leave an orphan behind
        load_course(root)  # raises ContentErrors with path:line before anything is written
        staging = site_dir.with_name(f"{site_dir.name}.building-{os.getpid()}")
        try:
            shutil.rmtree(staging, ignore_errors=True)
            mark(staging)
            report = _run_mkdocs(config_file, staging, pdf, site_url)
            _swap(staging, site_dir)
        except OSError as exc:
            raise os_error(exc, site_dir) from None
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    return report


def _recover_leftovers(site_dir: Path) -> None:
    """Clear up after builds that were killed (their processes are gone). One killed
    between the two renames of _swap leaves no site/ but a complete site.old-PID: that is
    the last good site, so it is put back rather than removed. Only folders a build
    marked as its own are touched."""
    for kind in ("old", "building"):
        for folder in sorted(site_dir.parent.glob(f"{site_dir.name}.{kind}-*")):
            pid = folder.name.rsplit("-", 1)[-1]
            if not pid.isdigit() or process_alive(int(pid)) or not (folder / MARKER).is_file():
                continue
            if kind == "old" and not site_dir.exists():
                folder.rename(site_dir)
            else:
                shutil.rmtree(folder, ignore_errors=True)




def _run_mkdocs(config_file: Path, out: Path, pdf: bool, site_url: str | None):
    try:
        overrides = {"site_url": site_url} if site_url is not None else {}
        config = load_config(config_file=str(config_file), site_dir=str(out), **overrides)
        plugin = config.plugins.get("workbook")
        if plugin is None:
            raise BuildFailed(f"{config_file}: the 'workbook' plugin is not in plugins:")
        plugin.config.pdf = pdf
        config.plugins.on_startup(command="build", dirty=False)
        try:
            mkdocs_build(config)
        finally:
            config.plugins.on_shutdown()
        return plugin.report
    except (MkDocsException, Abort) as exc:
        raise BuildFailed(str(exc).strip() or type(exc).__name__) from None


def _swap(new: Path, current: Path) -> None:
    """Two renames on one file system. Between them site/ is briefly absent; a build
    killed in that instant leaves site.old-PID, which the next build puts back."""
    old = current.with_name(f"{current.name}.old-{os.getpid()}")
    if current.exists():
        current.rename(old)
    new.rename(current)
    shutil.rmtree(old, ignore_errors=True)


def _not_an_os_error(record: logging.LogRecord) -> bool:
    """MkDocs logs an OSError while building a page, then raises it: `workbook` reports
    it in one line of its own (path and reason), so MkDocs' copy is left out."""
    return not (record.getMessage().startswith("Error building page") and
                "[Errno" in record.getMessage())


def serve_site(config_file: Path, dev_addr: str) -> None:
    """The preview: MkDocs' own server, which rebuilds through the plugin on each change."""
    from mkdocs.commands.serve import serve

    quiet_mkdocs(verbose=True)
    serve(config_file=str(config_file), dev_addr=dev_addr, livereload=True)


def quiet_mkdocs(verbose: bool) -> None:
    """MkDocs logs through 'mkdocs'; show its warnings (or all of it with --verbose)."""
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    handler.addFilter(_not_an_os_error)
    logger = logging.getLogger("mkdocs")
    logger.handlers[:] = [handler]
    logger.setLevel(logging.INFO if verbose else logging.WARNING)
    logger.propagate = False
