"""Programs and libraries some tests need from the system.

Locally, a test whose tool is missing is skipped, and the skip says what to install. In CI (the
`CI` environment variable is set, as `.ci/run` runs), a missing tool fails the test instead: a
skip must never hide a failure there.
"""

from __future__ import annotations

import os
import shutil

import pytest


def require(tool: str, found: bool, install: str) -> None:
    if found:
        return
    if os.environ.get("CI"):
        pytest.fail(f"{tool} is missing, and CI must run this test: {install}", pytrace=False)
    pytest.skip(f"needs {tool} ({install}); CI runs it")


def chromium_path() -> str | None:
    return (
        os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    )


def pango_available() -> bool:
    """WeasyPrint loads Pango from the system when it is imported."""
    try:
        import weasyprint  # noqa: F401
    except OSError:
        return False
    return True


def require_chromium() -> str:
    path = chromium_path()
    require("Chromium", path is not None, "apt-get install chromium")
    return path  # type: ignore[return-value]


def require_pango() -> None:
    require("Pango (for WeasyPrint)", pango_available(), "apt-get install libpangoft2-1.0-0")


def require_program(name: str, package: str) -> str:
    path = shutil.which(name)
    require(name, path is not None, f"apt-get install {package}")
    return path  # type: ignore[return-value]
