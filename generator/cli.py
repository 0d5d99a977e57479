"""The ``workbook`` command: check, build and serve. Each command is a few lines that
call the library; bad content is reported as ``path:line: message`` and exit 1."""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import time
import traceback
from pathlib import Path

from .course.errors import ContentError, ContentErrors, os_error


def _check(args: argparse.Namespace) -> int:
    from .course.loader import load_course

    root = Path(args.root)
    if not (root / "content" / "course.yml").is_file():
        raise ContentError(str(root.resolve()), 0, "not a course: it has no content/course.yml "
                                         "(start one with `workbook new DIR --languages en`)")
    course = load_course(root)
    print(f"ok: {len(course.lessons)} lessons, {len(course.worksheets)} worksheets, "
          f"languages {', '.join(course.language_codes)}")
    return 0


def _schemas(args: argparse.Namespace) -> int:
    from .course import schema
    from .course.loader import language_codes

    root = Path(args.root)
    changed = schema.write(root, language_codes(root))
    print(f"{len(changed)} schema(s) written to {root / schema.FOLDER}" if changed
          else f"{root / schema.FOLDER}: up to date")
    return 0


def _translations(args: argparse.Namespace) -> int:
    from .authoring import translations

    root = Path(args.root)
    if args.action == "export":
        out, counts = translations.export(root, args.lang, Path(args.output) if args.output
                                          else None)
        print(f"wrote {out}: {counts['translated']} translated, {counts['missing']} missing, "
              f"{counts['fuzzy']} fuzzy")
        return 0
    if args.action == "import":
        done = translations.import_file(root, Path(args.file))
        print(f"{done.lang}: {done.written} translation(s) written to {done.files} file(s)")
        if done.fuzzy:
            print(f"{done.fuzzy} fuzzy entr(ies) left out: clear the mark once checked")
        if done.stale:
            print(f"{done.stale} entr(ies) left out: their source text has changed since "
                  "this file was exported; export again")
        return 0
    table = translations.status(root)
    print(f"{'language':10}{'translated':>12}{'missing':>10}{'fuzzy':>8}")
    for lang, counts in table.items():
        print(f"{lang:10}{counts['translated']:>12}{counts['missing']:>10}{counts['fuzzy']:>8}")
    incomplete = [lang for lang, counts in table.items() if counts["missing"] or counts["fuzzy"]]
    if incomplete:
        print(f"incomplete: {', '.join(incomplete)}", file=sys.stderr)
    return 1 if incomplete else 0


def _new(args: argparse.Namespace) -> int:
    from .authoring.newcourse import create, fill_hint, language_warnings, parse_languages

    target = Path(args.folder)
    codes = parse_languages(args.languages)
    for warning in language_warnings(codes):  # a warning: the course is still made
        print(f"workbook new: warning: {warning}", file=sys.stderr)
    made = create(target, codes)
    print(f"new course in {target}: read {target / 'README.md'} for what to edit next, then "
          f"`workbook check` and `workbook build` there")
    if made.missing:
        print(f"workbook new: {fill_hint(made.missing, codes[0])}")
    return 0


def _build(args: argparse.Namespace) -> int:
    from .site.build import BuildFailed, build_site, quiet_mkdocs

    quiet_mkdocs(args.verbose)
    config = Path(args.config)
    site = Path(args.site_dir) if args.site_dir else config.resolve().parent / "site"
    if not config.is_file():
        raise ContentError(str(config), 0, "no such file (run in the project folder, or use -f)")
    if args.site_url is not None:
        from .render.urls import public_address

        public_address(args.site_url, "--site-url")  # refused before anything is built
    started = time.perf_counter()
    try:
        report = build_site(config, site, pdf=not args.no_pdf, site_url=args.site_url)
    except BuildFailed as exc:
        print(f"workbook build: failed, {site} left as it was:\n{exc}", file=sys.stderr)
        return 1
    if report:
        print(f"PDFs: {report.rendered} rendered, {report.cached} unchanged")
    print(f"built {site} in {time.perf_counter() - started:.1f} s")
    return 0


# What `git check-ref-format --branch` refuses anywhere in a name: control characters,
# space, ~ ^ : ? * [ \, "..", "@{" and an empty part ("//").
REF_FORBIDDEN = re.compile(r"[\x00-\x20\x7f~^:?*\[\\]|\.\.|@\{|//")


def _branch_problem(name: str) -> str | None:
    """Why git would not take ``name`` as a branch (the rules of `git check-ref-format
    --branch`), or None. Checked here, so that a name never reaches git as an option."""
    if not name:
        return "it is empty"
    if name.startswith("-"):
        return "it begins with '-'"
    if name in ("HEAD", "@"):
        return "git reserves it"
    if bad := REF_FORBIDDEN.search(name):
        return f"it holds {bad.group()!r}"
    if name.startswith("/") or name.endswith(("/", ".")):
        return "it begins with '/' or ends with '/' or '.'"
    if any(part.startswith(".") or part.endswith(".lock") for part in name.split("/")):
        return "a part of it begins with '.' or ends with '.lock'"
    return None


