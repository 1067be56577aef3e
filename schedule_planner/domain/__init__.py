"""The domain layer: the typed model, its calendars, placements and timetables, and the
findings rules make about them.

Everything else builds on it, the rules in `constraints/` first; it imports neither
`constraints` nor OR-Tools, so the flow runs one way:
YAML -> model -> rules -> encoding -> solver -> timetable rows -> renderers.
"""

# the years planner works with: every date a model gives, every year it derives or plans
YEARS = (1900, 2199)
