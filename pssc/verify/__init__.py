"""``pssc verify``: prove that the HTTPS certificate survives a reload.

``pssc.verify.evidence`` holds the records and the verdicts (pure functions), and
``pssc.verify.runbook`` the Nornir task ``verify_host`` and ``run_verify``.
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
