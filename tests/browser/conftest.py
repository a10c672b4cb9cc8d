"""Browser-test harness: a local HTTP server for the built site and Playwright pages.

Every page handed to a test is monitored: at teardown the test errors if the page
requested anything outside 127.0.0.1/localhost, raised an uncaught JavaScript
error, or logged a console error (the latter can be waived with
``@pytest.mark.allow_console_errors``). External requests are also aborted, so
a stray CDN link fails fast instead of hanging on the offline network.

The ``site_dir`` fixture (path to a built static site) comes from tests/conftest.py.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar
from urllib.parse import urljoin, urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Locator, Page, Response, sync_playwright

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-quic",
    "--no-first-run",
    "--disable-sync",
]
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost"})
DESKTOP_CONTEXT = {"viewport": {"width": 1280, "height": 900}}
MOBILE_CONTEXT = {
    "viewport": {"width": 390, "height": 844},
    "has_touch": True,
    "is_mobile": True,
}


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "allow_console_errors: do not fail the test on console messages of type 'error'",
    )


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test in this folder drives chromium: mark it ``browser``."""
    here = Path(__file__).parent
    for item in items:
        if item.path.is_relative_to(here):
            item.add_marker(pytest.mark.browser)


# --------------------------------------------------------------------------- server


class _QuietHandler(SimpleHTTPRequestHandler):
    extensions_map: ClassVar[dict[str, str]] = {
        **SimpleHTTPRequestHandler.extensions_map,
        ".mjs": "text/javascript",
        ".woff2": "font/woff2",
    }

    def log_message(self, format: str, *args: object) -> None:
        pass


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        # The browser routinely drops connections (cancelled loads, page close).
        pass


@contextmanager
def serve_directory(directory: Path | str, port: int = 0) -> Iterator[str]:
    """Serve ``directory`` on 127.0.0.1 (``port``, or a free one) in a background thread; yield its base URL."""
    server = _QuietServer(("127.0.0.1", port), partial(_QuietHandler, directory=str(directory)))
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


# --------------------------------------------------------------------------- monitoring


def is_local_url(url: str) -> bool:
    """True if fetching ``url`` stays on this machine (127.0.0.1/localhost, data:, blob:, ...)."""
    host = urlsplit(url).hostname
    return host is None or host in LOCAL_HOSTS


class PageMonitor:
    """Records requests, uncaught page errors and console errors of a browser context.

    Requests to non-local hosts are recorded and then aborted.
    """

    def __init__(self, context: BrowserContext) -> None:
        self.requests: list[str] = []
        self.page_errors: list[str] = []
        self.console_errors: list[str] = []
        context.on("request", lambda request: self.requests.append(request.url))
        context.on("weberror", lambda web_error: self.page_errors.append(str(web_error.error)))
        context.on("console", self._on_console)
        context.route(lambda url: not is_local_url(url), lambda route: route.abort("blockedbyclient"))

    def _on_console(self, message) -> None:
        if message.type == "error":
            where = message.location.get("url", "")
            self.console_errors.append(f"{message.text} ({where})" if where else message.text)

    @property
    def external_requests(self) -> list[str]:
        return [url for url in self.requests if not is_local_url(url)]

    def problems(self, *, console_errors: bool = True) -> list[str]:
        """Human-readable list of everything that should fail a test."""
        found = [f"external request: {url}" for url in self.external_requests]
        found += [f"uncaught page error: {error}" for error in self.page_errors]
        if console_errors:
            found += [f"console error: {text}" for text in self.console_errors]
        return found

    def assert_clean(self, *, console_errors: bool = True) -> None:
        """Fail the current test if :meth:`problems` reports anything."""
        problems = self.problems(console_errors=console_errors)
        if problems:
            pytest.fail("browser page problems:\n  " + "\n  ".join(problems), pytrace=False)


# --------------------------------------------------------------------------- helpers


def require_chromium(path: Path = CHROMIUM) -> None:
    """Fail (never skip) with install instructions if the chromium binary is missing."""
    if not path.exists():
        pytest.fail(
            f"{path} not found; browser tests need Debian's chromium. Run tools/ensure-chromium.sh to install it.",
            pytrace=False,
        )


