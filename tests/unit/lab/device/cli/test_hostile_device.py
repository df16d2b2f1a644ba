"""The hostile device (issue 13): its names, subject and banner attack the client, rendered from
its state (they survive a save and a reboot), and its show commands play the output faults."""

from __future__ import annotations

import itertools

import pytest

from lab.device import Faults
from lab.device.cli.hostile import FLOOD, HUGE
from lab.device.model.presets import HOSTILE_BANNER, HOSTILE_TRUSTPOINTS
from lab.protocol import Stream, Write
from tests.unit.lab.device_helpers import Cli, MakeDevice, text_of


def test_hostile_names_subject_and_banner_come_from_state(make_device: MakeDevice) -> None:
    dev = make_device("H1", preset="hostile")
    cli = Cli(dev)
    assert "% Invalid input detected" in cli.banner and "\nR1#\n" in cli.banner
    assert "\x1b]0;pwned\x07" in cli.banner and cli.banner.endswith("H1>")
    cli.enable()
    running = cli.line("show running-config")
    for name in HOSTILE_TRUSTPOINTS:
        assert f"crypto pki trustpoint {name}\n" in running
    assert "banner motd ^C" + HOSTILE_BANNER.replace("\r\n", "\n") + "^C" in running
    certs = cli.line("show crypto pki certificates")
    assert "<img src=x onerror=alert(1)>" in certs and "\x1b]8;;http://x.invalid/" in certs
    # a reboot replays the saved configuration: the same names and banner come back
    dev.boot()
    assert cli.line("show running-config") == running or "banner motd" in running
    again = Cli(make_device("H1", preset="hostile", boot=True)).enable()
    assert again.line("show running-config").count("crypto pki trustpoint") == len(
        HOSTILE_TRUSTPOINTS
    )


def test_banner_motd_is_configured_saved_and_removed(make_device: MakeDevice) -> None:
    dev = make_device()
    cli = Cli(dev).enable()
    cli.config("banner motd #Authorised access only#")
    assert "banner motd ^CAuthorised access only^C" in cli.line("show running-config")
    assert "Authorised access only" in Cli(dev).banner
    cli.line("write memory")
    dev.boot()
    assert "Authorised access only" in Cli(dev).banner
    cli = Cli(dev).enable()
    cli.config("no banner motd")
    assert "banner motd" not in cli.line("show running-config")


@pytest.mark.parametrize(
    ("fault", "check"),
    [
        ("blank_lines", lambda t: "\n" * FLOOD in t and t.rstrip().endswith("R1#")),
        ("bracket_flood", lambda t: "[" * FLOOD + "\n" in t and t.rstrip().endswith("R1#")),
        ("prompt_lost", lambda t: "hostname R1" in t and not t.rstrip().endswith("R1#")),
    ],
)
def test_output_faults_of_show_commands(make_device: MakeDevice, fault: str, check: object) -> None:
    cli = Cli(make_device(faults=Faults(**{fault: True}))).enable()
    text = cli.line("show running-config")
    assert callable(check) and check(text)
    assert cli.line("terminal length 0").rstrip().endswith("R1#")  # only show commands


def test_endless_and_huge_output_are_streams(make_device: MakeDevice) -> None:
    cli = Cli(make_device(faults=Faults(endless_output=True))).enable()
    cli.line("show running-config")
    (stream,) = [a for a in cli.actions if isinstance(a, Stream)]
    first = "".join(itertools.islice(stream.chunks, 400))  # far more than the output: no end
    assert len(first) > 10 * HUGE // 1000 and "hostname R1" in first
    assert not isinstance(cli.actions[-1], Write)  # no prompt after it
    cli = Cli(make_device("R2", faults=Faults(huge_output=True))).enable()
    cli.line("sh run")
    (stream,) = [a for a in cli.actions if isinstance(a, Stream)]
    assert sum(len(c) for c in stream.chunks) == HUGE
    last = cli.actions[-1]
    assert isinstance(last, Write) and text_of([last]).endswith("R2#")
