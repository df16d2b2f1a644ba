"""Fixtures of the device-model tests (see ``device_helpers.py``)."""

from __future__ import annotations

from device_helpers import cli, dev, make_device

__all__ = ["cli", "dev", "make_device"]
