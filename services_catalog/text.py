"""Search folding lives in the platform core (the registry searches with it too)."""

from ghiseu.ops.text import fold

__all__ = ["fold"]
