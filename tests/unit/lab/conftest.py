"""Fixtures of the device-model tests (see ``device_helpers.py``); the tests of each part of
``lab/device/`` are in the folder of the same name under ``device/``."""

from __future__ import annotations

from tests.unit.lab.device_helpers import cli, dev, make_device

__all__ = ["cli", "dev", "make_device"]
