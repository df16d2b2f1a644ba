"""Nornir tasks for persistent self-signed certificates on Cisco IOS.

Plain task functions ``def verb_noun(task: Task, *, ...) -> Result``, usable in your own runbook:
``tasks.facts.gather_pki_facts``, ``tasks.steps.ensure_trustpoint``,
``tasks.steps.enroll_self_signed``, ``tasks.steps.remove_trustpoint``, ``tasks.steps.ensure_https``,
``tasks.steps.save_config``, ``tasks.rollout.rollout`` (plan, apply, verify) and
``tasks.reload.reload_device``. Errors: ``tasks.errors`` (one base, ``TaskError``).

Layers, each importing only those above it: ``errors``; ``channel`` (the ``NetmikoLike``
connection, reading, a dropped session, the IOS error check); ``session`` (connect, send,
configuration mode) and ``prompts`` + ``dialog`` (the one engine for every interactive command);
``facts``, ``policy``, ``plan`` (pure decisions); ``steps``; ``rollout`` and ``reload``.
``tls_probe`` stands alone.

May import: ``parsers`` (never the other way), nornir, netmiko through Nornir's connection.
Never ``pssc`` or ``lab``.
"""
