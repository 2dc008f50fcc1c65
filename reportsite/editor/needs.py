"""The libraries an editor's command needs beyond the build's, asked for by name when missing
(the build itself never needs them)."""

from __future__ import annotations

import importlib.util

from ..problems import Location, Problem


def missing(command: str, *packages: tuple[str, str]) -> list[Problem]:
    """A problem for each (module, pip package) that cannot be imported."""
    problems = []
    for module, package in packages:
        try:
            found = importlib.util.find_spec(module) is not None
        except ModuleNotFoundError:  # its parent package is missing
            found = False
        if not found:
            args = {"package": package, "command": command}
            problems.append(
                Problem(location=Location(package, 0, 0), code="editor-missing", args=args)
            )
    return problems
