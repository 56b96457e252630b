"""The browser fixtures of tests/editor/conftest.py, for the public site's keyboard test."""

from tests.editor.conftest import _empty_before_browser_tests, browser_page  # noqa: F401
