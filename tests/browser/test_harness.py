"""Tests of the browser harness itself: it serves files, and its checks really detect problems.

The detection tests drive a monitored context directly (not the ``page`` fixture)
and assert on what the monitor reports, so they pass when detection works.
"""

from __future__ import annotations

import re
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext

from .conftest import PageMonitor, goto, is_local_url, require_chromium, serve_directory


@pytest.fixture
def scratch_site(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """An empty directory served over HTTP: ``(directory, base_url)``."""
    with serve_directory(tmp_path) as base_url:
        yield tmp_path, base_url


@pytest.fixture
def monitored(browser: Browser) -> Iterator[tuple[BrowserContext, PageMonitor]]:
    """A browser context with a :class:`PageMonitor` attached, as the ``page`` fixture builds it."""
    context = browser.new_context()
    monitor = PageMonitor(context)
    yield context, monitor
    context.close()


def _open(monitored, scratch_site, html: str) -> PageMonitor:
    """Write ``html`` as index.html, load it in the monitored context, return the monitor."""
    context, monitor = monitored
    directory, base_url = scratch_site
    (directory / "index.html").write_text(html, encoding="utf-8")
    goto(context.new_page(), base_url, "/")
    return monitor


@pytest.mark.parametrize(
    ("url", "local"),
    [
        ("http://127.0.0.1:8000/a.css", True),
        ("http://localhost/", True),
        ("data:image/png;base64,AAAA", True),
        ("blob:http://127.0.0.1:8000/uuid", True),
        ("https://fonts.googleapis.com/css?family=Noto", False),
        ("http://127.0.0.1.example.com/", False),
        ("//cdn.example.com/x.js", False),
    ],
)
def test_is_local_url(url: str, local: bool) -> None:
    assert is_local_url(url) is local


def test_serve_directory_serves_files(tmp_path: Path) -> None:
    (tmp_path / "hello.txt").write_text("hi", encoding="utf-8")
    with serve_directory(tmp_path) as base_url:
        assert base_url.startswith("http://127.0.0.1:")
        with urllib.request.urlopen(base_url + "hello.txt", timeout=5) as response:
            assert response.read() == b"hi"


def test_missing_chromium_fails_with_install_hint(tmp_path: Path) -> None:
    with pytest.raises(pytest.fail.Exception, match=re.escape("tools/ensure-chromium.sh")):
        require_chromium(tmp_path / "no-such-chromium")


def test_clean_page_reports_nothing(monitored, scratch_site) -> None:
    directory, base_url = scratch_site
    (directory / "app.js").write_text("document.title = 'ok';", encoding="utf-8")
    monitor = _open(monitored, scratch_site, '<!doctype html><script src="app.js"></script>')
    assert base_url + "app.js" in monitor.requests
    assert monitor.problems() == []
    monitor.assert_clean()


def test_external_request_is_detected_and_blocked(monitored, scratch_site) -> None:
    external = "https://cdn.example.com/lib.js"
    monitor = _open(monitored, scratch_site, f'<!doctype html><script src="{external}"></script>')
    assert monitor.external_requests == [external]
    assert f"external request: {external}" in monitor.problems()
    with pytest.raises(pytest.fail.Exception, match=re.escape(external)):
        monitor.assert_clean()


def test_uncaught_page_error_is_detected(monitored, scratch_site) -> None:
    monitor = _open(monitored, scratch_site, "<!doctype html><script>throw new Error('harness-boom')</script>")
    assert any("harness-boom" in error for error in monitor.page_errors)
    # A page error is never waived, even when console errors are allowed.
    with pytest.raises(pytest.fail.Exception, match="harness-boom"):
        monitor.assert_clean(console_errors=False)


def test_console_error_is_detected_and_can_be_waived(monitored, scratch_site) -> None:
    monitor = _open(monitored, scratch_site, "<!doctype html><script>console.error('harness-console')</script>")
    assert any("harness-console" in text for text in monitor.console_errors)
    with pytest.raises(pytest.fail.Exception, match="harness-console"):
        monitor.assert_clean()
    monitor.assert_clean(console_errors=False)


def test_http_error_status_fails_goto(monitored, scratch_site) -> None:
    context, _ = monitored
    _, base_url = scratch_site
    page = context.new_page()
    with pytest.raises(pytest.fail.Exception, match="HTTP 404"):
        goto(page, base_url, "/missing/")
    assert goto(page, base_url, "/missing/", expect_ok=False).status == 404


# The fixtures themselves, against the real built site.


def test_page_fixture_loads_site(page, site_server, goto) -> None:
    response = goto(page, site_server, "/")
    assert response.ok
    assert page.viewport_size == {"width": 1280, "height": 900}


@pytest.mark.allow_console_errors
def test_allow_console_errors_marker_waives_console_check(page, site_server, goto) -> None:
    goto(page, site_server, "/")
    with page.expect_console_message(lambda message: message.type == "error"):
        page.evaluate("console.error('expected by test_harness')")


def test_mobile_page_fixture_is_touch_enabled(mobile_page, site_server, goto) -> None:
    goto(mobile_page, site_server, "/")
    assert mobile_page.viewport_size == {"width": 390, "height": 844}
    assert mobile_page.evaluate("matchMedia('(pointer: coarse)').matches")
    assert mobile_page.evaluate("navigator.maxTouchPoints") > 0
    mobile_page.tap("body")
