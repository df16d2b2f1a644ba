from __future__ import annotations

from pathlib import Path

import pytest

from parsers import ParseError, parse

GOLDEN = Path(__file__).resolve().parents[2] / "golden"


def read(relative: str) -> str:
    with open(GOLDEN / relative, encoding="utf-8", newline="") as handle:
        return handle.read()


SELF_SIGNED = read("show_running_config/ciscoconfparse_1.txt")


def test_self_signed_chain_is_decoded_and_verifies() -> None:
    result = parse("show running-config", SELF_SIGNED)
    assert result["hostname"] == "Test"
    chain = result["certificate_chains"][0]
    assert chain["trustpoint"] == "TP-self-signed-1217560721"
    assert chain["keyword"] == "pki"
    entry = chain["certificates"][0]
    assert (entry["type"], entry["serial"], entry["storage"]) == ("self-signed", "01", None)
    cert = entry["certificate"]
    assert cert is not None
    assert cert["subject"] == "cn=IOS-Self-Signed-Certificate-1217560721"
    assert cert["subject_rfc4514"] == "CN=IOS-Self-Signed-Certificate-1217560721"
    assert cert["not_before"] == "2022-10-07T13:55:10Z"
    assert cert["not_after"] == "2030-01-01T00:00:00Z"
    assert (cert["key_type"], cert["key_size"]) == ("RSA", 2048)
    assert cert["signature_hash"] == "sha1"
    assert cert["self_signed"] is True
    assert cert["signature_valid"] is True
    assert entry["hex"] == cert["der_hex"]


def test_trustpoint_sub_commands_and_http() -> None:
    text = (
        "hostname R1\r\n!\r\ncrypto pki trustpoint TP-self-signed-1\r\n enrollment selfsigned\r\n"
        " subject-name cn=IOS-Self-Signed-Certificate-1 \r\n revocation-check none\r\n"
        " rsakeypair TP-self-signed-1 2048 1024\r\n serial-number\r\n"
        " enrollment url http://10.0.0.1:80\r\n!\r\nip http server\r\nip http secure-server\r\n"
        "ip http secure-trustpoint TP-self-signed-1\r\nend\r\n"
    )
    result = parse("sh run", text)
    (tp,) = result["trustpoints"]
    assert tp["name"] == "TP-self-signed-1"
    assert tp["enrollment"] == "url"
    assert tp["enrollment_url"] == "http://10.0.0.1:80"
    assert tp["subject_name"] == "cn=IOS-Self-Signed-Certificate-1"
    assert tp["revocation_check"] == "none"
    assert tp["rsakeypair"] == {
        "label": "TP-self-signed-1",
        "key_size": 2048,
        "encryption_key_size": 1024,
    }
    assert tp["serial_number"] == ""
    assert len(tp["commands"]) == 6
    assert result["http"] == {
        "server": True,
        "secure_server": True,
        "secure_trustpoint": "TP-self-signed-1",
    }


def test_no_ip_http_server_is_false() -> None:
    result = parse(
        "show startup-config", "hostname R2\n!\nno ip http server\nip http secure-server\n"
    )
    assert result["http"]["server"] is False
    assert result["http"]["secure_server"] is True


def test_brief_and_nvram_reference_have_no_hex() -> None:
    text = (
        "hostname R1\n!\ncrypto pki certificate chain TP-self-signed-1\n"
        " certificate self-signed 01 nvram:IOS-Self-Sig#2.cer\n"
        "crypto ca certificate chain TP-2\n certificate self-signed 01\n!\nend\n"
    )
    result = parse("show startup-config", text)
    first, second = result["certificate_chains"]
    assert first["certificates"][0]["storage"] == "nvram:IOS-Self-Sig#2.cer"
    assert first["certificates"][0]["hex"] is None
    assert first["certificates"][0]["certificate"] is None
    assert second["keyword"] == "ca"
    assert second["certificates"][0]["hex"] is None


def test_damaged_hex_names_chain_and_line() -> None:
    lines = SELF_SIGNED.split("\n")
    lines[9] = lines[9].replace("4F532D53", "4F53ZZ53")
    with pytest.raises(ParseError) as exc:
        parse("show running-config", "\n".join(lines))
    assert exc.value.chain == "TP-self-signed-1217560721"
    assert exc.value.line == 10
    assert "TP-self-signed-1217560721" in str(exc.value) and "line 10" in str(exc.value)


def test_truncated_hex_is_a_parse_error() -> None:
    lines = SELF_SIGNED.split("\n")
    del lines[10]
    with pytest.raises(ParseError, match="DER header declares"):
        parse("show running-config", "\n".join(lines))


@pytest.mark.parametrize("text", ["", "hello world\n", "Status: Available\n"])
def test_text_that_is_not_a_configuration(text: str) -> None:
    with pytest.raises(ParseError):
        parse("show running-config", text)


def test_rejected_command_is_a_parse_error() -> None:
    with pytest.raises(ParseError, match="rejected"):
        parse("show running-config", "R1#show running-config\n% Invalid input detected at '^'\n")


def test_damaged_hex_line_number_counts_interleaved_syslog_lines() -> None:
    lines = SELF_SIGNED.split("\n")
    syslog = "*Mar  1 00:00:01.001: %SYS-5-CONFIG_I: Configured from console by vty0"
    lines[9] = lines[9].replace("4F532D53", "4F53ZZ53")
    lines[7:7] = [syslog, syslog]  # two lines before the damaged one, inside the dump
    with pytest.raises(ParseError) as exc:
        parse("show running-config", "\n".join(lines))
    assert (exc.value.chain, exc.value.line) == ("TP-self-signed-1217560721", 12)