def goto(page: Page, base_url: str, path: str = "/", *, expect_ok: bool = True) -> Response | None:
    """Navigate ``page`` to ``path`` under ``base_url`` and wait for the ``load`` event (and for
    the compare view to show its pair).

    Fails on an HTTP error status unless ``expect_ok`` is false.
    """
    url = urljoin(base_url, path.lstrip("/"))
    response = page.goto(url, wait_until="load")
    if expect_ok and response is not None and not response.ok:
        pytest.fail(f"GET {url} -> HTTP {response.status}", pytrace=False)
    page.locator(".lx-cmp-view[aria-busy]").wait_for(state="detached")  # the compare view has loaded its pair
    return response


def _monitored_page(browser: Browser, request: pytest.FixtureRequest, **context_options) -> Iterator[Page]:
    context = browser.new_context(**context_options)
    monitor = PageMonitor(context)
    page = context.new_page()
    yield page
    context.close()
    allow = request.node.get_closest_marker("allow_console_errors") is not None
    monitor.assert_clean(console_errors=not allow)


# --------------------------------------------------------------------------- fixtures


CLIPBOARD = ["clipboard-read", "clipboard-write"]


@pytest.fixture
def clipboard_page(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Page]:
    """A desktop page that may read and write the clipboard."""
    yield from _monitored_page(browser, request, **DESKTOP_CONTEXT, permissions=CLIPBOARD)


@pytest.fixture
def clipboard_phone(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Page]:
    """A phone page that may read and write the clipboard."""
    yield from _monitored_page(browser, request, **MOBILE_CONTEXT, permissions=CLIPBOARD)


@pytest.fixture(scope="session")
def site_server(site_dir: Path, site_port: int) -> Iterator[str]:
    """Base URL (``http://127.0.0.1:PORT/``) of an HTTP server serving ``site_dir`` on the port it was built for."""
    with serve_directory(site_dir, site_port) as base_url:
        yield base_url


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Headless Debian chromium driven by Playwright, shared by the whole session."""
    require_chromium()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Page]:
    """Fresh 1280x900 desktop page; errors at teardown on external requests,
    uncaught page errors or console errors (waive the last with
    ``@pytest.mark.allow_console_errors``)."""
    yield from _monitored_page(browser, request, **DESKTOP_CONTEXT)


@pytest.fixture
def mobile_page(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Page]:
    """Fresh 390x844 touch-enabled mobile page, with the same checks as ``page``."""
    yield from _monitored_page(browser, request, **MOBILE_CONTEXT)


def next_frames(page: Page) -> None:
    """Wait until the page has drawn two more frames: the handlers of every input so far have run,
    and the layout they caused has been drawn (and reported to performance observers)."""
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")


def mark_document(page: Page) -> None:
    """Tag the current document, so :func:`same_document` tells whether it was reloaded since.

    Also waits until Material's instant navigation can intercept a click: it does so only for URLs
    listed in ``sitemap.xml``, which it fetches after the page has loaded. A click before that is an
    ordinary page load (fine for a reader, not what a test of instant navigation checks; on a busy
    machine such tests failed now and then)."""
    page.wait_for_function("performance.getEntriesByType('resource').some(e => e.name.endsWith('/sitemap.xml'))")
    page.evaluate("window.__noReload = 1")


def same_document(page: Page) -> bool:
    """Whether the document tagged by :func:`mark_document` is still the one shown (no full load)."""
    return page.evaluate("window.__noReload") == 1


@pytest.fixture(name="goto")
def goto_fixture():
    """The :func:`goto` helper, so tests can use it without importing conftest:
    ``goto(page, site_server, "/some/page/")``."""
    return goto


def reader_text(locator: Locator) -> str:
    """The characters a reader reads: the text without ruby readings, numbers, note markers or the
    controls of reading aids (``.lx-aid``: the parallels marker and panel…)."""
    return locator.evaluate(
        """el => { const c = el.cloneNode(true);
                   c.querySelectorAll('rt, rp, .lx-pn, .lx-fnref, .lx-aid').forEach(n => n.remove());
                   return c.textContent; }"""
    )
