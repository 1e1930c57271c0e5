"""Test-wide settings: Hypothesis has no per-example deadline, so a busy CI machine cannot
turn a slow example into a failure (speed is measured in bench/, not in tests)."""

import os
import tempfile

from hypothesis import settings

settings.register_profile("tutor", deadline=None)
settings.load_profile("tutor")

# Packs loaded by the tests are cached in a folder of their own, never the user's.
os.environ.setdefault("TUTOR_CACHE_DIR", tempfile.mkdtemp(prefix="tutor-test-cache-"))
