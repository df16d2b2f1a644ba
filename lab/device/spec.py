"""Compatibility path: the device description now lives in :mod:`lab.device.model.spec`.

Kept for importers outside ``lab/`` (``pssc/commands/lab.py``, ``tests/e2e``); new code imports
``from lab.device import DeviceSpec, Faults, PERSONALITIES, PRESETS``.
"""

from __future__ import annotations

from lab.device.model.spec import PERSONALITIES, PRESETS, DeviceSpec, Faults

__all__ = ["PERSONALITIES", "PRESETS", "DeviceSpec", "Faults"]
