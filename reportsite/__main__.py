try:
    from .cli import main
except KeyboardInterrupt:  # as in build.py: interrupted before the command began
    raise SystemExit(130) from None

raise SystemExit(main())
