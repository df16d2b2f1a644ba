"""``pssc verify``: prove that the HTTPS certificate survives a reload.

``pssc.verify.evidence`` holds the records and the verdicts (pure functions),
``pssc.verify.runbook`` the Nornir task ``verify_host`` and ``run_verify``, and
``pssc.verify.report`` the table, the summary line and the JSON file. The command itself
(options) is ``pssc.commands.verify``.

May import: ``tasks`` (facts, reload, TLS probe, errors), ``parsers``, ``pssc.pins``,
``pssc.output``, ``pssc.atomic``. Never ``pssc.commands`` or ``pssc.cli``.
"""

from __future__ import annotations

from pssc.verify.evidence import (
    VERDICTS,
    Assessment,
    CertEvidence,
    Evidence,
    HostReport,
    Verdict,
    judge,
    predict,
    verdict_for_error,
)

__all__ = [
    "VERDICTS",
    "Assessment",
    "CertEvidence",
    "Evidence",
    "HostReport",
    "Verdict",
    "judge",
    "predict",
    "verdict_for_error",
]
