"""Chromium loads the pages that carry a hostile corpus's payloads (issue 22): no dialog opens, no
script of the corpus runs, nothing is requested from another host, at load or when the page's
elements are focused."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest

import hostile_corpus as hostile
from conftest import copy_project

from .conftest import goto, next_frames, serve_directory


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Iterator[str]:
    """The site of a corpus with every text payload (see ``hostile_corpus``), served locally."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    project = copy_project(tmp_path_factory.mktemp("hostile") / "project")
    hostile.all_text_payloads(project.root)
    result = project.build(site_url=f"http://127.0.0.1:{port}/")
    assert result.returncode == 0, result.stdout + result.stderr
    with serve_directory(project.root / "site", port) as base_url:
        yield base_url


@pytest.mark.parametrize("path", hostile.PAGES)
def test_payload_page_runs_no_script(page, hostile_site, path):
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    goto(page, hostile_site, path)
    page.wait_for_load_state("networkidle")  # every script of the page has loaded and run
    for _ in range(25):  # focus moves through the page: an onfocus handler would run now
        page.keyboard.press("Tab")
    page.mouse.move(300, 200)
    next_frames(page)
    assert dialogs == []
    assert page.evaluate("document.activeElement.tagName") != "H1"
    # the payloads are on the page, as text
    assert "{: tabindex=0 autofocus onfocus=alert(document.domain) }" in page.locator("body").inner_text()
