"""Build the site: `python build.py` (see README.md). Runs from a fresh clone, no install."""

try:
    from reportsite.cli import run
except KeyboardInterrupt:
    # Ctrl-C while Python loads the modules, before the command began: nothing was touched,
    # and a traceback of the import machinery would say nothing to an editor.
    raise SystemExit(130) from None

run()
