from __future__ import annotations

import statistics


def summary(label: str, seconds: list[float]) -> str:
    return (
        f"{label:<34} median {statistics.median(seconds):.3f} s  "
        f"min {min(seconds):.3f}  max {max(seconds):.3f}  (n={len(seconds)})"
    )
