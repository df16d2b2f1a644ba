"""Properties: random lines and random keys never break a session or the device.

Whatever is typed, no Python exception escapes and nothing is logged as an error; the answer is
device output (IOS errors included) ending in a prompt, a question or the pager; and afterwards
the session (or, after a random ``exit`` or ``reload``, a new one) still answers ``show privilege``.
"""

from __future__ import annotations

import logging
import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lab.device import Device, DeviceSpec, Faults
from tests.hypothesis_profiles import examples
from tests.unit.lab.device_helpers import Cli, text_of

SETTINGS = settings(max_examples=examples(ci=120, fuzz=2000))
WORDS = [
    "?",  # a word ending in `?` goes to the session's context help (issue 12 item 6)
    "sh?",
    "authenticate",
    "import",
    "export",
    "pem",
    "terminal",
    "ca",
    "roots",
    "certificate",
    "chain",
    "quit",
    "MIIB",
    "crl",
    "query",
    "primary",
    "default",
    "auto-enroll",
    "http-proxy",
    "match",
    "show",
    "sh",
    "run",
    "running-config",
    "crypto",
    "cry",
    "pki",
    "trustpoint",
    "trustp",
    "TP",
    "certificates",
    "verbose",
    "status",
    "enroll",
    "key",
    "generate",
    "rsa",
    "modulus",
    "512",
    "label",
    "zeroize",
    "ip",
    "http",
    "secure-server",
    "secure-trustpoint",
    "server",
    "no",
    "enrollment",
    "selfsigned",
    "subject-name",
    "cn=x",
    "serial-number",
    "none",
    "ip-address",
    "fqdn",
    "hash",
    "sha1",
    "rsakeypair",
    "conf",
    "t",
    "end",
    "exit",
    "do",
    "|",
    "include",
    "section",
    "begin",
    "count",
    "yes",
    "no",
    "y",
    "write",
    "wr",
    "copy",
    "startup-config",
    "interface",
    "gi0/0",
    "hostname",
    "terminal",
    "length",
    "5",
    "0",
    "width",
    "enable",
    "cisco",
    "disable",
    "reload",
    "clock",
    "set",
    "dir",
    "nvram:",
    "(",
    "[",
    "*",
    "^",
    "\\",
    "?",
]
COMMANDS = [
    "conf t",
    "crypto pki trustpoint TP",
    "enrollment selfsigned",
    "serial-number",
    "ip-address gi0/0",
    "rsakeypair TP 512",
    "exit",
    "crypto pki enroll TP",
    "yes",
    "no",
    "",
    "crypto key generate rsa label K modulus 512",
    "crypto key generate rsa",
    "512",
    "crypto key zeroize rsa",
    "no crypto pki trustpoint TP",
    "ip http secure-server",
    "ip http secure-trustpoint TP",
    "write memory",
    "copy run start",
    "reload",
    "end",
    "show running-config",
    "terminal length 3",
    "do show crypto pki certificates verbose",
    "show crypto key mypubkey rsa",
    "crypto pki certificate chain TP",
    "certificate self-signed 01",
    "30820101 0A",
    "quit",
    "enable",
    "disable",
    "cisco",
]
LINES = st.one_of(
    st.sampled_from(COMMANDS),
    st.lists(st.sampled_from(WORDS), min_size=0, max_size=7).map(" ".join),
    st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=40),
    st.text(max_size=20),
)
KEYS = st.text(min_size=1, max_size=1)
_STATE = Path(tempfile.mkdtemp(prefix="pssc-fuzz-"))
_DEVICES: dict[str, Device] = {}
END = re.compile(r"(#|>|: |\]|\? |--More-- |\[confirm\])$")


def device(personality: str) -> Device:
    dev = _DEVICES.get(personality)
    if dev is None:
        spec = DeviceSpec(name="F1", personality=personality, preset="healthy", faults=Faults())
        dev = _DEVICES[personality] = Device(spec, _STATE / personality)
        dev.boot()
    return dev


