"""The dialog table against every published prompt wording (prompt-variants §1, §3, §5)."""

from __future__ import annotations

import pytest
from tasks_fakes import DROP, FakeClock, FakeConn, Step

from tasks.dialog import (
    ENROLL_PROMPTS,
    KEYGEN_PROMPTS,
    REMOVE_PROMPTS,
    SAVE_PROMPTS,
    Dialog,
    match_prompt,
)
from tasks.errors import CommandRejected, DeviceUnreachable, UnexpectedPrompt
from tasks.session import config_prompt_pattern, prompt_pattern

CONFIG = config_prompt_pattern(FakeConn([]))
EXEC = prompt_pattern(FakeConn([]))
ENROLL = "crypto pki enroll TP"
ANSWERS = {"serial": "no", "ip": "no", "generate": "yes"}

# (table, exact text as published, expected name) -- the trailing space is part of the prompt.
CASES = [
    (
        ENROLL_PROMPTS,
        "% Include the router serial number in the subject name? [yes/no]: ",
        "serial",
    ),
    (ENROLL_PROMPTS, "% Include an IP address in the subject name? [no]: ", "ip"),
    (ENROLL_PROMPTS, "% Include an IP address in the subject name? [yes/no]: ", "ip"),
    (ENROLL_PROMPTS, "Enter Interface name or IP Address[]: ", "ip_value"),
    (ENROLL_PROMPTS, "Generate Self Signed Router Certificate? [yes/no]: ", "generate"),
    (
        ENROLL_PROMPTS,
        "The router has already generated a Self Signed Certificate for\r\n"
        "trustpoint TP-self-signed-4130127353.\r\n"
        "If you continue the existing trustpoint and Self Signed Certificate\r\n"
        "will be deleted.\r\n\r\nDo you want to continue? [yes/no]: ",
        "replace_selfsigned",
    ),
    (
        ENROLL_PROMPTS,
        "Trustpoint DMVPN has already enrolled and has a router cert issued to it.\r\n"
        "If you successfully re-enroll this trustpoint,the existing certificate will be "
        "replaced.\r\n\r\nDo you want to continue with re-enrollment? [yes/no]: ",
        "replace_certificate",
    ),
    (
        KEYGEN_PROMPTS,
        "% You already have RSA keys defined named PKI.\r\n"
        "% Do you really want to replace them? [yes/no]: ",
        "replace_keys",
    ),
    (
        KEYGEN_PROMPTS,
        "% You already have EC keys defined named ECKEYS.\r\n"
        "% Do you really want to replace them? [yes/no]: ",
        "replace_keys",
    ),
    (
        KEYGEN_PROMPTS,
        "Choose the size of the key modulus in the range of 360 to 4096 for your\r\n"
        "  General Purpose Keys. Choosing a key modulus greater than 512 may take\r\n"
        "  a few minutes.\r\n\r\nHow many bits in the modulus [512]: ",
        "modulus",
    ),
    (KEYGEN_PROMPTS, "How many bits in the modulus [2048]: ", "modulus"),
    (
        KEYGEN_PROMPTS,
        "% All keys will be removed.\r\n% All router certs issued using these keys will also "
        "be removed.\r\nDo you really want to remove these keys? [yes/no]: ",
        "remove_keys",
    ),
    (
        REMOVE_PROMPTS,
        "% Removing an enrolled trustpoint will destroy all certificates\r\n"
        "received from the related Certificate Authority.\r\n\r\n"
        "Are you sure you want to do this? [yes/no]: ",
        "remove_trustpoint",
    ),
    (SAVE_PROMPTS, "Destination filename [startup-config]? ", "destination"),
    (SAVE_PROMPTS, "Overwrite the previous NVRAM configuration?[confirm]", "overwrite"),
]


@pytest.mark.parametrize(("table", "text", "name"), CASES)
def test_every_published_prompt_is_recognised(table: tuple, text: str, name: str) -> None:
    prompt = match_prompt(table, "R1(config)#command\r\n" + text)
    assert prompt is not None and prompt.name == name


