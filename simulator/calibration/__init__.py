"""Calibrating a scenario from a business's own data (issue 5)."""
