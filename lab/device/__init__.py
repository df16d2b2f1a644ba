"""The emulated IOS device model: pure, synchronous, no sockets (see ``lab/protocol.py``).

>>> from lab.device import Device, DeviceSpec, Faults

``Device(spec, state_dir)`` is one box; ``boot()`` brings it up from its NVRAM in
``state_dir/<name>/`` (the first boot applies the spec's preset and saves it), ``open_session()``
gives a :class:`lab.protocol.CliSession`, ``https_identity()`` the PEM certificate and key that
HTTPS serves. For tests: ``run("show ...")``, ``running_config()``, ``startup_config()``,
``certificate(trustpoint)`` (DER) and ``state`` (the structured running state).

How a session talks: every answer to ``feed_line`` starts with the ``\\r\\n`` of the line end
(the transport echoes typed characters but never the line end), then the output, then the prompt,
then syslog lines (after a short ``Sleep``). Questions that take one key (``[confirm]``, the
``--More--`` pager) switch ``input_mode`` to ``"key"``; ``Password:`` switches ``echo`` off.

Modules: ``cmdtree`` (abbreviations, IOS's three parse errors), ``session`` (modes, prompts,
dialogs), ``commands`` (the trees of every mode), ``cmds_*``/``enroll``/``keys`` (handlers),
``show_*`` (rendering from state), ``runconf`` (the configuration text) and ``loader`` (boot
replays the startup configuration through the CLI, as IOS does), ``nvram`` (atomic generations),
``rsakeys`` and ``crypto`` (real keys and certificates, weak ones included: see ``rsakeys``),
``pki`` (trustpoints, the HTTPS trustpoint, syslog), ``presets``, ``personality``, ``clock``.
"""

from __future__ import annotations

from lab.device.device import Device
from lab.device.model.spec import PERSONALITIES, PRESETS, DeviceSpec, Faults

__all__ = ["PERSONALITIES", "PRESETS", "Device", "DeviceSpec", "Faults"]
