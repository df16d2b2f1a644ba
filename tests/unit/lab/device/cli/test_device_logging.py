"""Item 1 of issue 12: where log messages go (docs/ios-behaviour.md sections 1.7 and 4.7).

A vty session sees a message only after ``terminal monitor``, then every message of the device
(whichever session caused it), after the prompt and without the prompt again unless
``logging synchronous``; ``show logging`` shows the buffer. The message lines are those of the
transcripts: ``%SYS-5-CONFIG_I: Configured from console by cisco on vty1 (10.10.20.50)`` in
genieparser's ``show logging`` capture (CiscoTestAutomation/genieparser
``src/genie/libs/parser/ios/tests/ShowLogging/cli/equal/golden_output_6_output.txt``), the ``*``
of a clock that is not authoritative in the seed's ``*Dec 21 19:14:15.421:%PKI-4-NOAUTOSAVE``
(persistent-self-signed-certificates.txt, "Enabling the HTTPS Server: Example").
"""

from __future__ import annotations

import re

import pytest

from lab.device import Device, Faults
from lab.protocol import Write
from tests.unit.lab.device_helpers import Cli, MakeDevice

CONFIG_I = re.compile(
    r"\w{3} [ \d]\d \d\d:\d\d:\d\d\.\d{3}: %SYS-5-CONFIG_I: Configured from console by "
    r"admin on vty0 \(127\.0\.0\.1\)"
)


def test_a_session_without_terminal_monitor_sees_no_message(dev: Device) -> None:
    a, b = Cli(dev).enable(), Cli(dev, peer="127.0.0.9").enable()
    out = a.config("crypto key generate rsa label K modulus 1024", "hostname R9")
    assert "%" not in out.replace("% The key modulus", "").replace("% Generating", "")
    assert out.endswith("\nR9#")  # the prompt is the last thing written
    assert b.session.take_async("") == []
    assert "%SSH-5-ENABLED" in dev.run("show logging")  # logged all the same


def test_terminal_monitor_shows_own_messages_after_the_prompt(cli: Cli) -> None:
    cli.line("terminal monitor")
    cli.lines("configure terminal", "hostname R9")
    out = cli.line("end")
    kinds = [type(a).__name__ for a in cli.actions]
    assert kinds == ["Write", "Sleep", "Write"]  # the prompt, a moment, the message
    assert out.startswith("\nR9#\n") and CONFIG_I.search(out)
    assert out.endswith("(127.0.0.1)\n")  # IOS does not print the prompt again
    cli.line("terminal no monitor")
    assert cli.config("hostname R1") == (
        "\nEnter configuration commands, one per line.  End with CNTL/Z.\nR9(config)#\nR1(config)#"
        "\nR1#"
    )


def test_terminal_monitor_gets_every_message_of_the_device(dev: Device) -> None:
    watcher, worker = Cli(dev).enable(), Cli(dev, user="ops", peer="127.0.0.9").enable()
    woken: list[int] = []
    watcher.session.set_waker(lambda: woken.append(1))
    watcher.line("terminal monitor")
    worker.config("hostname R2")
    assert woken  # the transport is told at once
    acts = watcher.session.take_async("sh")
    assert len(acts) == 1 and isinstance(acts[0], Write)
    text = acts[0].text
    assert re.fullmatch(
        r"\r\n\w{3} [ \d]\d [\d:.]+: %SYS-5-CONFIG_I: Configured from console by ops on vty1 "
        r"\(127\.0\.0\.9\)\r\n",
        text,
    )
    assert watcher.session.take_async("") == []  # delivered once


def test_logging_synchronous_reprints_the_prompt_and_the_typed_line(dev: Device) -> None:
    a, b = Cli(dev).enable(), Cli(dev, peer="127.0.0.9").enable()
    a.config("line vty 0 15", "logging synchronous")
    assert "\nline vty 0 15\n logging synchronous\n login local\n" in dev.running_config()
    a.line("terminal monitor")
    b.config("hostname R3")
    (act,) = a.session.take_async("show ver")
    assert isinstance(act, Write) and act.text.endswith(
        "%SYS-5-CONFIG_I: Configured from console by admin on vty1 (127.0.0.9)\r\nR3#show ver"
    )
    own = a.config("hostname R4")
    assert own.endswith("(127.0.0.1)\nR4#")  # its own message too, then the prompt again
    dev.run("write memory")
    dev.go_down("Reload Command")
    dev.boot()  # saved: it comes back from the startup configuration
    assert "\nline vty 0 15\n logging synchronous\n" in dev.running_config()
    a = Cli(dev).enable()
    a.config("line vty 0 4", "no logging synchronous")
    assert " logging synchronous" not in dev.running_config()
    a.config("line con 0", "logging synchronous")  # the console is not a vty session
    assert " logging synchronous" not in dev.running_config()


def test_messages_in_a_dialog_come_before_the_next_question(cli: Cli) -> None:
    cli.lines("terminal monitor", "conf t", "crypto pki trustpoint TP", "enrollment selfsigned")
    out = cli.lines("exit", "crypto pki enroll TP")
    assert re.search(
        r"%SSH-5-ENABLED: SSH 1\.5 has been enabled\n.*%CRYPTO-6-AUTOGEN: Generated new 512 bit "
        r"key pair\n% Include the router serial number in the subject name\? \[yes/no\]: $",
        out,
        re.S,
    )


