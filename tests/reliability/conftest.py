"""Hypothesis profiles for the reliability fuzz tests.

``ci`` (the default): deterministic and bounded, part of the test pass. ``fuzz``: random and far
longer, for ``make fuzz`` (``HYPOTHESIS_PROFILE=fuzz``). Tests take their settings from
:data:`PROFILE` explicitly (``settings(parent=PROFILE)``), so loading this file changes nothing
for the other test folders.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci",
    derandomize=True,
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
settings.register_profile(
    "fuzz",
    derandomize=False,
    max_examples=3000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
PROFILE_NAME = "fuzz" if os.environ.get("HYPOTHESIS_PROFILE") == "fuzz" else "ci"
PROFILE = settings.get_profile(PROFILE_NAME)