def _git(*args: str) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(["git", *args], capture_output=True, text=True)
    except OSError as exc:
        raise ContentError("git", 0, f"cannot run git: {exc.strerror}") from None


def _git_said(result: subprocess.CompletedProcess) -> str:
    """git's first 'fatal:' or 'error:' line, as the reason of one line."""
    lines = [line.strip() for line in result.stderr.splitlines() if line.strip()]
    said = [line for line in lines if line.startswith(("fatal:", "error:"))] or lines
    return said[0].split(":", 1)[-1].strip() if said else f"git exited with {result.returncode}"


def _deploy_checks(remote: str, branch: str) -> None:
    """Every value and both repositories, before anything is committed or pushed."""
    if not remote or remote.startswith("-"):
        raise ContentError(f"--remote {remote!r}", 0, "a remote's name, URL or path cannot "
                                                     "be empty or begin with '-'")
    if problem := _branch_problem(branch):
        raise ContentError(f"--branch {branch!r}", 0, f"not a branch name git accepts: "
                                                     f"{problem}")
    # ghp-import commits into the repository of the current folder
    if _git("rev-parse", "--git-dir").returncode != 0:
        raise ContentError(str(Path.cwd()), 0, "not a git repository: deploy commits the "
                                               "site to a branch of this folder's "
                                               "repository (run `git init` first)")
    listed = _git("ls-remote", "--heads", "--", remote)
    if listed.returncode != 0:
        raise ContentError(f"--remote {remote!r}", 0, f"not a git repository or remote: "
                                                     f"{_git_said(listed)}")


def _deploy(args: argparse.Namespace) -> int:
    """Publish the built site to a branch of a git remote, as `mkdocs gh-deploy` does
    (with ghp-import, which MkDocs itself uses), after the same checks a reader needs.
    ghp-import commits; the push is ours, with the values after `--`."""
    from ghp_import import GhpError, ghp_import

    from .files.lock import project_lock
    from .site.outdir import MARKER, built_address

    root = Path(args.config).resolve().parent
    site = Path(args.site_dir) if args.site_dir else root / "site"
    if not (site / MARKER).is_file():
        raise ContentError(str(site), 0, "no site built here: run `workbook build` first")
    address = built_address(site)
    if address is None:
        raise ContentError(str(site), 0, "built without a public address, so its QR codes "
                                         "and links lead nowhere: build again with "
                                         "--site-url URL (or site_url in mkdocs.yml)")
    remote, branch = args.remote, args.branch
    _deploy_checks(remote, branch)
    with project_lock(root, f"deploy {site}"):
        try:
            ghp_import(str(site), remote=remote, branch=branch, push=False,
                       nojekyll=True, mesg=f"Publish {address}")
        # ghp-import reports a failed commit by writing bytes to sys.stdout: a TypeError
        except (GhpError, OSError, subprocess.SubprocessError, TypeError) as exc:
            message = " ".join(str(getattr(exc, "message", exc)).split()) or "git failed"
            raise ContentError(remote, 0, f"could not commit the site: {message}") from None
        ref = f"refs/heads/{branch}"
        pushed = _git("push", "--force", "--", remote, f"{ref}:{ref}")
        if pushed.returncode != 0:
            raise ContentError(remote, 0, f"could not publish: {_git_said(pushed)}")
    print(f"published {site} ({address}) to branch {branch} of {remote}")
    return 0


