"""Compatibility path: NVRAM now lives in :mod:`lab.device.model.nvram`.

Kept for importers outside ``lab/`` (``tests/reliability/labproc.py``); new code imports
``lab.device.model.nvram``.
"""

from __future__ import annotations

from lab.device.model.nvram import Nvram, NvramImage

__all__ = ["Nvram", "NvramImage"]
