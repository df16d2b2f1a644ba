"""The blocks of CA enrollment by terminal (``docs/ios-behaviour.md`` section 3,
``docs/prompts.md`` section 2): the PKCS#10 request ``crypto pki enroll`` prints, and the
fingerprints ``crypto pki authenticate`` shows for the pasted CA certificate. Two small functions
are clearer than a TTP template for a base 64 block.

>>> text = "Certificate Request follows:\\n\\nAAEC\\nAw==\\n\\n---End - This line not part of the"
>>> request_der(text + " certificate request---\\n")
b'\\x00\\x01\\x02\\x03'
>>> fingerprints("  Fingerprint MD5: AE7B21B0 3019A3F3 \\n  Fingerprint SHA1: 19E61C59 \\n")
{'md5': 'AE7B21B03019A3F3', 'sha1': '19E61C59'}
"""

from __future__ import annotations

import base64
import binascii
import re

from parsers.errors import ParseError

_FOLLOWS = "Certificate Request follows:"
_END = "---End - This line not part of the certificate request---"
_FINGERPRINT = re.compile(r"Fingerprint (MD5|SHA1)\s*:\s*((?:[0-9A-Fa-f]{8}\s*)+)")


def request_der(text: str) -> bytes:
    """The DER of the first request in ``crypto pki enroll`` output (bare base 64 or PEM)."""
    start = text.find(_FOLLOWS)
    end = text.find(_END, start + 1)
    if start < 0 or end < 0:
        raise ParseError(
            "no certificate request in the output of crypto pki enroll",
            command="crypto pki enroll",
        )
    body = [
        line.strip()
        for line in text[start + len(_FOLLOWS) : end].splitlines()
        if line.strip() and not line.strip().startswith("-----")
    ]
    try:
        return base64.b64decode("".join(body), validate=True)
    except (binascii.Error, ValueError):
        raise ParseError(
            "the certificate request is not base 64", command="crypto pki enroll"
        ) from None


def fingerprints(text: str) -> dict[str, str]:
    """``{"md5": HEX, "sha1": HEX}`` (upper case, no blanks) as ``crypto pki authenticate``
    shows them; the keys present are those shown."""
    return {
        kind.lower(): re.sub(r"\s+", "", value).upper()
        for kind, value in _FINGERPRINT.findall(text)
    }
