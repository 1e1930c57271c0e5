"""Test-wide settings: Hypothesis has no per-example deadline, so a busy CI machine cannot
turn a slow example into a failure (speed is measured in bench/, not in tests)."""

from hypothesis import settings

settings.register_profile("tutor", deadline=None)
settings.load_profile("tutor")
