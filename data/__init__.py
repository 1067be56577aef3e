"""The default model and its sourced data, installed as package data (schedule_planner.data)."""
