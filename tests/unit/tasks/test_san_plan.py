"""Issue 17 item 1: the names a certificate carries (``tasks.san``) and how the plan uses them:
``subject-alt-name`` on a release that has it (a certificate without it is re-issued), the CN
on one that does not (never a reason by itself to re-issue), and the plan saying so."""

from __future__ import annotations

from datetime import UTC, datetime

from parsers.show_version import parse_release
from tasks.plan import RolloutOptions, plan_host
from tasks.san import host_names, with_names
from tests.unit.tasks.tasks_fakes import cert_info, config, facts, trustpoint

NOW = datetime(2026, 11, 28, tzinfo=UTC)
TP = "TP-self-signed-4130127353"
IOS12 = parse_release(
    "Cisco IOS Software, 3800 Software (C3845-ADVENTERPRISEK9-M), Version 12.3(14)T,"
)
IOS15 = parse_release(
    "Cisco IOS Software, C2900 Software (C2900-UNIVERSALK9-M), Version 15.7(3)M8,"
)


def healthy() -> dict:
    return config([trustpoint(TP)], {TP: cert_info()}, secure_server=True, secure_trustpoint=TP)


def test_host_names_prefer_fqdn_then_hostname_then_inventory_name() -> None:
    assert host_names("R1", "10.1.1.1", {"fqdn": "r1.example.net"}).names() == [
        "r1.example.net",
        "10.1.1.1",
    ]
    assert host_names("R1", "r1.mgmt", {}).names() == ["r1.mgmt"]
    assert host_names("R1", "::1", {"fqdn": "not a name"}).names() == ["R1", "::1"]


def test_a_fresh_device_gets_subject_alt_name_on_15x() -> None:
    options, note = with_names(RolloutOptions(), host_names("R1", "127.0.0.1", {}), IOS15)
    assert note is None
    plan = plan_host(facts(config()), options, now=NOW)
    assert " subject-alt-name R1" in plan.cli()


def test_a_certificate_without_the_name_is_reissued_where_the_image_can() -> None:
    options, _ = with_names(RolloutOptions(), host_names("R1", "127.0.0.1", {}), IOS15)
    plan = plan_host(facts(healthy(), startup=healthy()), options, now=NOW)
    assert plan.enroll and "subject-alt-name R1 wanted (the device's name)" in plan.reasons[0]
    assert " subject-alt-name R1" in plan.cli()


def test_on_12x_the_plan_says_so_and_the_cn_names_the_device() -> None:
    options, note = with_names(RolloutOptions(), host_names("R1", "127.0.0.1", {}), IOS12)
    assert note is not None and "12.3(14)T has no subject-alt-name" in note
    assert options.subject_alt_name is None
    fresh = plan_host(facts(config()), options, now=NOW)
    assert " subject-name cn=R1" in fresh.cli()
    assert not any("subject-alt-name" in line for line in fresh.cli())
    # a healthy saved certificate is not re-issued only to change its CN
    assert plan_host(facts(healthy(), startup=healthy()), options, now=NOW).empty


def test_no_san_leaves_the_plan_as_before() -> None:
    plan = plan_host(facts(healthy(), startup=healthy()), RolloutOptions(san=False), now=NOW)
    assert plan.empty
