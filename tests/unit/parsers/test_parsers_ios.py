"""``parsers.ios``: the IOS vocabulary (error markers and where IOS prints them, syslog lines,
prompts, questions), ``parse_uptime``, and linear work on hostile output."""

from __future__ import annotations

import time

import pytest

from parsers import ParseError, ios, parse
from parsers.show_version import parse_uptime

BANNER_CONFIG = (
    "Building configuration...\r\n\r\nCurrent configuration : 512 bytes\r\n!\r\n"
    "version 15.7\r\nhostname R1\r\n!\r\nbanner motd ^C\r\n"
    "% Access denied\r\n%Error: authorised use only\r\n% Invalid input detected at '^' marker.\r\n"
    "^C\r\n!\r\nip http secure-server\r\nend\r\n"
)


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("ip http secure-server\n        ^\n% Invalid input detected at '^' marker.",
         "% Invalid input detected at '^' marker."),
        ("R1#show crypto pki certificates verbose\n    ^\n% Invalid input detected at '^' marker.",
         "% Invalid input detected at '^' marker."),
        ("% Incomplete command.", "% Incomplete command."),
        ('% Ambiguous command:  "sh c"', '% Ambiguous command:  "sh c"'),
        ("Building configuration...\n%Error writing nvram:startup-config",
         "%Error writing nvram:startup-config"),
        ('"1.2.3.4" is not a valid subject name', '"1.2.3.4" is not a valid subject name'),
        ("% The serial number in the certificate will be: 9XVYC51FMT6", None),
        ("*Mar  1 00:00:01.000: %PKI-4-NOAUTOSAVE: Configuration was modified.", None),
        ("*Mar  1 00:00:01.000: %SYS-5-CONFIG_I: Configured\n% Bad secrets", "% Bad secrets"),
        (BANNER_CONFIG, None),
        ("Router Self-Signed Certificate\n% Access denied", None),
    ],
)  # fmt: skip
def test_ios_error_replies_at_the_head_of_the_output(text: str, line: str | None) -> None:
    assert ios.rejected(text) == line


def test_the_echo_of_the_command_is_not_the_output() -> None:
    assert ios.rejected("end\r\n% Incomplete command.", "end") == "% Incomplete command."
    assert ios.rejected("end\r\n% Incomplete command.") is None  # without it: output


@pytest.mark.parametrize(
    "line",
    [
        "Failed to generate persistent self-signed certificate.",  # Cat9500 (docs/prompts.md 1.12)
        "% Failed to generate self-signed certificate.",
        "% Please define a domain-name first.",
        "  % Invalid input detected at '^' marker.",
    ],
)
def test_every_line_of_a_dialog_is_checked(line: str) -> None:
    assert ios.rejection(line) == line.strip()


def test_a_banner_with_ios_error_words_parses_as_configuration() -> None:
    config = parse("show running-config", BANNER_CONFIG)
    assert config["hostname"] == "R1" and config["http"]["secure_server"] is True


def test_a_refused_show_command_is_a_parse_error_naming_its_line() -> None:
    with pytest.raises(ParseError, match="rejected") as err:
        parse("show running-config", "\r\n\r\n% Access denied\r\n")
    assert err.value.line == 3


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("R1 uptime is 2 minutes", 120.0),
        ("R1 uptime is 1 year, 3 weeks, 1 day, 1 hour, 1 minute", 33_440_460.0),
        ("Router uptime is 5 seconds\r\n", 5.0),
        ("Router uptime is 0 minutes", 0.0),
        ("no uptime line here", None),
    ],
)
def test_parse_uptime(text: str, seconds: float | None) -> None:
    assert parse_uptime(text) == seconds


@pytest.mark.parametrize(
    "flood", ["\n" * 32_000, "[" * 32_000, "\r\n" * 32_000 + "[" * 32_000, " \t" * 16_000]
)
def test_the_vocabulary_reads_a_flood_in_linear_time(flood: str) -> None:
    """Issue 13 finding 3: ``^\\s*`` across 32,000 newlines took 21.6 s with the GIL held."""
    start = time.process_time()
    ios.rejected(flood)
    for line in ios.lines(flood):
        ios.rejection(line), ios.is_syslog(line), ios.asks(line), ios.may_ask(line)
    ios.asks(flood), ios.may_ask(flood), ios.is_prompt(flood)
    seconds = time.process_time() - start
    assert seconds < 2.0, f"{seconds:.2f} s of CPU"
