"""Project hygiene: every pinned dependency has its licence recorded, and the set-up is pinned."""

import re

import pytest

from conftest import ROOT, leaves_out


def pinned(lock: str) -> list[str]:
    lines = (ROOT / lock).read_text().splitlines()
    return [re.split(r"==", line)[0] for line in lines if "==" in line]


def test_every_dependency_has_its_licence_recorded():
    credits = (ROOT / "docs" / "about.md").read_text(encoding="utf-8").lower()
    names = pinned("requirements.lock") + pinned("requirements-dev.lock")
    assert len(names) > 30
    missing = [n for n in names if n.lower() not in credits]
    assert missing == [], "add these packages and their licences to docs/about.md"


def test_stack_is_pinned_exactly():
    runtime = dict(line.split("==") for line in (ROOT / "requirements.lock").read_text().splitlines() if "==" in line)
    assert runtime["mkdocs"] == "1.6.1"
    assert runtime["mkdocs-material"] == "9.8.1"
    assert runtime["pymdown-extensions"] == "13.1"


def test_every_asset_is_in_one_bundle_and_popups_come_after_the_popover():
    from lectern.publish import BUNDLES

    assets = ROOT / "src" / "lectern" / "assets"
    for name, parts in BUNDLES.items():
        assert parts[0] == name and len(set(parts)) == len(parts)
    for suffix in ("js", "css"):
        parts = [p for name, ps in BUNDLES.items() if name.endswith(f".{suffix}") for p in ps]
        assert sorted(parts) == sorted(p.name for p in assets.glob(f"*.{suffix}")), "add the new file to BUNDLES"
    script = BUNDLES["lectern.js"]
    assert script.index("popover.js") < script.index("popups.js")


def test_bundles_leave_out_comment_lines_and_still_parse(tmp_path):
    import shutil
    import subprocess

    from lectern.publish import BUNDLES, bundle

    script, style = bundle("lectern.js"), bundle("lectern.css")
    for text in map(bundle, BUNDLES):
        assert not [line for line in text.splitlines() if line.lstrip().startswith(("/*", "//"))]
    assert "lectern.onPage" in script and ".lx-par-panel" in style  # the code itself is all there
    source = (ROOT / "src" / "lectern" / "assets" / "parallels.js").read_text(encoding="utf-8")
    assert "/* lectern: parallel passages." in source and "/* lectern: parallel passages." not in script
    node = shutil.which("node")
    if node:  # each bundled script is still valid JavaScript
        for name in (n for n in BUNDLES if n.endswith(".js")):
            (tmp_path / name).write_text(bundle(name), encoding="utf-8")
            subprocess.run([node, "--check", str(tmp_path / name)], check=True)


def test_workflow_actions_are_pinned_by_commit_with_the_tag_noted():
    uses = [
        line.split("uses:", 1)[1].strip()
        for path in sorted((ROOT / ".github" / "workflows").glob("*.yml"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if "uses:" in line
    ]
    assert len(uses) >= 8
    bad = [u for u in uses if not re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}  # v\d+(\.\d+)*", u)]
    assert bad == []


def test_pages_caches_pip_and_the_readers_cache_keyed_on_locks_and_corpus():
    import yaml

    steps = yaml.safe_load((ROOT / ".github" / "workflows" / "pages.yml").read_text(encoding="utf-8"))["jobs"]["build"][
        "steps"
    ]
    python = next(s for s in steps if s.get("uses", "").startswith("actions/setup-python@"))
    assert python["with"]["cache"] == "pip" and "requirements.lock" in python["with"]["cache-dependency-path"]
    cache = next(s for s in steps if s.get("uses", "").startswith("actions/cache@"))
    assert cache["with"]["path"] == ".cache/lectern"
    assert "requirements.lock" in cache["with"]["key"] and "corpus/**" in cache["with"]["key"]


MODULE_LINES = 600  # issue 21: a module longer than this holds more than one concern


@pytest.mark.parametrize("path", sorted((ROOT / "src" / "lectern").rglob("*.py")), ids=lambda p: p.name)
def test_no_module_is_longer_than_the_limit(path):
    assert len(path.read_text(encoding="utf-8").splitlines()) <= MODULE_LINES, f"split {path.name}"


def test_no_module_uses_another_modules_private_names():
    """``from .x import _name`` and ``module._name`` across modules: what other modules use is public."""
    import ast

    offences = []
    modules = {p.stem for p in (ROOT / "src" / "lectern").rglob("*.py")} | {"lectern"}
    for path in sorted((ROOT / "src" / "lectern").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                offences += [
                    f"{path.name}: from {node.module} import {a.name}"
                    for a in node.names
                    if a.name.startswith("_") and not a.name.startswith("__")
                ]
            elif (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id in modules
                and node.attr.startswith("_")
                and not node.attr.startswith("__")
            ):
                offences.append(f"{path.name}: {node.value.id}.{node.attr}")
    assert offences == []


def test_the_browser_folder_is_skipped_only_when_the_marks_leave_every_browser_test_out():
    assert leaves_out("not browser and not build", "browser")  # make test-fast
    assert leaves_out("not build and not  browser", "browser")
    assert not leaves_out("", "browser")
    assert not leaves_out("not build", "browser")
    assert not leaves_out("not browser or build", "browser")
    assert not leaves_out("not (browser and build)", "browser")
    assert not leaves_out("not not browser", "browser")
    assert not leaves_out("not browsers", "browser")
