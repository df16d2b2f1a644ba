"""The two hypothesis profiles of the suite, registered once (by ``tests/conftest.py``).

``ci`` (the default): deterministic and bounded, part of ``make test``. ``fuzz``
(``HYPOTHESIS_PROFILE=fuzz``, what ``make fuzz`` sets): random and far longer. A module sizes
its properties with :func:`examples` instead of reading the environment itself::

    from tests.hypothesis_profiles import examples
    SETTINGS = settings(max_examples=examples(ci=15, fuzz=300))
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

NAME = "fuzz" if os.environ.get("HYPOTHESIS_PROFILE") == "fuzz" else "ci"
FUZZ = NAME == "fuzz"
_QUIET = [HealthCheck.too_slow, HealthCheck.function_scoped_fixture, HealthCheck.data_too_large]


def register() -> None:
    """Register ``ci`` and ``fuzz`` and load the one asked for."""
    settings.register_profile(
        "ci", derandomize=True, max_examples=60, deadline=None, suppress_health_check=_QUIET
    )
    settings.register_profile(
        "fuzz", derandomize=False, max_examples=3000, deadline=None, suppress_health_check=_QUIET
    )
    settings.load_profile(NAME)


def examples(ci: int, fuzz: int) -> int:
    """How many examples a property runs under the active profile."""
    return fuzz if FUZZ else ci
