"""Verdicts are pure functions over evidence: one table row per situation a host can be in."""

from __future__ import annotations

import pytest

from pssc.verify.evidence import (
    CertEvidence,
    Evidence,
    HostReport,
    judge,
    predict,
    verdict_for_error,
)


def cert(tag: str) -> CertEvidence:
    return CertEvidence(
        sha256=tag * 64,
        spki_sha256_b64=f"{tag}pin=",
        public_key_pem=f"-----BEGIN PUBLIC KEY-----\n{tag}\n-----END PUBLIC KEY-----\n",
        serial="01",
        subject=f"cn=IOS-Self-Signed-Certificate-{tag}",
        not_after="2036-01-01T00:00:00Z",
    )


A, B = cert("A"), cert("B")


def ev(
    configured: CertEvidence | None,
    saved: CertEvidence | None,
    served: CertEvidence | None,
    *,
    https_saved: bool = True,
) -> Evidence:
    return Evidence(
        trustpoint="TP-self-signed-1",
        configured=configured,
        saved=saved,
        served=served,
        https_saved=https_saved,
        served_error=None if served else "connection refused",
    )


PREDICTIONS = [
    ("all the same, HTTPS saved", ev(A, A, A), "persistent"),
    ("running certificate not in startup", ev(A, None, A), "not-saved"),
    ("startup holds an older certificate", ev(A, B, A), "not-saved"),
    ("secure-server not saved", ev(A, A, A, https_saved=False), "lost"),
    ("nothing served now", ev(A, A, None), "lost"),
    ("served differs from configured", ev(A, A, B), "regenerated"),
    ("no certificate, HTTPS saved", ev(None, None, B), "regenerated"),
    ("no certificate, no HTTPS", ev(None, None, None, https_saved=False), "lost"),
]


@pytest.mark.parametrize(
    ("case", "before", "expected"), PREDICTIONS, ids=[c[0] for c in PREDICTIONS]
)
def test_prediction(case: str, before: Evidence, expected: str) -> None:
    assessment = predict(before)
    assert assessment.verdict == expected, assessment.reason
    assert assessment.reason


JUDGEMENTS = [
    ("same certificate everywhere", ev(A, A, A), ev(A, A, A), "persistent"),
    ("new certificate served", ev(A, A, A), ev(B, B, B), "regenerated"),
    ("unsaved came back new", ev(A, None, A), ev(B, B, B), "regenerated"),
    ("nothing after", ev(A, A, A), ev(None, None, None), "lost"),
    ("configured but HTTPS silent", ev(A, A, A), ev(A, A, None), "lost"),
    ("served same but config changed", ev(A, A, A), ev(B, B, A), "failed"),
    ("served same but startup lost it", ev(A, A, A), ev(A, None, A), "failed"),
]


@pytest.mark.parametrize(
    ("case", "before", "after", "expected"), JUDGEMENTS, ids=[c[0] for c in JUDGEMENTS]
)
def test_judgement(case: str, before: Evidence, after: Evidence, expected: str) -> None:
    assessment = judge(before, after)
    assert assessment.verdict == expected, assessment.reason


def test_regenerated_names_both_fingerprints() -> None:
    reason = judge(ev(A, A, A), ev(B, B, B)).reason
    assert "A" * 16 in reason and "B" * 16 in reason


class ReloadTimeout(Exception):
    pass


class DeviceUnreachable(Exception):
    pass


class CommandRejected(Exception):
    pass


@pytest.mark.parametrize(
    ("exc", "expected"),
    [
        (ReloadTimeout("SSH did not come back"), "unreachable"),
        (DeviceUnreachable("refused"), "unreachable"),
        (CommandRejected("% Invalid input"), "failed"),
        (ValueError("bug"), "failed"),
    ],
)
def test_errors_map_to_verdicts(exc: Exception, expected: str) -> None:
    assert verdict_for_error(exc) == expected


def test_json_has_the_shape_of_the_issue() -> None:
    report = HostReport(
        host="R1",
        verdict="persistent",
        reason="same",
        trustpoint="TP",
        before=ev(A, A, A),
        after=ev(A, A, A),
        reloaded=True,
    )
    data = report.to_json()
    assert {"host", "verdict", "before", "after", "error"} <= data.keys()
    assert data["before"] == {"configured": A.sha256, "saved": A.sha256, "served": A.sha256}
    assert data["after"]["served"] == A.sha256
    assert data["error"] is None
    assert data["details"]["before"]["served"]["spki_sha256_b64"] == "Apin="


def test_json_without_reload_has_no_after() -> None:
    data = HostReport(host="R2", verdict="not-saved", reason="x", before=ev(A, None, A)).to_json()
    assert data["after"] is None
    assert data["before"]["saved"] is None
