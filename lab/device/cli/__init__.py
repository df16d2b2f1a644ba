"""The IOS command line of a device: sessions, command trees, parse errors, pager, filters.

Modules: ``session`` (a :class:`lab.protocol.CliSession`: modes, prompts, running a line,
dialogs, output, ``--More--``; it implements the handlers' ``Context``), ``context`` (the
``Context`` protocol and handler types: what handlers know of the CLI besides ``out`` and
``table``), ``host`` (what a session needs of its device), ``table`` (``Command``/``Table`` and
building the trees from them), ``cmdtree`` (a tree with IOS abbreviations, help texts and the
three parse errors), ``dispatch`` (a line against a tree: match, ``|`` filter, error text),
``filters`` (``| include``, ``| section`` ...), ``pager``, ``out`` (what a command produces:
output, questions, syslog lines, actions), ``loader`` (boot replays the startup configuration
through a session in configuration mode, as IOS does).

May import: ``model``, ``pki``, ``lab.protocol``. Never ``handlers`` nor ``lab.device.device``:
the device hands the built command trees to its sessions.
"""
