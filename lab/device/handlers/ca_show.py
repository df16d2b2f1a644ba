"""What the show commands print of CA trustpoints (no command of its own, like ``actions``).

``show crypto pki certificates``: a ``Certificate`` block per router certificate (``Certificate
Usage: General Purpose``, or ``Signature`` and ``Encryption`` with special-usage keys) and a
``CA Certificate`` block (``Certificate Usage: Signature``), as in corpus ``genieparser_2`` and
[QYT]. ``show crypto pki trustpoints [status]``: the CA's subject and ``Certificate configured.``,
``CEP URL:``/``CRL query url:`` on 12.3 (feature guide); the ``status`` certificate sections and
``State:`` lines per release: 12.3(14)T prints one MD5 ``Fingerprint:``, six-space subjects and
five dots (feature guide, trustpoint ``yni``); 15.x and IOS XE print ``Fingerprint MD5:`` and
``Fingerprint SHA1:`` with a trailing space and five-space subjects (corpus
``show_crypto_pki_trustpoints_status``).
"""

from __future__ import annotations

from lab.device.model.personality import Personality
from lab.device.pki.certs import Certificate, fingerprint
from lab.device.pki.rsakeys import KeyPair
from lab.device.pki.trustpoints import Rdns, Trustpoint


def dn_line(rdns: Rdns) -> str:
    return ",".join("+".join(f"{k}={v}" for k, v in rdn) for rdn in rdns)


def certificates_of(tp: Trustpoint) -> list[tuple[Certificate, str, str]]:
    """(certificate, block heading, usage) of each certificate the trustpoint holds."""
    cert = tp.certificate
    self_issued = cert is not None and cert.asn1.issuer == cert.asn1.subject
    if cert is not None and (tp.selfsigned or (self_issued and tp.ca_certificate is None)):
        return [(cert, "Router Self-Signed Certificate", "General Purpose")]
    found: list[tuple[Certificate, str, str]] = []
    if cert is not None:
        usage = "General Purpose" if tp.encryption_certificate is None else "Signature"
        found.append((cert, "Certificate", usage))
    if tp.encryption_certificate is not None:
        found.append((tp.encryption_certificate, "Certificate", "Encryption"))
    if tp.ca_certificate is not None:
        found.append((tp.ca_certificate, "CA Certificate", "Signature"))
    return found


def url_lines(tp: Trustpoint, indent: str, old: bool) -> list[str]:
    """``CEP URL:`` and ``CRL query url:`` (12.3: no space after the colon)."""
    sep = "" if old else " "
    lines = []
    if (tp.enrollment or "").startswith("url "):
        label = "CEP URL:" if old else "SCEP URL:"
        lines.append(f"{indent}{label}{sep}{tp.enrollment[4:]}")  # type: ignore[index]
    if tp.crl_query is not None:
        lines.append(f"{indent}CRL query url:{sep}{tp.crl_query}")
    return lines


def _section(
    title: str, rdns: Rdns, der: bytes, persona: Personality, prefix: str = ""
) -> list[str]:
    old = persona.name == "ios12"
    name_label = "Requested Subject Name:" if prefix else "Subject Name:"
    lines = [f"  {title}:", f"    {name_label}", f"{'      ' if old else '     '}{dn_line(rdns)}"]
    if old:
        lines.append(f"    {prefix}Fingerprint: {fingerprint(der, 'md5')}")
    else:
        lines.append(f"    {prefix}Fingerprint MD5: {fingerprint(der, 'md5')} ")
        lines.append(f"    {prefix}Fingerprint SHA1: {fingerprint(der, 'sha1')} ")
    return lines


def status_certificates(tp: Trustpoint, persona: Personality) -> list[str]:
    """The certificate sections of ``show crypto pki trustpoints status``."""
    held = certificates_of(tp)
    if held and held[0][1] == "Router Self-Signed Certificate":  # the CA is itself
        cert = held[0][0]
        own = "Issuing CA certificate configured", "Router General Purpose certificate configured"
        return [ln for t in own for ln in _section(t, cert.subject_rdns(), cert.der, persona)]
    lines: list[str] = []
    if tp.ca_certificate is not None:
        ca = tp.ca_certificate
        lines += _section("Issuing CA certificate configured", ca.subject_rdns(), ca.der, persona)
    elif not tp.selfsigned:
        lines.append("  Issuing CA certificate not configured.")
    for cert, heading, usage in held:
        if heading == "Certificate":
            title = f"Router {usage} certificate configured"
            lines += _section(title, cert.subject_rdns(), cert.der, persona)
    for req in tp.requests:
        title = f"Router {req.usage} certificate pending"
        lines += _section(title, req.subject, req.der, persona, prefix="Request ")
    if not tp.selfsigned and tp.requests:
        lines.append("  Last enrollment status: Pending")
    elif not tp.selfsigned and tp.router_certificates():
        lines.append("  Last enrollment status: Granted")
    return lines


def _keys_text(key: KeyPair | None, old: bool) -> str:
    if key is None:
        return "No"
    usage = "Signature, Encryption" if key.encryption is not None else "General Purpose"
    if old:
        return f"Yes ({usage})"
    return f"Yes ({usage}, {'' if key.exportable else 'non-'}exportable)"


def state_lines(tp: Trustpoint, key: KeyPair | None, persona: Personality) -> list[str]:
    """The ``State:`` lines: keys, CA authenticated, requests."""
    old = persona.name == "ios12"
    authenticated = (
        tp.ca_certificate is not None
        or (tp.selfsigned and tp.certificate is not None)
        or (tp.certificate is not None and not tp.terminal and tp.enrollment is None)
    )
    if tp.router_certificates():
        requests = "Yes"
    elif tp.requests:
        requests = "Pending"
    else:
        requests = "None"
    dots = ("....", "....", "....") if old else ("............", "......", "....")
    return [
        "  State:",
        f"    Keys generated {dots[0]}. {_keys_text(key, old)}",
        f"    Issuing CA authenticated {dots[1]}. {'Yes' if authenticated else 'No'}",
        f"    Certificate request(s) {dots[2]}. {requests}",
    ]
