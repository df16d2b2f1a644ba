"""A certificate whose subject a hostile device filled (a CN over 64 characters, escape
sequences) decodes quietly: no library warning on pssc's stderr (issue 13)."""

from __future__ import annotations

import datetime as dt

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from parsers.certificate import decode_der

CN = "<img src=x onerror=alert(1)>\x1b]52;c;eA==\x07" + "=" * 80


def test_a_long_hostile_common_name_decodes_without_warning() -> None:
    key = ec.generate_private_key(ec.SECP256R1())
    with pytest.warns(UserWarning, match="length"):  # cryptography warns when it is built
        name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, CN, _validate=False)])
    now = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(1)
        .not_valid_before(now)
        .not_valid_after(now + dt.timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    info = decode_der(cert.public_bytes(serialization.Encoding.DER))  # warnings are errors here
    assert CN[:20] in info["subject"]
