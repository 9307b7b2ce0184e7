#!/usr/bin/env python
"""Django's command-line utility; platform/ is a source root (it has no __init__.py)."""

import os
import sys
from pathlib import Path


def main() -> None:
    root = Path(__file__).resolve().parent
    for source_root in (root, root / "platform"):
        if str(source_root) not in sys.path:
            sys.path.insert(0, str(source_root))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ghiseu.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
