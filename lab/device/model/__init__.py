"""What a device is and what it keeps: the state, and how it persists.

Modules: ``spec`` (``DeviceSpec``, ``Faults``, the names of personalities and presets),
``state`` (running configuration, interfaces; trustpoints and keys are ``pki`` records),
``nvram`` (atomic generations on disk), ``clock``, ``personality`` (per-release behaviour and
formats), ``presets`` (the starting states, built with real keys and certificates), ``runconf``
(the running-config text, rendered from the state).

May import: ``pki``, ``lab.errors``. Never ``cli``, ``handlers`` nor ``lab.device.device``.
"""
