"""The rollout's steps as Nornir tasks against a scripted device (no socket): what each sends,
what it leaves alone, dry runs, and the errors an operator reads."""

from __future__ import annotations

import pytest

from tasks.errors import CommandRejected, SaveFailed
from tasks.facts import PkiFacts, gather_pki_facts
from tasks.steps import (
    enroll_self_signed,
    ensure_https,
    ensure_trustpoint,
    remove_trustpoint,
    save_config,
)
from tests.unit.tasks.tasks_fakes import (
    FakeConn,
    Step,
    config,
    config_text,
    facts,
    run_task,
    selfsigned_der,
    trustpoint,
)

TP = "TP"
CONFIG = "\r\nR1(config)#"
EXEC = "\r\nR1#"
NOT_K9 = "                  ^\r\n% Invalid input detected at '^' marker.\r\n"
FRESH = facts(config())


def config_steps(*lines: str) -> list[Step]:
    """``configure terminal``, each line answered with nothing (accepted), ``end``."""
    return [Step(x, "") for x in ("configure terminal", *lines, "end")]


def test_ensure_trustpoint_sends_only_the_lines_that_differ() -> None:
    lines = ["enrollment selfsigned", "ip-address none", f"rsakeypair {TP} 2048", "hash sha256"]
    conn = FakeConn(config_steps(f"crypto pki trustpoint {TP}", *lines, "exit"))
    result = run_task(conn, ensure_trustpoint, trustpoint=TP, facts=FRESH)
    assert not result.failed, result.exception
    assert result.changed and result.result == lines
    assert result.diff.splitlines() == [f"crypto pki trustpoint {TP}"] + [f" {x}" for x in lines]
    assert not conn.script


def test_ensure_trustpoint_leaves_a_right_trustpoint_alone() -> None:
    conn = FakeConn([])
    result = run_task(conn, ensure_trustpoint, trustpoint=TP, facts=facts(config([trustpoint(TP)])))
    assert not result.failed and not result.changed and conn.sent == []


def test_ensure_trustpoint_in_a_dry_run_sends_nothing() -> None:
    conn = FakeConn([])
    result = run_task(conn, ensure_trustpoint, dry_run=True, trustpoint=TP, facts=FRESH)
    assert result.changed and f"crypto pki trustpoint {TP}" in result.diff
    assert conn.sent == []


def test_no_crypto_image_is_named_and_config_mode_is_left() -> None:
    conn = FakeConn(
        [
            Step("configure terminal", ""),
            Step(f"crypto pki trustpoint {TP}", NOT_K9),
            Step("end", ""),
        ]
    )
    result = run_task(conn, ensure_trustpoint, trustpoint=TP, facts=FRESH)
    error = result.exception
    assert isinstance(error, CommandRejected) and "no crypto image?" in error.message
    assert error.command == f"crypto pki trustpoint {TP}" and error.host == "R1"
    assert isinstance(error.__cause__, CommandRejected)  # the first error was not changed
    assert "no crypto image" not in error.__cause__.message
    assert conn.sent[-1] == "end"


def enroll_script(*, generate_reply: str) -> list[Step]:
    serial = "% Include the router serial number in the subject name? [yes/no]: "
    return [
        Step("configure terminal", ""),
        Step(
            f"crypto key generate rsa general-keys label {TP} modulus 2048",
            "% The key modulus size is 2048 bits\r\n[OK]" + CONFIG,
        ),
        Step(f"crypto pki enroll {TP}", serial),
        Step("yes", "Generate Self Signed Router Certificate? [yes/no]: "),
        Step("yes", generate_reply),
        Step("end", ""),
    ]


def test_enroll_self_signed_answers_the_dialogs_from_the_table() -> None:
    conn = FakeConn(enroll_script(generate_reply="Router Self Signed Certificate created" + CONFIG))
    result = run_task(conn, enroll_self_signed, trustpoint=TP, new_key=True)
    assert not result.failed, result.exception
    assert conn.commands() == [
        "configure terminal",
        f"crypto key generate rsa general-keys label {TP} modulus 2048",
        f"crypto pki enroll {TP}",
        "yes",
        "yes",
        "end",
    ]
    assert " ! answer Generate Self Signed Router Certificate? [yes/no]: yes" in result.diff


