"""Proving persistence: evidence before and after a reload, verdicts, and the runbook.

Evidence is what a host shows for the certificate of its HTTPS trustpoint: as *configured* (hex in
the running configuration, decoded), as *saved* (startup configuration) and as *served* (a real TLS
handshake on ``data.https_port``). The verdicts are pure functions over evidence records:

- ``persistent``: configured, saved and served are the same certificate, and after a reload they
  all equal the ones before;
- ``regenerated``: HTTPS serves a different certificate (the document's problem);
- ``lost``: no certificate is served (or none configured);
- ``not-saved``: the running certificate is not in the startup configuration, so a reload would
  destroy it (verify refuses to reload unless told ``reload_anyway``);
- ``unreachable``: the host did not answer, or did not come back by the deadline;
- ``failed``: anything else, with the error.

>>> cert = CertEvidence(sha256="AA", spki_sha256_b64="k=", public_key_pem="", serial="01",
...                     subject="cn=x", not_after="2030-01-01T00:00:00Z")
>>> ev = Evidence(trustpoint="TP", configured=cert, saved=cert, served=cert, https_saved=True)
>>> predict(ev).verdict
'persistent'
>>> predict(Evidence(trustpoint="TP", configured=cert, saved=None, served=cert)).verdict
'not-saved'
>>> judge(ev, Evidence(trustpoint="TP", configured=None, saved=None, served=None)).verdict
'lost'
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from parsers.types import CertificateInfo

logger = logging.getLogger(__name__)

Verdict = Literal[
    "persistent", "regenerated", "lost", "not-saved", "unreachable", "failed", "skipped"
]
VERDICTS: tuple[Verdict, ...] = (
    "persistent",
    "regenerated",
    "lost",
    "not-saved",
    "unreachable",
    "failed",
    "skipped",  # a reload wave not launched (a canary failed, --max-fail, Ctrl-C)
)


@dataclass(frozen=True)
class CertEvidence:
    """One certificate as seen in one place (configured, saved or served)."""

    sha256: str  # upper-case hex of the DER
    spki_sha256_b64: str  # the pin Chromium's --ignore-certificate-errors-spki-list takes
    public_key_pem: str
    serial: str
    subject: str
    not_after: str

    @classmethod
    def from_info(cls, info: CertificateInfo) -> CertEvidence:
        return cls(
            sha256=info["sha256"].upper(),
            spki_sha256_b64=info["spki_sha256_b64"],
            public_key_pem=info["public_key_pem"],
            serial=info["serial"],
            subject=info["subject"],
            not_after=info["not_after"],
        )

    def to_json(self) -> dict[str, str]:
        return {
            "sha256": self.sha256,
            "spki_sha256_b64": self.spki_sha256_b64,
            "serial": self.serial,
            "subject": self.subject,
            "not_after": self.not_after,
            "public_key_pem": self.public_key_pem,
        }


@dataclass(frozen=True)
class Evidence:
    """The HTTPS certificate of one host at one moment."""

    trustpoint: str | None
    configured: CertEvidence | None
    saved: CertEvidence | None
    served: CertEvidence | None
    https_running: bool = True  # ``ip http secure-server`` in the running configuration
    https_saved: bool = False  # ... and in the startup configuration
    served_error: str | None = None  # why nothing was served (the probe's error)
    uptime_seconds: float | None = None
    taken_at: float = field(default_factory=time.time)

    def fingerprints(self) -> dict[str, str | None]:
        """The JSON ``before``/``after`` object: SHA-256 of configured, saved, served."""
        return {
            "configured": self.configured.sha256 if self.configured else None,
            "saved": self.saved.sha256 if self.saved else None,
            "served": self.served.sha256 if self.served else None,
        }


@dataclass(frozen=True)
class Assessment:
    verdict: Verdict
    reason: str


def _short(sha256: str | None) -> str:
    return (sha256 or "-")[:16]


def predict(before: Evidence) -> Assessment:
    """What a reload would do to the served certificate, from the evidence alone."""
    configured, saved, served = before.configured, before.saved, before.served
    if configured is None:
        if before.https_saved:
            return Assessment("regenerated", "no certificate configured: HTTPS makes a new one")
        return Assessment("lost", "no certificate configured for HTTPS")
    if saved is None or saved.sha256 != configured.sha256:
        why = "not in" if saved is None else "differs from"
        return Assessment("not-saved", f"running certificate {why} startup: a reload destroys it")
    if not before.https_saved:
        return Assessment("lost", "ip http secure-server is not saved: HTTPS would not come back")
    if served is None:
        return Assessment("lost", f"HTTPS serves no certificate ({before.served_error or '?'})")
    if served.sha256 != configured.sha256:
        return Assessment(
            "regenerated",
            f"HTTPS serves {_short(served.sha256)}, not the configured {_short(configured.sha256)}",
        )
    return Assessment("persistent", "configured = saved = served")


def judge(before: Evidence, after: Evidence) -> Assessment:
    """The verdict once the host is back from its reload."""
    if after.served is None:
        if after.configured is None:
            return Assessment("lost", "no certificate after the reload")
        return Assessment(
            "lost", f"HTTPS serves no certificate after the reload ({after.served_error or '?'})"
        )
    reference = before.served or before.configured
    if reference is None or after.served.sha256 != reference.sha256:
        was = reference.sha256 if reference else None
        return Assessment(
            "regenerated", f"HTTPS now serves {_short(after.served.sha256)}, before {_short(was)}"
        )
    same = [
        ev is not None and ev.sha256 == reference.sha256
        for ev in (before.configured, before.saved, after.configured, after.saved)
    ]
    if not all(same):
        return Assessment(
            "failed",
            "HTTPS serves the same certificate but the configured/saved ones changed: "
            + ", ".join(f"{k}={_short(v)}" for k, v in after.fingerprints().items()),
        )
    return Assessment("persistent", "same certificate configured, saved, served after the reload")


def verdict_for_error(exc: BaseException) -> Verdict:
    """``unreachable`` for errors of reachability (including a reload deadline), else ``failed``."""
    names = {cls.__name__ for cls in type(exc).__mro__}
    unreachable = {"DeviceUnreachable", "ReloadTimeout", "NetmikoTimeoutException"}
    return "unreachable" if names & unreachable else "failed"


@dataclass
class HostReport:
    """The result of ``verify`` for one host."""

    host: str
    verdict: Verdict
    reason: str
    trustpoint: str | None = None
    before: Evidence | None = None
    after: Evidence | None = None
    reloaded: bool = False
    would_survive: bool | None = None
    declined_save: bool = False
    timeline: dict[str, float | None] = field(default_factory=dict)
    error: str | None = None
    pin: str | None = None  # the pin store's answer: "new", "same", "changed"
    wave: str | None = None  # the reload wave: "canary", "batch 1", ...

    @property
    def ok(self) -> bool:
        return self.verdict == "persistent"

    def to_json(self) -> dict[str, Any]:
        """One object of ``--json``: host, verdict, before, after, error and the details."""

        def details(ev: Evidence | None) -> dict[str, Any] | None:
            if ev is None:
                return None
            return {
                name: cert.to_json() if cert else None
                for name, cert in (
                    ("configured", ev.configured),
                    ("saved", ev.saved),
                    ("served", ev.served),
                )
            } | {"uptime_seconds": ev.uptime_seconds, "served_error": ev.served_error}

        return {
            "host": self.host,
            "verdict": self.verdict,
            "before": self.before.fingerprints() if self.before else None,
            "after": self.after.fingerprints() if self.after else None,
            "error": self.error,
            "reason": self.reason,
            "trustpoint": self.trustpoint,
            "reloaded": self.reloaded,
            "would_survive": self.would_survive,
            "declined_save": self.declined_save,
            "pin": self.pin,
            "timeline": dict(self.timeline),
            "wave": self.wave,
            "details": {"before": details(self.before), "after": details(self.after)},
        }
