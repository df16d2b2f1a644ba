"""Properties: any facts give findings that name the host, and every writer renders them."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from pssc.audit.model import (
    AuditReport,
    CertSummary,
    HostAudit,
    HostFacts,
    PinFacts,
    ServedFacts,
    TrustpointFacts,
)
from pssc.audit.report import FORMATS, render
from pssc.audit.rules import AuditOptions, evaluate

NAMES = st.text(st.characters(min_codepoint=33, max_codepoint=0x2FF), min_size=1, max_size=12)
DATES = st.datetimes(min_value=datetime(1993, 1, 1), max_value=datetime(2099, 1, 1)).map(
    lambda d: d.strftime("%Y-%m-%dT%H:%M:%SZ")
)
SHA = st.text("0123456789ABCDEF", min_size=64, max_size=64)


@st.composite
def certs(draw: st.DrawFn) -> CertSummary:
    return {
        "subject": draw(NAMES),
        "issuer": draw(NAMES),
        "serial": "01",
        "not_before": draw(DATES),
        "not_after": draw(st.one_of(DATES, st.just("2020-01-01T00:00:00Z"))),
        "key_type": draw(st.sampled_from(["RSA", "EC"])),
        "key_size": draw(st.sampled_from([360, 512, 1024, 2048, 4096, 256])),
        "signature_algorithm": "x",
        "signature_hash": draw(st.sampled_from(["md5", "sha1", "sha256", None])),
        "sha256": draw(SHA),
        "spki_sha256_b64": "x",
        "self_signed": draw(st.booleans()),
    }


def trustpoint(draw: st.DrawFn, name: str) -> TrustpointFacts:
    enrollment = draw(st.sampled_from(["selfsigned", None]))
    cert = draw(st.one_of(st.none(), certs()))
    flags = [draw(st.booleans()) for _ in range(3)]
    return TrustpointFacts(name, enrollment, flags[0], cert, flags[1], flags[2])


@st.composite
def facts(draw: st.DrawFn) -> HostFacts:
    names = draw(st.lists(NAMES, max_size=3, unique=True))
    tps = tuple(trustpoint(draw, n) for n in names)
    https = draw(st.one_of(st.none(), st.sampled_from(names))) if names else None
    return HostFacts(
        host=draw(NAMES),
        reachable=draw(st.booleans()),
        error_kind=draw(st.sampled_from([None, "unreachable", "authentication", "error"])),
        error=draw(st.one_of(st.none(), NAMES)),
        secure_server=draw(st.booleans()),
        secure_server_saved=draw(st.booleans()),
        secure_trustpoint=https if draw(st.booleans()) else None,
        https_trustpoint=https,
        trustpoints=tps,
        served=draw(
            st.one_of(
                st.none(),
                st.builds(
                    ServedFacts,
                    st.just(443),
                    st.one_of(st.none(), certs()),
                    st.one_of(st.none(), NAMES),
                ),
            )
        ),
        pin=draw(
            st.one_of(
                st.none(),
                st.builds(
                    PinFacts,
                    NAMES,
                    st.sampled_from(["new", "same", "changed"]),
                    st.one_of(st.none(), SHA),
                    st.none(),
                ),
            )
        ),
    )


@settings(max_examples=60, deadline=None)
@given(st.lists(facts(), max_size=4), st.integers(min_value=0, max_value=400))
def test_rules_and_writers_never_fail(hosts: list[HostFacts], expiry_days: int) -> None:
    opts = AuditOptions(now=datetime(2026, 6, 1, tzinfo=UTC), expiry_days=expiry_days)
    audits = []
    for h in hosts:
        findings = evaluate(h, opts)
        assert all(f.message.startswith(h.host) and f.remedy for f in findings)
        if not h.reachable:
            assert len(findings) == 1
        audits.append(HostAudit(h, tuple(findings)))
    report = AuditReport("2026-06-01T00:00:00Z", tuple(audits), {"expiry_days": expiry_days})
    for fmt in FORMATS:
        assert render(report, fmt)
    data = json.loads(render(report, "json"))
    assert sum(data["summary"]["findings"].values()) == len(report.findings)