def _serve(args: argparse.Namespace) -> int:
    from .course.loader import load_course
    from .site.build import serve_site

    load_course(Path(args.config).resolve().parent)  # a course with errors does not start
    serve_site(Path(args.config), args.dev_addr)
    return 0


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(
        prog="workbook",
        description="Build a course site, its workbook and its PDFs from YAML lessons.")
    main.add_argument("--traceback", action="store_true",
                      help="show Python's traceback of an unexpected failure")
    commands = main.add_subparsers(dest="command", required=True, metavar="COMMAND")
    check = commands.add_parser("check", help="validate every YAML file",
                                description="Validate content/ and worksheets/; "
                                            "print each problem as path:line: message.")
    check.add_argument("--root", default=".", help="project folder (default: .)")
    check.set_defaults(run=_check)
    new = commands.add_parser("new", help="start a new course in a new folder",
                              description="Write a small working course (one lesson, one "
                                          "worksheet, one plan) to start from.")
    new.add_argument("folder", metavar="DIR", help="a folder that does not exist, or is empty")
    new.add_argument("--languages", default="en", metavar="CODES",
                     help="comma-separated language codes, the default first (default: en)")
    new.set_defaults(run=_new)
    schemas = commands.add_parser("schemas", help="write the JSON Schemas editors check with",
                                  description="Write schemas/*.schema.json for this course's "
                                              "languages; editors with the YAML language "
                                              "server use them to complete and check files.")
    schemas.add_argument("--root", default=".", help="project folder (default: .)")
    schemas.set_defaults(run=_schemas)
    tr = commands.add_parser("translations", help="PO files for translators",
                             description="Export a language as a gettext PO file, import a "
                                         "translated one back into the YAML, or count what "
                                         "is translated.")
    tr.add_argument("--root", default=".", help="project folder (default: .)")
    actions = tr.add_subparsers(dest="action", required=True, metavar="ACTION")
    ex = actions.add_parser("export", help="write LANG's PO file",
                            description="Write a PO file of every text, with LANG's "
                                        "translation where there is one.")
    ex.add_argument("lang", metavar="LANG", help="a language code of the course, e.g. vi")
    ex.add_argument("-o", "--output", metavar="FILE",
                    help="where to write it (default: translations/LANG.po)")
    im = actions.add_parser("import", help="write a PO file's translations into the YAML",
                            description="Write the translations of a PO file into the YAML "
                                        "files; fuzzy entries are left out. A bad file "
                                        "changes nothing.")
    im.add_argument("file", metavar="FILE")
    actions.add_parser("status", help="count translated, missing and fuzzy texts",
                       description="Per language: texts translated, missing and fuzzy; exit "
                                   "1 if any language is incomplete.")
    tr.set_defaults(run=_translations)
    build = commands.add_parser("build", help="check, generate and build the site",
                                description="Check, generate and build the whole site. "
                                            "A failed build leaves the previous site as it was.")
    build.add_argument("-f", "--config", default="mkdocs.yml", help="MkDocs config file")
    build.add_argument("-d", "--site-dir", help="output folder (default: site/ beside it)")
    build.add_argument("-v", "--verbose", action="store_true", help="show MkDocs' own log")
    build.add_argument("--no-pdf", action="store_true",
                       help="skip the worksheet PDFs, for a quick preview")
    build.add_argument("--site-url", help="the public address the site is published at "
                                          "(QR codes, sitemaps, links); overrides mkdocs.yml")
    build.set_defaults(run=_build)
    deploy = commands.add_parser("deploy", help="publish the built site to a git branch",
                                 description="Publish the built site to a branch of a git "
                                             "remote (GitHub Pages reads gh-pages). Needs a "
                                             "site built with a public address.")
    deploy.add_argument("-f", "--config", default="mkdocs.yml", help="MkDocs config file")
    deploy.add_argument("-d", "--site-dir", help="the built site (default: site/ beside it)")
    deploy.add_argument("--remote", default="origin",
                        help="a git remote's name, or a repository's URL or path "
                             "(default: origin)")
    deploy.add_argument("--branch", default="gh-pages", help="the branch (default: gh-pages)")
    deploy.set_defaults(run=_deploy)
    serve = commands.add_parser("serve", help="preview with live reload",
                                description="Preview the site; editing a YAML file in "
                                            "content/ or worksheets/ rebuilds and reloads it.")
    serve.add_argument("-f", "--config", default="mkdocs.yml", help="MkDocs config file")
    serve.add_argument("-a", "--dev-addr", default="127.0.0.1:8000", help="IP:PORT to serve on")
    serve.set_defaults(run=_serve)
    return main


def _recover(args: argparse.Namespace) -> None:
    """Finish an import that was killed midway before any command reads the course."""
    from .files.writer import recover

    if getattr(args, "root", None) is not None:
        recover(Path(args.root))
    elif getattr(args, "config", None) is not None:
        recover(Path(args.config).resolve().parent)


def main(argv: list[str] | None = None) -> int:
    """Every failure is one line (or one per content problem) and exit 1: no traceback
    reaches the user unless they ask for it with --traceback or --verbose."""
    args = parser().parse_args(argv)
    name = f"workbook {args.command}"
    try:
        _recover(args)
        return args.run(args)
    except ContentErrors as exc:
        print(exc, file=sys.stderr)
        print(f"{len(exc.errors)} problem(s) found", file=sys.stderr)
    except ContentError as exc:
        print(f"{name}: {exc}", file=sys.stderr)
    except OSError as exc:  # a full disk, a read-only folder, a file removed under us
        print(f"{name}: {os_error(exc)}", file=sys.stderr)
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a bug of ours: still one line, the details on request
        if args.traceback or getattr(args, "verbose", False):
            traceback.print_exc()
        print(f"{name}: unexpected {type(exc).__name__}: {exc} "
              "(run again with --traceback for the details)", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
