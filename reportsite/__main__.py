try:
    from .cli import run
except KeyboardInterrupt:  # as in build.py: interrupted before the command began
    raise SystemExit(130) from None

run()
