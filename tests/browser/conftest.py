"""Browser fixtures: one live demo server and one headless Debian Chromium per session."""

import pytest

from tests.support.browser import CHROMIUM, CHROMIUM_ARGS, DemoServer


@pytest.fixture(scope="session")
def demo_server(tmp_path_factory):
    server = DemoServer(tmp_path_factory.mktemp("demo-var")).start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="id-ID")
    yield context.new_page()
    context.close()


@pytest.fixture
def phone(browser):
    """A 360 px wide phone, as many learners see the platform."""
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, device_scale_factor=2, is_mobile=True, has_touch=True, locale="id-ID"
    )
    yield context.new_page()
    context.close()


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
