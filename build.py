"""Build the site: `python build.py` (see README.md). Runs from a fresh clone, no install."""

from reportsite.cli import main

raise SystemExit(main())
