"""The 互查 county of tests/inspection serves the year's assessment too."""

from tests.inspection.conftest import icounty

__all__ = ["icounty"]
