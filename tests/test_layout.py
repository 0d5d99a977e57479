"""The package's shape is its data flow: one folder per stage, imports running one way,
and only the site layer knowing MkDocs or Material."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

GENERATOR = Path(__file__).resolve().parent.parent / "generator"

# What each stage may import of the others: course files -> model -> pages -> site.
ALLOWED = {
    "course": set(),
    "files": {"course"},
    "render": {"course"},
    "pdf": {"course", "files", "render"},
    "site": {"course", "files", "render", "pdf"},
    "authoring": {"course", "files", "render"},
}
# The only places that name MkDocs, Material or mkdocs-static-i18n.
SITE_ENGINE = ("mkdocs", "material", "mkdocs_static_i18n")


def stage_imports(path: Path) -> set[str]:
    """The stages (subpackages of generator) a module imports, absolute or relative."""
    stage = path.relative_to(GENERATOR).parts[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level == 0 and node.module and node.module.startswith("generator."):
                found.add(node.module.split(".")[1])
            elif node.level == 1:
                found.add(stage)
            elif node.level == 2 and node.module:
                found.add(node.module.split(".")[0])
            elif node.level == 2:  # from .. import x
                found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(a.name.split(".")[1] for a in node.names
                         if a.name.startswith("generator."))
    return found - {stage}


def modules():
    return sorted(p for p in GENERATOR.rglob("*.py")
                  if len(p.relative_to(GENERATOR).parts) > 1)


def test_every_module_lives_in_a_stage():
    # urls.py: one name kept for mkdocs.yml files written by an earlier `workbook new`
    loose = [p.name for p in GENERATOR.glob("*.py")
             if p.name not in ("__init__.py", "cli.py", "urls.py")]
    assert loose == []
    assert {p.name for p in GENERATOR.iterdir() if p.is_dir() and p.name != "__pycache__"} \
        == set(ALLOWED)


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(GENERATOR)))
def test_imports_run_one_way(path):
    stage = path.relative_to(GENERATOR).parts[0]
    wrong = stage_imports(path) - ALLOWED[stage]
    assert not wrong, f"{path.relative_to(GENERATOR)} imports {sorted(wrong)}"


def test_a_wrong_way_import_is_caught(tmp_path, monkeypatch):
    """The check itself: a render module importing the site layer is found."""
    fake = GENERATOR / "render" / "_probe_wrong_way.py"
    try:
        fake.write_text("from ..site.plugin import WorkbookPlugin\n", encoding="utf-8")
        assert stage_imports(fake) - ALLOWED["render"] == {"site"}
    finally:
        fake.unlink()


def test_only_the_site_layer_knows_the_site_engine():
    knows = []
    for path in sorted(GENERATOR.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) and node.level == 0 \
                else []
            if any(n.split(".")[0] in SITE_ENGINE for n in names):
                knows.append(path.relative_to(GENERATOR).as_posix())
    assert knows and all(p.startswith("site/") for p in knows), knows