@pytest.mark.parametrize(
    "text",
    [
        "% The serial number in the certificate will be: 9XVYC51FMT6\r\n",
        "% The IP address in the certificate is 202.100.1.1\r\n",
        "% The fully-qualified domain name will not be included in the certificate\r\n",
        "Router Self Signed Certificate successfully created\r\n",
        "% Generating 2048 bit RSA keys, keys will be non-exportable...\r\n[OK]",
        "% Include the router serial number in the subject name? [yes/",
        "The name for the keys will be: TP\r\n% The key modulus size is 2048 bits\r\n",
        "% Generating 1024 bit RSA keys, keys will be exportable...\r\n",
        "% Generating crypto RSA keys in background ...\r\n",
        "% You already have RSA keys defined named RSAKEYS.\r\n% They will be replaced.\r\n\r\n",
        " RSA key size needs to be atleast 768 bits for ssh version 2\r\n",
        "[OK] (elapsed time was 10 seconds)\r\n",
    ],
)
def test_statements_and_partial_prompts_are_not_questions(text: str) -> None:
    assert match_prompt(ENROLL_PROMPTS + KEYGEN_PROMPTS, text) is None


def _dialog(conn: FakeConn, answers: dict, command: str = ENROLL, done: str = CONFIG) -> Dialog:
    clock = FakeClock()
    table = ENROLL_PROMPTS if "enroll" in command else KEYGEN_PROMPTS
    return Dialog(
        conn,
        "R1",
        command,
        table=table,
        answers=answers,
        done=done,
        timeout=30,
        quiet=2.0,
        clock=clock,
        sleep=clock.sleep,
    )


def test_full_enroll_dialog_is_answered_from_the_table() -> None:
    conn = FakeConn(
        [
            Step(ENROLL, "% Include the router serial number in the subject name? [yes/no]: "),
            Step("no", "% Include an IP address in the subject name? [no]: "),
            Step("no", "Generate Self Signed Router Certificate? [yes/no]: "),
            Step("yes", "\r\nRouter Self Signed Certificate successfully created\r\nR1(config)#"),
        ]
    )
    transcript = _dialog(conn, ANSWERS).run()
    assert [a for _, a in transcript.answers] == ["no", "no", "yes"]
    assert conn.sent == [ENROLL + "\n", "no\n", "no\n", "yes\n"]
    assert not conn.script


def test_syslog_lines_in_the_middle_are_tolerated() -> None:
    conn = FakeConn(
        [
            Step(
                ENROLL,
                "\r\n*Nov 29 20:51:13.067: %SSH-5-ENABLED: SSH 1.99 has been enabled\r\n"
                "% The serial number in the certificate will be: FTX1234A0BC\r\n"
                "Generate Self Signed Router Certificate? [yes/no]: "
                "\r\n*Nov 29 20:51:13.267: %CRYPTO-6-AUTOGEN: Generated new 2048 bit key pair\r\n",
            ),
            Step(
                "yes",
                "\r\nRouter Self Signed Certificate successfully created\r\nR1(config)#\r\n"
                "*Nov 29 20:51:14.001: %PKI-4-NOCONFIGAUTOSAVE: Configuration was modified.  "
                'Issue "write memory" to save new IOS PKI configuration\r\n',
            ),
        ]
    )
    transcript = _dialog(conn, ANSWERS).run()
    assert transcript.answers == (("Generate Self Signed Router Certificate? [yes/no]:", "yes"),)


def test_unknown_bracket_prompt_is_declined_and_reported() -> None:
    conn = FakeConn(
        [
            Step(ENROLL, "% Enable FIPS compliance for this key? [yes/no]: "),
            Step("no", "R1(config)#"),
        ]
    )
    with pytest.raises(UnexpectedPrompt) as err:
        _dialog(conn, ANSWERS).run()
    assert "Enable FIPS compliance" in str(err.value)
    assert conn.sent[-1] == "no\n"  # declined, nothing accepted
    assert "yes\n" not in conn.sent


def test_unknown_question_without_brackets_is_aborted_with_ctrl_c() -> None:
    conn = FakeConn(
        [Step(ENROLL, "Proceed with the frobnication?"), Step("\x03", "\r\nR1(config)#")]
    )
    with pytest.raises(UnexpectedPrompt) as err:
        _dialog(conn, ANSWERS).run()
    assert "frobnication" in str(err.value)
    assert conn.sent[-1] == "\x03"


def test_known_prompt_that_was_not_planned_is_not_answered_yes() -> None:
    conn = FakeConn(
        [
            Step(
                ENROLL,
                "Trustpoint TP has already enrolled and has a router cert issued to it.\r\n"
                "Do you want to continue with re-enrollment? [yes/no]: ",
            ),
            Step("no", "R1(config)#"),
        ]
    )
    with pytest.raises(UnexpectedPrompt, match="replace_certificate"):
        _dialog(conn, ANSWERS).run()
    assert conn.sent[-1] == "no\n"


def test_invalid_input_is_command_rejected() -> None:
    conn = FakeConn(
        [
            Step(
                ENROLL,
                "     ^\r\n% Invalid input detected at '^' marker.\r\n\r\nR1(config)#",
            )
        ]
    )
    with pytest.raises(CommandRejected, match="Invalid input"):
        _dialog(conn, ANSWERS).run()


