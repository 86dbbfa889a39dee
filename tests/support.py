"""Helpers shared by the suites."""

import os

import pytest


def unavailable(reason: str) -> None:
    """Skip a test whose prerequisite is missing here — but fail it when CI=true, where the
    prerequisite is installed on purpose and its absence is a broken pipeline."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"required in CI: {reason}")
    pytest.skip(reason)
