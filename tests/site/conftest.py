"""The browser fixtures of tests/editor/conftest.py, for the public site's keyboard test."""

from tests.editor.conftest import browser_page  # noqa: F401