def test_failed_generation_is_command_rejected() -> None:
    conn = FakeConn(
        [
            Step(ENROLL, "Generate Self Signed Router Certificate? [yes/no]: "),
            Step("yes", "Failed to generate persistent self-signed certificate.\r\nR1(config)#"),
        ]
    )
    with pytest.raises(CommandRejected, match="Failed to generate"):
        _dialog(conn, ANSWERS).run()


def test_session_dropped_mid_dialog_is_device_unreachable() -> None:
    conn = FakeConn(
        [Step(ENROLL, "Generate Self Signed Router Certificate? [yes/no]: "), Step("yes", DROP)]
    )
    with pytest.raises(DeviceUnreachable, match="dropped") as err:
        _dialog(conn, ANSWERS).run()
    assert "Generate Self Signed" in (err.value.seen or "")


def test_keygen_replace_and_modulus_are_answered() -> None:
    command = "crypto key generate rsa general-keys label TP"
    conn = FakeConn(
        [
            Step(
                command,
                "The name for the keys will be: TP\r\n% You already have RSA keys defined "
                "named TP.\r\n% Do you really want to replace them? [yes/no]: ",
            ),
            Step("yes", "How many bits in the modulus [512]: "),
            Step(
                "2048",
                "% Generating 2048 bit RSA keys, keys will be non-exportable...\r\n"
                "[OK] (elapsed time was 1 seconds)\r\nR1(config)#",
            ),
        ]
    )
    transcript = _dialog(conn, {"replace_keys": "yes", "modulus": "2048"}, command).run()
    assert [a for _, a in transcript.answers] == ["yes", "2048"]


def test_write_memory_with_overwrite_confirm() -> None:
    conn = FakeConn(
        [
            Step("write memory", "Overwrite the previous NVRAM configuration?[confirm]"),
            Step("", "Building configuration...\r\n[OK]\r\nR1#"),
        ]
    )
    clock = FakeClock()
    transcript = Dialog(
        conn,
        "R1",
        "write memory",
        table=SAVE_PROMPTS,
        answers={"overwrite": ""},
        done=EXEC,
        clock=clock,
        sleep=clock.sleep,
    ).run()
    assert "[OK]" in transcript.text


def test_keygen_without_questions_when_keys_are_replaced_with_a_modulus() -> None:
    """prompt-variants 3.7: keys exist and the modulus is given: no question at all."""
    command = "crypto key generate rsa general-keys label RSAKEYS modulus 4096"
    conn = FakeConn(
        [
            Step(
                command,
                "% You already have RSA keys defined named RSAKEYS.\r\n% They will be replaced."
                "\r\n\r\n% The key modulus size is 4096 bits\r\n"
                "% Generating 4096 bit RSA keys, keys will be non-exportable...\r\n"
                "[OK] (elapsed time was 10 seconds)\r\n\r\nR1(config)#\r\n"
                "*Mar  1 00:01:02.003: %SSH-5-DISABLED: SSH 2.0 has been disabled\r\n",
            )
        ]
    )
    transcript = _dialog(conn, {"replace_keys": "yes"}, command).run()
    assert transcript.answers == () and conn.sent == [command + "\n"]


def test_keygen_without_domain_name_is_rejected() -> None:
    command = "crypto key generate rsa"
    conn = FakeConn([Step(command, "% Please define a domain-name first.\r\nR1(config)#")])
    with pytest.raises(CommandRejected, match="domain-name"):
        _dialog(conn, {}, command).run()


def test_a_long_key_generation_is_waited_for_not_taken_for_a_prompt() -> None:
    """Output that stops on '...' for longer than the quiet time is work in progress."""
    command = "crypto key generate rsa general-keys label TP modulus 4096"
    conn = FakeConn(
        [Step(command, "% Generating 4096 bit RSA keys, keys will be non-exportable...")]
    )
    clock = FakeClock()
    dialog = Dialog(
        conn, "R1", command, table=KEYGEN_PROMPTS, answers={}, done=CONFIG, timeout=60,
        quiet=2.0, clock=clock, sleep=clock.sleep,
    )  # fmt: skip

    def sleep(seconds: float) -> None:  # the device answers after 10 quiet seconds
        clock.now += seconds
        if 10.0 <= clock.now < 10.0 + seconds:
            conn.pending += "[OK] (elapsed time was 10 seconds)\r\nR1(config)#"

    dialog.sleep = sleep
    transcript = dialog.run()
    assert "[OK]" in transcript.text and clock.now >= 10.0
