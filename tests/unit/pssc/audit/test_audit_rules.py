"""Each rule on hand-built facts: it fires on its case and stays quiet on a healthy host."""

from __future__ import annotations

from dataclasses import replace

import pytest

from pssc.audit.model import HostFacts, PinFacts, ServedFacts, Severity, TrustpointFacts
from pssc.audit.rules import RULES, AuditOptions, evaluate
from tests.unit.pssc.audit.factories import NOW, OPTS, OTHER_SHA, cert, healthy, trustpoint


def rules_of(facts: HostFacts, opts: AuditOptions = OPTS) -> dict[str, Severity]:
    return {f.rule: f.severity for f in evaluate(facts, opts)}


def test_a_healthy_host_has_no_finding() -> None:
    assert evaluate(healthy(), OPTS) == []


def test_rule_ids_are_unique_and_kebab_case() -> None:
    ids = [r.id for r in RULES]
    assert len(ids) == len(set(ids))
    assert all(i == i.lower() and " " not in i for i in ids)


def with_cert(**over: object) -> HostFacts:
    return healthy(trustpoints=(trustpoint(certificate=cert(**over)),))


def with_tp(*tps: TrustpointFacts) -> HostFacts:
    return healthy(trustpoints=tps)


E, W, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO
FACTORY = HostFacts("R1", address="127.0.0.1", uptime_seconds=60.0)  # no PKI, no HTTPS
OTHER_TP = trustpoint("OTHER", self_signed=False, saved=False)
CASES = [
    ("expired", with_cert(not_after="2026-05-01T00:00:00Z"), "cert-expired", E),
    ("fn70489", with_cert(not_after="2020-01-01T00:00:00Z"), "fn70489-end-date", E),
    ("expiring", with_cert(not_after="2026-08-01T00:00:00Z"), "cert-expiring", W),
    ("rsa1024", with_cert(key_size=1024), "weak-rsa-key", E),
    ("sha1", with_cert(signature_hash="sha1"), "weak-signature", W),
    ("md5", with_cert(signature_hash="md5"), "weak-signature", E),
    ("unsaved-other", with_tp(trustpoint(), OTHER_TP), "cert-not-saved", W),
    ("unsaved-https", with_tp(trustpoint(saved=False)), "https-not-persistent", E),
    ("https-no-cert", with_tp(trustpoint(certificate=None)), "no-certificate", E),
    ("https-off", healthy(secure_server=False, secure_server_saved=False), "https-disabled", INFO),
    ("inventory-expects-https", replace(FACTORY, https_expected=True), "no-certificate", E),
    (
        "served-other",
        healthy(served=ServedFacts(port=1, certificate=cert(sha256=OTHER_SHA))),
        "served-differs",
        E,
    ),
    (
        "probe-failed",
        healthy(served=ServedFacts(port=1, certificate=None, error="refused")),
        "https-unreachable",
        W,
    ),
    (
        "two-selfsigned",
        with_tp(trustpoint(), trustpoint("TP-self-signed-1")),
        "several-selfsigned",
        W,
    ),
    ("not-bound", healthy(secure_trustpoint=None), "https-not-bound", W),
    (
        "pin-changed",
        healthy(pin=PinFacts("PSSC", "changed", OTHER_SHA, "2026-01-01")),
        "pin-mismatch",
        Severity.CRITICAL,
    ),
    ("pin-new", healthy(pin=PinFacts("PSSC", "new", None, None)), "pin-new", Severity.INFO),
    (
        "unreachable",
        HostFacts("R1", reachable=False, error_kind="unreachable", error="refused"),
        "host-unreachable",
        E,
    ),
    (
        "parse-error",
        HostFacts("R1", reachable=False, error_kind="error", error="ParseError: odd"),
        "audit-error",
        E,
    ),
    (
        "auth",
        HostFacts("R1", reachable=False, error_kind="authentication", error="bad"),
        "auth-failed",
        E,
    ),
]

# issue 17: trust every client can verify (pssc/audit/rules/trust.py)
CASES += [
    ("no-san", healthy(served=ServedFacts(port=8443, certificate=cert(san=[]))), "no-san", W),
    (
        "san-mismatch",
        healthy(names=("R1",), served=ServedFacts(port=8443, certificate=cert(san=["R9"]))),
        "san-mismatch",
        W,
    ),
    ("ca-chain", healthy(ca_verified=False), "ca-chain", E),
]


