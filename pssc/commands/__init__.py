"""The subcommands of ``pssc``: one module each, exposing ``register(subparsers)``.

``pssc.commands.common`` declares the options several commands share (inventory, hosts,
filters, runner, pins, output files). A command module holds only its options and their checks,
then calls a runbook (``pssc.rollout``, ``pssc.verify``, ``pssc.audit``) and prints its report.

May import any of pssc but ``pssc.cli`` and ``pssc.demo``; ``lab`` only in ``commands.lab``.
"""
