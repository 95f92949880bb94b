"""``python -m sitmap``: see sitmap/cli.py."""

from .cli import main

raise SystemExit(main())