SHOW_LOGGING_HEAD = {
    # 12.3: no discriminators, no filtering (the 12.x layout of `show logging`)
    "ios12": [
        "Syslog logging: enabled (0 messages dropped, 0 messages rate-limited, 0 flushes, "
        "0 overruns, xml disabled)",
        "    Console logging: level debugging, N messages logged, xml disabled",
    ],
    # 15.x: genieparser ios/ShowLogging golden_output_4 layout, `Logging Exception size`
    "ios15": [
        "Syslog logging: enabled (0 messages dropped, 0 messages rate-limited, 0 flushes, "
        "0 overruns, xml disabled, filtering disabled)",
        "",
        "No Active Message Discriminator.",
    ],
    # IOS XE (CSR): genieparser ios/ShowLogging golden_output_6, `Exception Logging: size`
    "iosxe17": [
        "Syslog logging: enabled (0 messages dropped, 0 messages rate-limited, 0 flushes, "
        "0 overruns, xml disabled, filtering disabled)",
        "",
        "No Active Message Discriminator.",
    ],
}


@pytest.mark.parametrize("personality", ["ios12", "ios15", "iosxe17"])
def test_show_logging_shows_the_buffer(make_device: MakeDevice, personality: str) -> None:
    dev = make_device(personality=personality)
    c = Cli(dev).enable()
    c.config("hostname R5")
    out = c.line("show logging")
    lines = [re.sub(r"\d+ messages logged", "N messages logged", ln) for ln in out.splitlines()]
    head = SHOW_LOGGING_HEAD[personality]
    assert lines[1 : 1 + len(head)] == head
    size = dev.persona.log_buffer_bytes
    assert f"Log Buffer ({size} bytes):" in lines
    assert CONFIG_I.search(lines[-2]) and lines[-1] == "R5#"
    exception = "Exception Logging: size (8192" if personality == "iosxe17" else "Logging Exception"
    assert exception in out
    c.config("logging buffered 16384 warnings")
    assert "\nlogging buffered 16384 warnings\n" in dev.running_config()
    out = c.line("show logging")
    assert "Buffer logging:  level warnings" in out or "Buffer logging: level warnings" in out
    assert "Log Buffer (16384 bytes):\n" in out  # a new buffer starts empty, then CONFIG_I
    c.config("no logging buffered")
    assert "\nno logging buffered\n" in dev.running_config()
    out = c.line("show logging")
    assert "Buffer logging:  disabled" in out or "Buffer logging: disabled" in out
    assert "Log Buffer" not in out
    c.config("logging buffered")
    assert "logging buffered" not in dev.running_config()


def test_clear_logging_and_a_reload_empty_the_buffer(cli: Cli) -> None:
    cli.config("hostname R6")
    assert cli.line("clear logging") == "\nClear logging buffer [confirm]"
    cli.key("\r")
    assert "CONFIG_I" not in cli.line("show logging")
    cli.config("hostname R7", "logging buffered 8192")
    cli.line("write memory")
    cli.dev.go_down("Reload Command")
    cli.dev.boot()
    fresh = Cli(cli.dev).enable()
    out = fresh.line("show logging")
    assert "CONFIG_I" not in out and "Log Buffer (8192 bytes):" in out  # the setting was saved


def test_bad_logging_input_is_an_ios_error(cli: Cli) -> None:
    out = cli.config("logging buffered 12 nonsense")
    assert "% Invalid input detected at '^' marker." in out
    assert "% Invalid input detected at '^' marker." in cli.config("logging buffered bogus")
    assert cli.dev.state.config.logging.buffer_level is None


def test_a_clock_not_authoritative_stars_every_message(make_device: MakeDevice) -> None:
    c = Cli(make_device(personality="ios12", faults=Faults(clock_unset=True))).enable()
    c.line("terminal monitor")
    out = c.config("hostname R8")
    assert re.search(r"\n\*Mar  1 00:00:\d\d\.\d{3}: %SYS-5-CONFIG_I: ", out)
    c.line("clock set 19:14:00 21 Dec 2004")
    out = c.config("hostname R9")
    assert re.search(r"\nDec 21 19:14:\d\d\.\d{3}: %SYS-5-CONFIG_I: ", out)


def test_the_boot_console_is_logged_too(make_device: MakeDevice) -> None:
    dev = make_device(personality="ios12", preset="unsaved", boot=False)
    console = dev.boot()
    assert "Failed to generate persistent self-signed certificate." in console
    assert "Failed to generate persistent self-signed certificate." in dev.run("show logging")


def test_handlers_log_through_the_device_only() -> None:
    """A handler that wrote ``out.log(...)`` itself would show its message to its own session
    whether or not it asked (the bug of issue 12); messages go through ``ctx.log``."""
    import ast
    from pathlib import Path

    import lab.device.handlers as handlers

    offenders = []
    for path in Path(handlers.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr in ("log", "syslog"):
                if isinstance(node.value, ast.Name) and node.value.id == "out":
                    offenders.append(f"{path.name}:{node.lineno}")
    assert offenders == []
