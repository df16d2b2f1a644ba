"""The emulated IOS device model: pure, synchronous, no sockets (see ``lab/protocol.py``).

>>> from lab.device import Device, DeviceSpec, Faults
"""

from __future__ import annotations

from lab.device.device import Device
from lab.device.spec import PERSONALITIES, PRESETS, DeviceSpec, Faults

__all__ = ["PERSONALITIES", "PRESETS", "Device", "DeviceSpec", "Faults"]