def still_answers(dev: Device, cli: Cli) -> None:
    """Leave any dialog or pager, then ``show privilege`` (a new session if this one ended)."""
    if not dev.up:
        dev.boot()
    if cli.disconnected or cli.reloading or cli.session.closed:
        cli.session.close()
        cli = Cli(dev).enable()
    for _ in range(5):
        if cli.session.input_mode == "key":
            cli.key("q")
        else:
            cli.key("\x1a")
    out = cli.line("show privilege")
    if "Password:" in out:
        out = cli.line("\x1a")
    assert "Current privilege level is " in cli.line("show privilege"), out
    cli.session.close()


def check(out: str, actions_ok: bool) -> None:
    assert "Traceback" not in out
    assert actions_ok


@pytest.mark.parametrize("personality", ["ios15", "iosxe17"])
@SETTINGS
@given(lines=st.lists(LINES, min_size=1, max_size=12))
def test_property_random_lines(
    personality: str, lines: list[str], caplog: pytest.LogCaptureFixture
) -> None:
    dev = device(personality)
    cli = Cli(dev).enable()
    with caplog.at_level(logging.ERROR):
        for line in lines:
            if cli.disconnected or cli.reloading:
                break
            if cli.session.input_mode == "key":
                out = cli.key(line[:1] or "\r")
            elif "?" in line:  # `?` typed: help at once for what precedes it, never a Python error
                head = line[: line.index("?")]
                helped = cli.session.help(head)
                if helped is not None:  # the list or the error, then the prompt and the line
                    out = text_of(helped)
                    assert "Invalid input" not in out and out.endswith(head), repr(out)
                    out = out[: len(out) - len(head)]
                else:
                    out = cli.line(line)
            else:
                out = cli.line(line)
            check(out, all(hasattr(a, "__class__") for a in cli.actions))
            if out.strip() and not (cli.disconnected or cli.reloading):
                # a prompt, a question, the pager, or syslog lines printed after the prompt
                assert END.search(out) or out.endswith("\n"), repr(out)
        still_answers(dev, cli)
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    cli.session.close()


@SETTINGS
@given(
    prefix=st.lists(st.sampled_from(["conf t", "crypto pki trustpoint TP", "terminal length 3"])),
    keys=st.lists(KEYS, min_size=1, max_size=30),
)
def test_property_random_keys(
    prefix: list[str], keys: list[str], caplog: pytest.LogCaptureFixture
) -> None:
    dev = device("ios15")
    cli = Cli(dev).enable()
    with caplog.at_level(logging.ERROR):
        for line in prefix:
            cli.line(line)
        cli.line("do show running-config")
        for key in keys:
            if cli.disconnected or cli.reloading:
                break
            check(cli.key(key), True)
        still_answers(dev, cli)
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    cli.session.close()


@SETTINGS
@given(garbage=st.text(st.sampled_from("xz#%&!~`'\"=+"), min_size=1, max_size=12))
def test_property_unknown_words_get_an_ios_error(garbage: str) -> None:
    cli = Cli(device("ios15")).enable()
    out = cli.line(garbage)
    assert out.endswith("\nF1#")
    assert "% Invalid input detected at '^' marker." in out or "% Ambiguous" in out
    caret = out.splitlines()[1]
    assert caret.endswith("^") and set(caret[:-1]) <= {" "}
    cli.session.close()


def test_a_broken_session_does_not_disturb_another() -> None:
    dev = device("ios15")
    a, b = Cli(dev).enable(), Cli(dev).enable()
    users = text_of(b.session.feed_line("show users")).count(" vty ")
    a.lines("conf t", "crypto pki trustpoint TP", "do show run")
    a.line("crypto pki enroll TP")
    for key in "\x00\x1b[A\x7f\x1a":
        a.key(key)
    assert "Current privilege level is 15" in b.line("show privilege")
    a.session.close()
    assert "Current privilege level is 15" in b.line("show privilege")
    assert text_of(b.session.feed_line("show users")).count(" vty ") == users - 1
    b.session.close()
