"""The commands of every mode, one module per family, each exporting a ``TABLE``.

A handler is ``def h_name(ctx: Context, a: Args, out: Out) -> Dialog | None`` (see
:mod:`lab.device.cli.context`); a table (:class:`lab.device.cli.table.Table`) lists the commands
the module serves (modes, keyword path, handler, options) and the help text of every word of
those paths, which IOS's ``?`` shows. ``registry`` builds the trees of every mode from
``registry.TABLES``; ``common`` holds mode groups and shared help texts.

Modules: ``exec_mode`` (enable, terminal, configure, write, copy, reload, clock), ``show_system``,
``show_config`` (running/startup configuration, ``dir nvram:``), ``show_pki`` (trustpoints,
certificates), ``show_keys`` (``show crypto key mypubkey``), ``config_mode`` (hostname, domain,
HTTP server, ``end``/``exit``), ``interface`` (``interface``/``line`` and their sub-modes),
``pki_config`` (``crypto pki trustpoint``/``certificate chain``, the chain sub-mode, hex input),
``trustpoint`` (the ``(ca-trustpoint)#`` sub-commands), ``enroll``, ``keys``; ``actions``
(no table: the PKI actions several commands share, such as a new key pair).

May import: ``cli.context``, ``cli.out``, ``cli.table``, ``model``, ``pki``, other handler
modules. Never ``cli.session``, ``cli.host`` nor ``lab.device.device``.
"""
