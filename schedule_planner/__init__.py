"""planner: dates the sessions of intergovernmental negotiations with a constraint solver."""


def _version(name: str) -> str:
    from importlib.metadata import version  # only when asked: it takes longer than --help

    return version(name)


def distribution_version(name: str = "schedule-planner") -> str:
    """An installed distribution's version (planner's own by default); "unknown" when it
    is not installed, as when planner runs from a bare source tree."""
    from importlib.metadata import PackageNotFoundError

    try:
        return _version(name)
    except PackageNotFoundError:
        return "unknown"