def test_a_failed_generation_names_fn70489() -> None:
    reply = "% Failed to generate self-signed certificate." + CONFIG
    conn = FakeConn(enroll_script(generate_reply=reply))
    result = run_task(conn, enroll_self_signed, trustpoint=TP, new_key=True)
    error = result.exception
    assert isinstance(error, CommandRejected) and "FN70489" in error.message
    assert error.message.startswith("% Failed to generate self-signed certificate.")
    assert conn.sent[-1] == "end"


def test_remove_trustpoint_that_is_not_configured_does_nothing() -> None:
    show = "show running-config | include ^crypto pki trustpoint"
    conn = FakeConn([Step(show, "crypto pki trustpoint OTHER\r\n")])
    result = run_task(conn, remove_trustpoint, trustpoint=TP)
    assert not result.failed and not result.changed and conn.commands() == [show]


def test_remove_trustpoint_confirms_the_removal() -> None:
    show = "show running-config | include ^crypto pki trustpoint"
    conn = FakeConn(
        [
            Step(show, f"crypto pki trustpoint {TP}\r\n"),
            Step("configure terminal", ""),
            Step(
                f"no crypto pki trustpoint {TP}",
                "% Removing an enrolled trustpoint will destroy all certificates\r\n"
                "received from the related Certificate Authority.\r\n\r\n"
                "Are you sure you want to do this? [yes/no]: ",
            ),
            Step(
                "yes", "% Be sure to ask the CA administrator to revoke your certificates." + CONFIG
            ),
            Step("end", ""),
        ]
    )
    result = run_task(conn, remove_trustpoint, trustpoint=TP)
    assert not result.failed, result.exception
    assert result.changed and conn.commands()[-3:] == [
        f"no crypto pki trustpoint {TP}",
        "yes",
        "end",
    ]


def test_ensure_https_binds_the_trustpoint() -> None:
    lines = [f"ip http secure-trustpoint {TP}", "ip http secure-server"]
    conn = FakeConn(config_steps(*lines))
    result = run_task(conn, ensure_https, trustpoint=TP, facts=facts(config([trustpoint(TP)])))
    assert not result.failed and result.result == lines and not conn.script


def save_script(write_reply: str, startup: str) -> list[Step]:
    running = config_text(TP, selfsigned_der())
    return [
        Step("write memory", write_reply),
        Step("show running-config", running),
        Step("show startup-config", startup),
    ]


def test_save_config_checks_ok_and_the_startup_certificate() -> None:
    conn = FakeConn(
        save_script("Building configuration...\r\n[OK]" + EXEC, config_text(TP, selfsigned_der()))
    )
    result = run_task(conn, save_config, trustpoint=TP)
    assert not result.failed, result.exception
    assert isinstance(result.result, PkiFacts) and result.result.saved(TP)


def test_nvram_error_is_save_failed() -> None:
    reply = "Building configuration...\r\n%Error writing nvram:startup-config" + EXEC
    conn = FakeConn([Step("write memory", reply)])
    result = run_task(conn, save_config, trustpoint=TP)
    assert isinstance(result.exception, SaveFailed)
    assert "%Error writing nvram:startup-config" in str(result.exception)


def test_startup_without_the_certificate_is_save_failed() -> None:
    conn = FakeConn(save_script("Building configuration...\r\n[OK]" + EXEC, config_text(TP)))
    result = run_task(conn, save_config, trustpoint=TP)
    assert isinstance(result.exception, SaveFailed) and "does not hold" in str(result.exception)


@pytest.mark.parametrize(
    "banner",
    [
        "% Access denied",
        "%Error: authorised use only",
        "% Invalid input detected at '^' marker.",
        "% Incomplete command.",
    ],
)
def test_a_banner_with_ios_error_words_is_configuration_not_an_error(banner: str) -> None:
    """Issue 13 finding 3: a banner line is device text, not the device refusing the command."""
    motd = f"banner motd ^C\r\n{banner}\r\nUnauthorised access prohibited\r\n^C"
    running = config_text(TP, selfsigned_der(), extra=motd)
    conn = FakeConn(
        [
            Step("show running-config", running),
            Step("show startup-config", running),
            Step("show version", "Cisco IOS Software\r\nR1 uptime is 5 minutes\r\n"),
        ]
    )
    result = run_task(conn, gather_pki_facts, detail=False)
    assert not result.failed, result.exception
    assert result.result.saved(TP) and result.result.uptime_seconds == 300.0
