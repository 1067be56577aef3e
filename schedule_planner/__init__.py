"""planner: dates the sessions of intergovernmental negotiations with a constraint solver."""

from importlib.metadata import PackageNotFoundError, version as _version


def distribution_version(name: str = "schedule-planner") -> str:
    """An installed distribution's version (planner's own by default); "unknown" when it
    is not installed, as when planner runs from a bare source tree."""
    try:
        return _version(name)
    except PackageNotFoundError:
        return "unknown"
