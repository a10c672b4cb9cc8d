"""Shared fixtures: the real project, copies of it to break, and one real build of the site."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

from lectern.corpus import Corpus, load_corpus

ROOT = Path(__file__).resolve().parent.parent
# Tests that ask for these build the site (or a copy of the project): marked ``build``, so that
# ``make test-fast`` (``-m "not browser and not build"``) leaves them out.
BUILD_FIXTURES = frozenset({"site_dir", "project"})
MKDOCS = [sys.executable, "-m", "mkdocs"]
PROJECT_PARTS = ("mkdocs.yml", "docs", "overrides", "corpus", "src")
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1700000000"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if BUILD_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.build)


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    """Every test under tests/browser/ is marked ``browser`` (tests/browser/conftest.py): when the
    ``-m`` expression leaves those out, the folder is not even imported (playwright and all)."""
    if collection_path == ROOT / "tests" / "browser" and leaves_out(config.getoption("markexpr"), "browser"):
        return True
    return None


def leaves_out(markexpr: str, marker: str) -> bool:
    """Whether the ``-m`` expression is a conjunction (no ``or``, no brackets) with ``not MARKER`` in it."""
    if re.search(r"\bor\b|[()]", markexpr):
        return False
    return f"not {marker}" in (" ".join(term.split()) for term in re.split(r"\band\b", markexpr))


@cache
def real_corpus() -> Corpus:
    """The project's own corpus, loaded once for all the modules that read it (it is immutable)."""
    return load_corpus(ROOT / "corpus")


@dataclass
class Project:
    """A copy of the project in a temporary folder, to edit and build."""

    root: Path

    @property
    def sources(self) -> Path:
        return self.root / "corpus" / "sources"

    def build(self, site: Path | None = None, site_url: str = "http://127.0.0.1:8000/") -> subprocess.CompletedProcess:
        site = site or self.root / "site"
        return subprocess.run(
            [*MKDOCS, "build", "--strict", "--site-dir", str(site)],
            cwd=self.root,
            env={**ENV, "SITE_URL": site_url},
            capture_output=True,
            text=True,
        )


def copy_project(dest: Path) -> Project:
    dest.mkdir(parents=True)
    for part in PROJECT_PARTS:
        src = ROOT / part
        if src.is_dir():
            shutil.copytree(src, dest / part, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
        else:
            shutil.copy2(src, dest / part)
    return Project(dest)


@pytest.fixture
def project(tmp_path: Path) -> Project:
    """A fresh copy of the whole project, safe to break."""
    return copy_project(tmp_path / "project")


@pytest.fixture(scope="session")
def site_port() -> int:
    """A free local port; the site is built for it, so Material's instant navigation is on."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def site_url(site_port: int) -> str:
    return f"http://127.0.0.1:{site_port}/"


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory: pytest.TempPathFactory, site_url: str) -> Path:
    """The real site, built once with ``mkdocs build --strict`` for ``site_url``."""
    site = tmp_path_factory.mktemp("site")
    result = Project(ROOT).build(site, site_url)
    assert result.returncode == 0, f"mkdocs build --strict failed:\n{result.stdout}\n{result.stderr}"
    return site


def readme_example(dest: Path) -> Path:
    """The README's minimal plugin site (its ``<!-- example: PATH -->`` blocks), written into ``dest``."""
    import re

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"<!-- example: (\S+) -->\n```\w*\n(.*?)```\n", readme, re.DOTALL)
    assert {path for path, _ in blocks} == {"mkdocs.yml", "docs/index.md"}, blocks
    for path, text in blocks:
        (dest / path).parent.mkdir(parents=True, exist_ok=True)
        (dest / path).write_text(text, encoding="utf-8")
    return dest


def build_site(root: Path, *args: str) -> subprocess.CompletedProcess:
    """``mkdocs build --strict`` in ``root`` with the installed packages (the plugin among them)."""
    return subprocess.run(
        [*MKDOCS, "build", "--strict", *args], cwd=root, env=ENV, capture_output=True, text=True, check=False
    )


@pytest.fixture(scope="session")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The README's minimal site (Material, one Chinese page, ``plugins: [search, lectern]``), built."""
    root = readme_example(tmp_path_factory.mktemp("example"))
    result = build_site(root)
    assert result.returncode == 0, f"{result.stdout}\n{result.stderr}"
    return root / "site"
