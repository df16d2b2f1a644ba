"""Block kinds and trustpoint states the corpus lacks, in the layout IOS prints them."""

from __future__ import annotations

import pytest

from parsers import ParseError, parse

SPECIAL_USAGE_AND_RA = """\
Router#show crypto pki certificates
Certificate
  Status: Available
  Certificate Serial Number (hex): 1244325C00000000000F
  Certificate Usage: Signature
  Issuer:
    cn=msca-root
    o=cisco
  Subject:
    Name: Router.cisco.com
    hostname=Router.cisco.com
  Validity Date:
    start date: 18:16:45 PST Jun 7 2002
    end   date: 18:26:45 PST Jun 7 2003
    renew date: 00:00:00 PST Jan 1 1970
  Associated Trustpoints: MS

Certificate
  Status: Available
  Certificate Serial Number (hex): 1244325C00000000000E
  Certificate Usage: Encryption
  Issuer:
    cn=msca-root
    o=cisco
  Subject:
    Name: Router.cisco.com
    hostname=Router.cisco.com
  Validity Date:
    start date: 18:16:45 PST Jun 7 2002
    end   date: 18:26:45 PST Jun 7 2003
  Associated Trustpoints: MS

RA Signature Certificate
  Status: Available
  Certificate Serial Number (hex): 3A5A7D9B000000000004
  Certificate Usage: Signature
  Issuer:
    cn=msca-root
  Subject:
    cn=msca-root-ra
  Validity Date:
    start date: 17:47:06 PST Jun 7 2002
    end   date: 17:57:06 PST Jun 7 2003
  Associated Trustpoints: MS

RA KeyEncipher Certificate
  Status: Available
  Certificate Serial Number (hex): 3A5A7D9B000000000005
  Certificate Usage: Encryption
  Issuer:
    cn=msca-root
  Subject:
    cn=msca-root-ra
  Validity Date:
    start date: 17:47:06 PST Jun 7 2002
    end   date: 17:57:06 PST Jun 7 2003
  Associated Trustpoints: MS
Router#
"""


def test_special_usage_pair_and_ra_certificates_are_separate_records() -> None:
    records = parse("show crypto pki certificates", SPECIAL_USAGE_AND_RA)
    assert [(r["kind"], r["usage"], r["serial"]) for r in records] == [
        ("router", "Signature", "1244325C00000000000F"),
        ("router", "Encryption", "1244325C00000000000E"),
        ("ra", "Signature", "3A5A7D9B000000000004"),
        ("ra", "Encryption", "3A5A7D9B000000000005"),
    ]
    first = records[0]
    assert first["start_date_iso"] == "2002-06-07T18:16:45-08:00"
    assert first["renew_date"] == "00:00:00 PST Jan 1 1970"
    assert records[1]["renew_date"] is None
    assert records[2]["subject"] == "cn=msca-root-ra"


def _status(body: str) -> dict[str, object]:
    (record,) = parse("show crypto pki trustpoints status", f"Trustpoint tp:\n{body}")
    return record


CA = """\
  Issuing CA certificate configured:
    Subject Name:
      cn=ca,o=example
    Fingerprint MD5: 0123456789ABCDEF0123456789ABCDEF
"""
STATE = """\
  State:
    Keys generated ............. Yes (General Purpose, non-exportable)
    Issuing CA authenticated ....... Yes
    Certificate request(s) ..... {requests}
"""


