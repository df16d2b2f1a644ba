from __future__ import annotations

import pytest

from parsers import ParseError, UnsupportedCommand, parse, resolve_command


@pytest.mark.parametrize(
    ("command", "key"),
    [
        ("show running-config", "show running-config"),
        ("sh run", "show running-config"),
        ("sh run | section crypto", "show running-config"),
        ("show running-config brief", "show running-config"),
        ("show start", "show startup-config"),
        ("sh cry pki cert", "show crypto pki certificates"),
        ("SH CRY PKI CERT", "show crypto pki certificates"),
        ("show crypto pki certificates TP-self-signed-1", "show crypto pki certificates"),
        ("sh cry pki cert TP-self-signed-1 verb", "show crypto pki certificates verbose"),
        ("show crypto pki certificates verbose", "show crypto pki certificates verbose"),
        ("sh cry pki cert pem", "show crypto pki certificates pem"),
        ("show crypto pki certificates pem server", "show crypto pki certificates pem"),
        ("show crypto ca certificates", "show crypto pki certificates"),
        ("sh cry pki trustpoi", "show crypto pki trustpoints"),
        ("sh cry pki trustpoints stat", "show crypto pki trustpoints status"),
        ("sh cry pki trustpoints TP-1 status", "show crypto pki trustpoints status"),
        ("sh cry key myp rsa", "show crypto key mypubkey rsa"),
        ("sh cry key myp rsa TP-self-signed-1", "show crypto key mypubkey rsa"),
        ("show crypto key mypubkey all", "show crypto key mypubkey all"),
    ],
)
def test_commands_match_like_ios(command: str, key: str) -> None:
    assert resolve_command(command).key == key


def test_trustpoint_argument_is_kept() -> None:
    resolved = resolve_command("sh cry pki cert TP-self-signed-1 verbose")
    assert resolved.trustpoint == "TP-self-signed-1"
    assert "verbose" in resolved.options


@pytest.mark.parametrize(
    ("command", "why"),
    [
        ("s run", "ambiguous"),
        ("sh cry pki tr", "ambiguous"),
        ("sh cry pki c", "ambiguous"),
        ("show clock", "no parser"),
        ("show", "incomplete"),
        ("", "incomplete"),
        ("configure terminal", "unknown"),
        ("show crypto key mypubkey", "expected rsa or all"),
        ("show crypto pki certificates a b c", "unexpected argument"),
    ],
)
def test_unsupported_commands(command: str, why: str) -> None:
    with pytest.raises(UnsupportedCommand, match=why):
        parse(command, "")


def test_unsupported_command_is_a_parse_error_too() -> None:
    assert issubclass(UnsupportedCommand, ParseError)


@pytest.mark.parametrize(
    "command",
    [
        "show crypto pki certificates",
        "show crypto pki certificates pem",
        "show crypto pki trustpoints",
        "show crypto pki trustpoints status",
        "show crypto key mypubkey rsa",
    ],
)
def test_empty_show_output_is_an_empty_list(command: str) -> None:
    assert parse(command, "R1#" + command + "\r\n\r\nR1#") == []


@pytest.mark.parametrize(
    ("command", "text"),
    [
        ("show crypto pki certificates", "hostname R1\n!\nend\n"),
        ("show crypto pki trustpoints", "Certificate\n  Status: Available\n"),
        ("show crypto pki trustpoints status", "garbage line\nTrustpoint X:\n"),
        ("show crypto key mypubkey rsa", "Trustpoint X:\n  Subject Name:\n"),
        ("show crypto pki certificates pem", "Certificate\n  Status: Available\n"),
        ("show crypto pki certificates", "Certificate\nfoo bar\n"),
        ("show crypto pki trustpoints", "Trustpoint X:\n  State:\n    Keys generated ... No\n"),
    ],
)
def test_other_output_is_refused(command: str, text: str) -> None:
    with pytest.raises(ParseError):
        parse(command, text)


def test_rejected_command_names_the_line() -> None:
    text = (
        "R1#show crypto pki certificates verbose\n"
        "              ^\n"
        "% Invalid input detected at '^' marker.\n"
    )
    with pytest.raises(ParseError) as exc:
        parse("show crypto pki certificates verbose", text)
    assert exc.value.line == 3
