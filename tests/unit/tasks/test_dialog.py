"""The dialog engine against a scripted device: questions answered from the table, the rest
refused, errors and drops reported, and output read in time proportional to its size."""

from __future__ import annotations

import pytest

from tasks.channel import config_prompt_pattern, prompt_pattern
from tasks.dialog import Dialog
from tasks.errors import CommandRejected, DeviceUnreachable, UnexpectedPrompt
from tasks.prompts import ENROLL_PROMPTS, KEYGEN_PROMPTS, SAVE_PROMPTS
from tests.unit.tasks.tasks_fakes import DROP, FakeClock, FakeConn, Step

CONFIG = config_prompt_pattern(FakeConn([]))
EXEC = prompt_pattern(FakeConn([]))
ENROLL = "crypto pki enroll TP"
ANSWERS = {"serial": "no", "ip": "no", "generate": "yes"}


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
    """docs/prompts.md 3.7: keys exist and the modulus is given: no question at all."""
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


# ---- a hostile device: the work is in proportion to the output, and the output has a cap ----
N = 32_000


def _cpu_seconds(run: object) -> float:
    import time

    start = time.process_time()
    run()  # type: ignore[operator]
    return time.process_time() - start


@pytest.mark.parametrize(
    ("flood", "chunk"),
    [
        ("\r\n" * N, 7),  # blank lines, a few at a time
        ("[" * N, 1),  # one open line of '[', one character per read
        ("[" * N + "]: ", 64),  # the same line that finally ends like a question
        (" " * N, 5),
        ("% x\r\n" * (N // 4), 3),
    ],
)
def test_a_flood_of_output_is_read_in_linear_time(flood: str, chunk: int) -> None:
    """Issue 13 finding 3: 32,000 newlines or '[' took 21.6 s with the GIL held."""
    conn = FakeConn([Step(ENROLL, flood + "\r\nR1(config)#")], chunk=chunk)
    dialog = _dialog(conn, ANSWERS)
    dialog.timeout = 10**9  # the fake clock moves 0.01 s per read
    outcome: list[object] = []
    seconds = _cpu_seconds(lambda: outcome.append(_run_flood(dialog)))
    assert seconds < 2.0, f"{seconds:.2f} s of CPU for {len(flood)} characters"
    assert outcome and outcome[0] in ("done", "UnexpectedPrompt")


def _run_flood(dialog: Dialog) -> str:
    try:
        dialog.run()
    except UnexpectedPrompt:  # "[...]: " is a question nobody planned
        return "UnexpectedPrompt"
    return "done"


def test_more_output_than_the_cap_abandons_the_dialog() -> None:
    from tasks.errors import OutputOverflow

    conn = FakeConn([Step(ENROLL, "x" * 5_000), Step("\x03", "\r\nR1(config)#")], chunk=500)
    dialog = _dialog(conn, ANSWERS)
    dialog.limit = 4_000
    with pytest.raises(OutputOverflow, match="more than 4000 characters") as err:
        dialog.run()
    assert err.value.command == ENROLL and conn.sent[-1] == "\x03"
    assert len(dialog.seen) <= 4_000


def test_an_error_word_inside_a_statement_is_not_an_error() -> None:
    """Only a line that starts with the marker is IOS refusing the command."""
    conn = FakeConn(
        [
            Step(
                ENROLL,
                "% The subject name in the certificate will include: R1.%Error.example\r\n"
                "Generate Self Signed Router Certificate? [yes/no]: ",
            ),
            Step("yes", "Router Self Signed Certificate successfully created\r\nR1(config)#"),
        ]
    )
    assert [a for _, a in _dialog(conn, ANSWERS).run().answers] == ["yes"]


def test_the_echo_may_arrive_in_pieces() -> None:
    conn = FakeConn(
        [
            Step(ENROLL, "Generate Self Signed Router Certificate? [yes/no]: "),
            Step("yes", CONFIG_BACK),
        ],
        chunk=2,
    )
    assert _dialog(conn, ANSWERS).run().answers[0][1] == "yes"


CONFIG_BACK = "\r\nRouter Self Signed Certificate successfully created\r\nR1(config)#"


def test_a_session_gone_before_the_command_is_device_unreachable() -> None:
    conn = FakeConn([])
    conn.closed = True
    with pytest.raises(DeviceUnreachable, match="before 'crypto pki enroll TP' could be sent"):
        _dialog(conn, ANSWERS).run()
