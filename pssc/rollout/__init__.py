"""``pssc rollout``: give every host a persistent self-signed HTTPS certificate, saved.

``pssc.rollout.runbook`` runs the Nornir task ``tasks.rollout.rollout`` on every host and pins
what it made; ``pssc.rollout.report`` turns the outcomes into the table, the dry run's CLI and the
JSON records. The command itself (options) is ``pssc.commands.rollout``.

May import: ``tasks`` (the rollout task, its plan and outcome), nornir, ``pssc.pins``,
``pssc.output``. Never ``pssc.commands``, ``pssc.cli`` or ``lab``.
"""

from __future__ import annotations

from pssc.rollout.report import JSON_KEYS, json_document, json_record, render, summary, would_send
from pssc.rollout.runbook import describe_error, outcomes, pin_changes, pin_outcomes, run_rollout

__all__ = [
    "JSON_KEYS",
    "describe_error",
    "json_document",
    "json_record",
    "outcomes",
    "pin_changes",
    "pin_outcomes",
    "render",
    "run_rollout",
    "summary",
    "would_send",
]
