"""Checks of the operator's input, before anything connects to a device.

``pssc.validate.options``: option values (key size, subject name, trustpoint name, output file);
``pssc.validate.inventory``: the inventory folder, its YAML entries and its hosts. Each check
raises an :class:`~pssc.errors.InvalidInput` (exit code 2) whose one line names the option or the
file and host, and says what would be accepted.

May import: ``pssc.errors``, PyYAML, ``tasks.arguments`` (what may be typed on a device). Nothing
else of pssc, no Nornir, no device.
"""
