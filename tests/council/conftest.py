"""The council's fixtures live in tests/conftest.py (the admin and leak tests use them too)."""

from tests.conftest import moment

__all__ = ["moment"]
