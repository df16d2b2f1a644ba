"""What a device is and what it keeps: the state, and how it persists and comes back at boot.

Modules: ``spec`` (``DeviceSpec``, ``Faults``, the names of personalities and presets),
``state`` (running configuration, trustpoints, interfaces, keys), ``nvram`` (atomic generations
on disk), ``clock``, ``personality`` (per-release behaviour and formats), ``presets`` (the
starting states, built with real keys and certificates), ``runconf`` (the running-config text,
rendered from the state), ``loader`` (boot replays the startup configuration through a session
in configuration mode, as IOS does).

May import: ``pki.certs``, ``pki.rsakeys``, ``pki.trustpoints``, ``cli.out`` (the output of a
replayed line), ``lab.errors``. Never ``handlers``, ``cli.session`` nor ``lab.device.device``.
"""
