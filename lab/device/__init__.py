"""The emulated IOS device model: pure, synchronous, no sockets (see ``lab/protocol.py``).

>>> from lab.device import Device, DeviceSpec, Faults, PERSONALITIES, PRESETS

``Device(spec, state_dir)`` is one box; ``boot()`` brings it up from its NVRAM in
``state_dir/<name>/`` (the first boot applies the spec's preset and saves it), ``open_session()``
gives a :class:`lab.protocol.CliSession`, ``https_identity()`` the PEM certificate and key that
HTTPS serves. For tests: ``run("show ...")``, ``running_config()``, ``startup_config()``,
``certificate(trustpoint)`` (DER) and ``state`` (the structured running state).

How a session talks: every answer to ``feed_line`` starts with the ``\\r\\n`` of the line end
(the transport echoes typed characters but never the line end), then the output, then the prompt,
then syslog lines (after a short ``Sleep``). Questions that take one key (``[confirm]``, the
``--More--`` pager) switch ``input_mode`` to ``"key"``; ``Password:`` switches ``echo`` off.

Layers, top to bottom; a module imports only from its own layer or the ones below (checked by
``tests/unit/lab/test_lab_layout.py`` and by the import contracts of ``make lint``):

- ``device.py``: :class:`Device`, the composition root (model + sessions + command trees).
- ``handlers/``: the commands; each module exports a ``TABLE`` (modes, keyword paths, handlers,
  help texts); ``handlers.registry`` builds the trees of every mode from the tables. Handlers
  take the :class:`~lab.device.cli.context.Context` protocol, never the session or the device.
- ``cli/``: the session (modes, prompts, dialogs), command trees and IOS's parse errors, the
  pager, ``|`` filters, output, the boot loader; ``cli/context.py`` is what handlers know.
- ``model/``: what a device is and keeps: spec, state, NVRAM, clock, personality, presets, the
  running-config text.
- ``pki/``: RSA keys (weak ones included), certificates, trustpoints (record and logic).

``spec.py`` and ``nvram.py`` here are compatibility paths for importers outside ``lab/``.
"""

from __future__ import annotations

from lab.device.device import Device
from lab.device.model.spec import PERSONALITIES, PRESETS, DeviceSpec, Faults

__all__ = ["PERSONALITIES", "PRESETS", "Device", "DeviceSpec", "Faults"]
