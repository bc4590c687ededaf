"""One rule for the real programs the tests need (LibreOffice, Gnumeric, Chromium, …):
missing on a developer's machine, the test is skipped; under CI=true, where `.ci/run`
installs them, it fails, so a broken install can never pass as skipped tests."""

from __future__ import annotations

import os

import pytest


def require(present: bool, what: str, how: str = "") -> None:
    """Skip (or under CI=true fail) unless ``present``; ``what`` names the program and
    ``how`` says how to install it."""
    if present:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"{what} is required under CI=true (.ci/run installs it)")
    pytest.skip(f"{what} is not installed" + (f" ({how})" if how else ""))