@pytest.mark.parametrize(
    ("body", "state"),
    [
        (CA + "  Last enrollment status: Rejected\n" + STATE.format(requests="None"), "rejected"),
        (CA + "  Last enrollment status: Failed\n" + STATE.format(requests="None"), "failed"),
        (
            CA
            + "  Router General Purpose certificate pending:\n"
            + "    Requested Subject Name: hostname=r1.example.com\n"
            + "    Request Fingerprint MD5: 00112233445566778899AABBCCDDEEFF\n"
            + "    Enrollment polling: 2 times (18 left)\n"
            + "    Next poll: in 60 seconds\n"
            + "  Last enrollment status: Pending\n"
            + STATE.format(requests="Pending"),
            "pending",
        ),
        (
            "  Issuing CA certificate pending:\n    Subject Name:\n      cn=ca,o=example\n"
            + "    Fingerprint MD5: 0123456789ABCDEF0123456789ABCDEF\n"
            + STATE.format(requests="None"),
            "enrolling",
        ),
        (
            CA
            + "  Router General Purpose certificate configured:\n    Subject Name:\n"
            + "      hostname=r1.example.com\n"
            + "    Fingerprint MD5: FFEEDDCCBBAA99887766554433221100\n"
            + "  Last enrollment status: Granted\n"
            + STATE.format(requests="Yes"),
            "granted",
        ),
        (
            CA
            + "  Next enrollment attempt: 10:00:00 UTC Mar 1 2030\n"
            + STATE.format(requests="None"),
            "autoenroll",
        ),
        (CA + STATE.format(requests="None"), "authenticated"),
        ("  Issuing CA certificate not configured.\n", "not-authenticated"),
    ],
)
def test_every_trustpoint_state(body: str, state: str) -> None:
    assert _status(body)["state"] == state


def test_router_certificate_without_usage_is_a_router_certificate() -> None:
    record = _status(CA + "  Router certificate pending:\n" + STATE.format(requests="Pending"))
    (router,) = record["router_certificates"]  # type: ignore[misc]
    assert (router["role"], router["usage"], router["state"]) == ("router", None, "pending")
    assert record["state"] == "pending"


def test_pending_request_details() -> None:
    record = _status(
        CA
        + "  Router Signature certificate pending:\n"
        + "    Requested Subject Name:\n      hostname=r1.example.com\n"
        + "    Request Fingerprint: 00112233445566778899AABBCCDDEEFF\n"
        + "    Enrollment polling: 2 times (18 left)\n"
        + STATE.format(requests="Pending")
    )
    (router,) = record["router_certificates"]  # type: ignore[misc]
    assert router["usage"] == "Signature"
    assert router["state"] == "pending"
    assert router["requested_subject"] == "hostname=r1.example.com"
    assert router["request_fingerprint_md5"] == "00112233445566778899AABBCCDDEEFF"
    assert record["enrollment_polling"] == "2 times (18 left)"


def test_temporary_server_key_has_no_storage_line() -> None:
    text = (
        "% Key pair was generated at: 15:46:19 UTC Aug 18 2022\n"
        "Key name: TP-self-signed-1.server\nKey type: RSA KEYS\nTemporary key\n"
        " Usage: Encryption Key\n Key is not exportable.\n Key Data:\n"
        "  307C300D 06092A86 4886F70D 01010105 00036B00 30680261 00C5680E 89777B42\n"
        "  463E5783 FE96EA9E F446DC7B 70499AF3 EA266651 56EE29F4 5B003D93 2FC9F81D\n"
        "  8A46E12F 3FBAC2F3 046ED9DD C5F27C20 1BBA6B9B 08F16E45 C34D6337 F863D605\n"
        "  34E30F0E B4921BC5 DAC9EBBA 50C54AA0 BF551BDD 88453F50 61020301 0001\n"
    )
    (key,) = parse("show crypto key mypubkey rsa", text)
    assert (key["temporary"], key["server"], key["key_size"]) == (True, True, 768)
    assert key["storage_device"] is None


def test_damaged_key_data_names_the_key_and_line() -> None:
    text = "Key name: k1\nKey type: RSA KEYS\n Key Data:\n  30819F30 0D06092A\n  ZZ\n"
    with pytest.raises(ParseError) as exc:
        parse("show crypto key mypubkey rsa", text)
    assert "k1" in str(exc.value) and "line 5" in str(exc.value)
