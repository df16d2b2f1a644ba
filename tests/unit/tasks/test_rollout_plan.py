"""The rollout plan from facts alone: idempotence, --rotate, --fix, one self-signed trustpoint."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tasks.plan import DEFAULT_TRUSTPOINT, RolloutOptions, plan_host
from tests.unit.tasks.tasks_fakes import cert_info, config, facts, trustpoint

NOW = datetime(2026, 11, 28, tzinfo=UTC)
TP = "TP-self-signed-4130127353"


def healthy(cert: dict | None = None, **kw: object) -> dict:
    kw.setdefault("secure_trustpoint", TP)
    return config([trustpoint(TP)], {TP: cert or cert_info()}, secure_server=True, **kw)


def test_fresh_device_gets_trustpoint_enroll_https_and_save() -> None:
    plan = plan_host(facts(config()), RolloutOptions(), now=NOW)
    assert plan.trustpoint == DEFAULT_TRUSTPOINT
    assert plan.enroll and not plan.generate_key and plan.save and not plan.blocked
    assert plan.cli() == [
        "configure terminal",
        f"crypto pki trustpoint {DEFAULT_TRUSTPOINT}",
        " enrollment selfsigned",
        " ip-address none",
        f" rsakeypair {DEFAULT_TRUSTPOINT} 2048",
        " hash sha256",
        " exit",
        f"crypto pki enroll {DEFAULT_TRUSTPOINT}",
        " ! answer % Include the router serial number in the subject name? [yes/no]: yes",
        " ! answer Generate Self Signed Router Certificate? [yes/no]: yes",
        f"ip http secure-trustpoint {DEFAULT_TRUSTPOINT}",
        "ip http secure-server",
        "end",
        "write memory",
    ]


def test_healthy_saved_certificate_is_left_alone() -> None:
    running = healthy()
    plan = plan_host(facts(running, startup=healthy()), RolloutOptions(), now=NOW)
    assert plan.empty and plan.cli() == []
    assert plan.trustpoint == TP  # the existing self-signed trustpoint is reused


def test_healthy_but_unsaved_certificate_is_only_saved() -> None:
    plan = plan_host(facts(healthy(), startup=config()), RolloutOptions(), now=NOW)
    assert plan.save and not plan.changes_config
    assert plan.cli() == ["write memory"]


NEW_LABEL = f"{TP}-20261128000000"  # a new key: a label no key has yet (the old pair stays)


def test_rotate_makes_a_new_key_and_certificate() -> None:
    plan = plan_host(facts(healthy(), healthy()), RolloutOptions(rotate=True), now=NOW)
    assert plan.enroll and plan.replace_certificate and plan.key_label == NEW_LABEL
    assert plan.trustpoint_lines == (f"rsakeypair {NEW_LABEL} 2048",)
    assert " ! answer Do you want to continue with re-enrollment? [yes/no]: yes" in plan.cli()


@pytest.mark.parametrize(
    ("cert", "why"),
    [
        (cert_info(not_after="2020-01-01T00:00:00Z", digest="sha1"), "FN70489"),
        (cert_info(not_after="2026-01-01T00:00:00Z"), "expired on 2026-01-01"),
        (cert_info(key_size=1024), "1024-bit key, under the minimum of 2048"),
        (cert_info(digest="sha1"), "signed with sha1"),
        (cert_info(digest="md5", key_size=512), "signed with md5"),
    ],
)
def test_policy_rejected_certificate_needs_fix(cert: dict, why: str) -> None:
    blocked = plan_host(facts(healthy(cert), healthy(cert)), RolloutOptions(), now=NOW)
    assert blocked.blocked and why in blocked.blocked and "--fix" in blocked.blocked
    assert blocked.cli() == []  # nothing is sent without --fix
    fixed = plan_host(facts(healthy(cert), healthy(cert)), RolloutOptions(fix=True), now=NOW)
    assert not fixed.blocked and fixed.enroll and fixed.save and fixed.key_label == NEW_LABEL


def test_other_key_size_than_wanted_is_replaced() -> None:
    cert = cert_info(key_size=4096)
    plan = plan_host(facts(healthy(cert), healthy(cert)), RolloutOptions(), now=NOW)
    assert plan.enroll and plan.key_label == NEW_LABEL
    assert any("4096-bit key, 2048 wanted" in r for r in plan.reasons)


def test_second_self_signed_trustpoint_is_removed_never_left_beside() -> None:
    other = "TP-self-signed-1111"
    running = config(
        [trustpoint(TP), trustpoint(other)],
        {TP: cert_info(), other: cert_info(tag="B")},
        secure_server=True,
        secure_trustpoint=TP,
    )
    plan = plan_host(facts(running, running), RolloutOptions(), now=NOW)
    assert plan.trustpoint == TP and not plan.enroll
    assert plan.remove_trustpoints == (other,)
    assert f"no crypto pki trustpoint {other}" in plan.cli()
    assert " ! answer Are you sure you want to do this? [yes/no]: yes" in plan.cli()


def test_named_trustpoint_replaces_the_existing_self_signed_one() -> None:
    plan = plan_host(facts(healthy(), healthy()), RolloutOptions(trustpoint="HTTPS"), now=NOW)
    assert plan.trustpoint == "HTTPS" and plan.enroll
    assert plan.remove_trustpoints == (TP,)
    assert "ip http secure-trustpoint HTTPS" in plan.https_lines
    answers = plan.cli()
    assert any("already generated a Self Signed Certificate" in line for line in answers)


def test_https_on_a_ca_issued_trustpoint_is_not_taken_over() -> None:
    ca = trustpoint("CORP-CA")
    ca["enrollment"] = "url"
    running = config([ca], secure_server=True, secure_trustpoint="CORP-CA")
    plan = plan_host(facts(running, running), RolloutOptions(), now=NOW)
    assert plan.blocked and "CORP-CA" in plan.blocked


def test_https_missing_on_a_healthy_saved_certificate() -> None:
    running = config([trustpoint(TP)], {TP: cert_info()})
    plan = plan_host(facts(running, running), RolloutOptions(), now=NOW)
    assert not plan.enroll
    # HTTPS is always bound explicitly, never left to "the one self-signed trustpoint"
    assert plan.https_lines == (f"ip http secure-trustpoint {TP}", "ip http secure-server")
    assert plan.cli() == [
        "configure terminal",
        f"ip http secure-trustpoint {TP}",
        "ip http secure-server",
        "end",
        "write memory",
    ]


def test_unbound_https_on_a_healthy_saved_certificate_is_bound() -> None:
    running = config([trustpoint(TP)], {TP: cert_info()}, secure_server=True)
    plan = plan_host(facts(running, running), RolloutOptions(), now=NOW)
    assert not plan.enroll and plan.https_lines == (f"ip http secure-trustpoint {TP}",)


def test_subject_name_asked_for_means_a_new_certificate_but_not_a_new_key() -> None:
    options = RolloutOptions(subject_name="cn=r1.example.net")
    plan = plan_host(facts(healthy(), healthy()), options, now=NOW)
    assert plan.enroll and plan.key_label == TP  # the same key
    assert plan.trustpoint_lines == ("subject-name cn=r1.example.net",)


@pytest.mark.parametrize(
    ("running", "startup", "why"),
    [
        # IOS XE at first boot: TP-self-signed-..., secure-server on, not bound, nothing saved
        (
            config([trustpoint(TP)], {TP: cert_info()}, secure_server=True),
            config(),
            f"not bound to {TP}",
        ),
        (config([trustpoint(TP)], {TP: cert_info()}), None, "HTTPS server is off"),
        (healthy(), config(), "not in the startup configuration"),
    ],
)
def test_every_change_says_why(running: dict, startup: dict | None, why: str) -> None:
    plan = plan_host(facts(running, startup or running), RolloutOptions(), now=NOW)
    assert not plan.empty
    assert any(why in reason for reason in plan.reasons), plan.reasons