def test_a_certificate_naming_the_host_is_quiet() -> None:
    served = ServedFacts(port=8443, certificate=cert(san=["R1.example.", "10.0.0.1"]))
    assert evaluate(healthy(names=("r1.example", "10.0.0.1"), served=served), OPTS) == []
    assert evaluate(healthy(ca_verified=True), OPTS) == []


@pytest.mark.parametrize(
    ("facts", "rule", "severity"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_each_rule_fires_on_its_case_only(facts: HostFacts, rule: str, severity: Severity) -> None:
    found = rules_of(facts)
    assert found == {rule: severity}


def test_every_rule_has_a_case() -> None:
    assert {c[2] for c in CASES} == {r.id for r in RULES}


def test_messages_name_host_and_trustpoint_and_have_a_remedy() -> None:
    facts = healthy("edge-7", trustpoints=(trustpoint(certificate=cert(key_size=512)),))
    (finding,) = evaluate(facts, OPTS)
    assert finding.message.startswith("edge-7 trustpoint PSSC: ")
    assert "512 bits" in finding.message
    assert finding.remedy
    assert finding.as_dict()["severity"] == "error"


def test_expiry_days_moves_the_horizon() -> None:
    facts = healthy(trustpoints=(trustpoint(certificate=cert(not_after="2026-08-01T00:00:00Z")),))
    assert "cert-expiring" in rules_of(facts, AuditOptions(now=NOW, expiry_days=90))
    assert rules_of(facts, AuditOptions(now=NOW, expiry_days=30)) == {}


def test_fn70489_is_not_also_reported_as_plainly_expired() -> None:
    legacy = cert(not_after="2020-01-01T00:00:00Z", key_size=1024, signature_hash="sha1")
    found = rules_of(healthy(trustpoints=(trustpoint(certificate=legacy),)))
    assert "cert-expired" not in found
    assert set(found) == {"fn70489-end-date", "weak-rsa-key", "weak-signature"}


def test_factory_style_host_gets_the_expected_mix_worst_first() -> None:
    factory = healthy(
        secure_trustpoint=None,
        https_trustpoint="TP-self-signed-1",
        trustpoints=(
            trustpoint(
                "TP-self-signed-1",
                saved=False,
                certificate=cert(key_size=1024, signature_hash="sha1"),
            ),
        ),
        pin=PinFacts("TP-self-signed-1", "new", None, None),
    )  # fmt: skip
    findings = evaluate(factory, OPTS)
    assert [f.severity for f in findings] == sorted((f.severity for f in findings), reverse=True)
    assert {f.rule for f in findings} == {
        "https-not-persistent", "weak-rsa-key", "weak-signature", "https-not-bound", "pin-new",
    }  # fmt: skip


def test_an_unreachable_host_gets_only_the_reachability_finding() -> None:
    facts = replace(healthy(pin=PinFacts("PSSC", "changed", OTHER_SHA, None)), reachable=False,
                    error_kind="unreachable", error="timed out")  # fmt: skip
    assert rules_of(facts) == {"host-unreachable": Severity.ERROR}


def test_a_factory_device_is_never_a_silent_ok() -> None:
    (finding,) = evaluate(FACTORY, OPTS)
    assert (finding.rule, finding.severity) == ("https-disabled", Severity.INFO)
    assert "no `ip http secure-server`" in finding.message


def test_https_off_where_the_inventory_expects_it_is_an_error() -> None:
    off = healthy(secure_server=False, secure_server_saved=False, https_expected=True)
    assert rules_of(off) == {"https-disabled": Severity.ERROR}
    assert "data.https: true" in evaluate(off, OPTS)[0].message


def test_https_on_without_any_certificate_is_one_error_not_two() -> None:
    bare = replace(FACTORY, secure_server=True, served=ServedFacts(port=1, certificate=cert()))
    assert rules_of(bare) == {"no-certificate": Severity.ERROR, "https-not-bound": Severity.WARNING}
    assert "a new one after every reload" in evaluate(bare, OPTS)[0].message
