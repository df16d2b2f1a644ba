"""``show crypto pki certificates``, ``show crypto pki trustpoints``, ``show crypto key mypubkey``.

Formats follow the corpus: CSR1000v/IOS XE captures for ios15 and iosxe17, the 12.3(14)T feature
document for ios12. Everything is rendered from the certificate's DER and the key pairs.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from cryptography.hazmat.primitives.asymmetric import rsa

from lab.device.cli.out import Out
from lab.device.model.clock import ios_date
from lab.device.model.state import Trustpoint
from lab.device.pki import trustpoints as pki
from lab.device.pki.certs import Certificate, hex_groups
from lab.device.pki.rsakeys import POOL, KeyPair, public_der

if TYPE_CHECKING:
    from lab.device.cli.session import Session
    from lab.device.device import Device

Args = dict[str, str]
SIG_NAMES = {
    "md5": "MD5",
    "sha1": "SHA1",
    "sha256": "SHA256",
    "sha384": "SHA384",
    "sha512": "SHA512",
}


def rdn_text(rdn: list[tuple[str, str]]) -> str:
    return "+".join(f"{k}={v}" for k, v in rdn)


def dn_line(rdns: list[list[tuple[str, str]]]) -> str:
    return ",".join(rdn_text(r) for r in rdns)


def _subject_lines(cert: Certificate, ind: str) -> list[str]:
    rdns = cert.subject_rdns()
    attrs = dict(a for rdn in rdns for a in rdn)
    lines = []
    name = attrs.get("hostname") or attrs.get("cn")
    if name:
        lines.append(f"{ind}Name: {name}")
    if "ipaddress" in attrs:
        lines.append(f"{ind}IP Address: {attrs['ipaddress']}")
    if "serialNumber" in attrs:
        lines.append(f"{ind}Serial Number: {attrs['serialNumber']}")
    return lines + [f"{ind}{rdn_text(r)}" for r in rdns]


def cert_block(dev: Device, tp: Trustpoint, cert: Certificate, verbose: bool) -> list[str]:
    old = dev.persona.name == "ios12"
    i1, i2 = ("", "  ") if old and not verbose else ("  ", "    ")
    serial = f"{cert.serial:02X}"
    lines = ["Router Self-Signed Certificate", f"{i1}Status: Available"]
    if verbose:
        lines.append(f"{i1}Version: 3")
    if old:
        lines.append(f"{i1}Certificate Serial Number: {serial}")
    else:
        lines.append(f"{i1}Certificate Serial Number (hex): {serial}")
    lines += [f"{i1}Certificate Usage: General Purpose", f"{i1}Issuer:"]
    lines += [f"{i2}{rdn_text(r)}" for r in cert.issuer_rdns()]
    lines.append(f"{i1}Subject:")
    lines += _subject_lines(cert, i2)
    lines += [
        f"{i1}Validity Date:",
        f"{i2}start date: {ios_date(cert.not_before)}",
        f"{i2}end   date: {ios_date(cert.not_after)}",
    ]
    if verbose:
        lines += _verbose_lines(cert)
    trail = " " if verbose else ""
    lines.append(f"{i1}Associated Trustpoints: {tp.name}{trail}")
    storage = dev.saved_cert_file(tp)
    if storage and not old:
        lines.append(f"{i1}Storage: nvram:{storage}")
    if verbose:
        lines.append(f"{i1}Key Label: {tp.key_label(dev.state.config.fqdn())}")
    return lines


def _verbose_lines(cert: Certificate) -> list[str]:
    key = cert.x509.public_key()
    bits = key.key_size if isinstance(key, rsa.RSAPublicKey) else 0
    lines = [
        "  Subject Key Info:",
        "    Public Key Algorithm: rsaEncryption",
        f"    RSA Public Key: ({bits} bit)",
        f"  Signature Algorithm: {SIG_NAMES.get(cert.sig_hash, cert.sig_hash.upper())} "
        "with RSA Encryption",
        f"  Fingerprint MD5: {cert.md5} ",
        f"  Fingerprint SHA1: {cert.sha1} ",
        "  X509v3 extensions:",
    ]
    ski = cert.asn1.key_identifier
    if ski:
        lines.append(f"    X509v3 Subject Key ID: {' '.join(hex_groups(ski, 99))} ")
    if cert.asn1.basic_constraints_value is not None:
        ca = "TRUE" if cert.asn1.ca else "FALSE"
        lines += ["    X509v3 Basic Constraints:", f"        CA: {ca}"]
    aki = cert.asn1.authority_key_identifier
    if aki:
        lines.append(f"    X509v3 Authority Key ID: {' '.join(hex_groups(aki, 99))} ")
    lines.append("    Authority Info Access:")
    lines.append(f"  Cert install time: {ios_date(cert.installed)} ")
    return lines


def h_show_certificates(s: Session, a: Args, out: Out) -> None:
    dev = s.dev
    tps = list(dev.state.config.trustpoints.values())
    name = a.get("tp")
    if name is not None:
        tps = [tp for tp in tps if tp.name == name]
    blocks = []
    for tp in tps:
        if tp.certificate is not None:
            blocks.append(cert_block(dev, tp, tp.certificate, "verbose" in a))
    if not blocks:
        return
    text = "\n" + "\n\n".join("\n".join(b) for b in blocks) + "\n"
    out.page(text)


def h_show_trustpoints(s: Session, a: Args, out: Out) -> None:
    dev = s.dev
    tps = list(dev.state.config.trustpoints.values())
    if "tp" in a:
        tps = [tp for tp in tps if tp.name == a["tp"]]
    status = "status" in a
    parts = [(_status_block if status else _plain_block)(dev, tp) for tp in tps]
    if parts:
        out.page("".join(parts))


def _plain_block(dev: Device, tp: Trustpoint) -> str:
    old = dev.persona.name == "ios12"
    i1, sn = ("  ", "    ") if old else ("    ", "          ")
    lines = [f"Trustpoint {tp.name}:"]
    cert = tp.certificate
    if cert is not None:
        lines.append(f"{i1}Subject Name:")
        lines += [f"{'    ' if old else i1}{rdn_text(r)}" for r in cert.subject_rdns()]
        label = "Serial Number:" if old else "Serial Number (hex):"
        lines.append(f"{sn}{label} {cert.serial:02X}")
    if tp.selfsigned:
        lines.append(f"{i1}Persistent self-signed certificate trust point")
    elif cert is not None:
        lines.append(f"{i1}Certificate configured.")
    if tp.rsakeypair is not None and not old:
        lines.append(f"{i1}Using key label {tp.rsakeypair[0]}")
    return "\n".join(lines) + "\n\n\n"


def _status_block(dev: Device, tp: Trustpoint) -> str:
    lines = [f"Trustpoint {tp.name}:"]
    cert = tp.certificate
    if cert is not None:
        for what in (
            "Issuing CA certificate configured:",
            "Router General Purpose certificate configured:",
        ):
            lines += [
                f"  {what}",
                "    Subject Name:",
                f"     {dn_line(cert.subject_rdns())}",
                f"    Fingerprint MD5: {cert.md5} ",
                f"    Fingerprint SHA1: {cert.sha1} ",
            ]
    key = pki.key_of(dev, tp)
    if key is None:
        keys = "No"
    else:
        keys = f"Yes (General Purpose, {'' if key.exportable else 'non-'}exportable)"
    lines += [
        "  State:",
        f"    Keys generated ............. {keys}",
        f"    Issuing CA authenticated ....... {'Yes' if cert is not None else 'No'}",
        f"    Certificate request(s) ..... {'Yes' if cert is not None else 'None'}",
    ]
    return "\n".join(lines) + "\n\n\n"


def _server_key(pair: KeyPair) -> None:
    if pair.server is None:
        pair.server = POOL.take(pki.server_bits(pair.bits))
        pair.server_created = pair.created


def _key_lines(
    dev: Device,
    name: str,
    der: bytes,
    created: datetime,
    bits: int,
    *,
    saved: bool = False,
    exportable: bool = False,
    temporary: bool = False,
) -> list[str]:
    bits_text = f"      {bits} bits" if dev.persona.key_type_bits else ""
    lines = [
        f"% Key pair was generated at: {ios_date(created)}",
        f"Key name: {name}",
        f"Key type: RSA KEYS{bits_text}",
    ]
    if temporary:
        lines += ["Temporary key", " Usage: Encryption Key", " Key is not exportable."]
    else:
        lines.append(f" Storage Device: {'private-config' if saved else 'not specified'}")
        lines.append(" Usage: General Purpose Key")
        exp = "Key is exportable." if exportable else "Key is not exportable."
        lines.append(f" {exp}{' Redundancy enabled.' if dev.persona.xe else ''}")
    lines.append(" Key Data:")
    hexl = hex_groups(der)
    lines += [f"  {h}{' ' if i < len(hexl) - 1 else ''}" for i, h in enumerate(hexl)]
    return lines


def h_show_mypubkey(s: Session, a: Args, out: Out) -> None:
    dev = s.dev
    want = a.get("label")
    lines: list[str] = []
    first = True
    for pair in dev.state.keys.values():
        if want in (None, pair.label):
            lines += _key_lines(
                dev,
                pair.label,
                pair.public_der,
                pair.created,
                pair.bits,
                saved=dev.key_saved(pair),
                exportable=pair.exportable,
            )
        if first:
            first = False
            if want in (None, f"{pair.label}.server"):
                _server_key(pair)
                assert pair.server is not None
                lines += _key_lines(
                    dev,
                    f"{pair.label}.server",
                    public_der(pair.server),
                    pair.server_created,
                    pair.server.key_size,
                    temporary=True,
                )
    if lines:
        out.page("\n".join(lines) + "\n")


def h_show_pem(s: Session, a: Args, out: Out) -> None:
    """``show crypto pki certificates pem [TP]``: the CA (itself) and the router certificate."""
    parts = []
    for tp in s.dev.state.config.trustpoints.values():
        if tp.certificate is None or a.get("tp") not in (None, tp.name):
            continue
        pem = tp.certificate.pem.decode().rstrip("\n")
        parts.append(
            f"------Trustpoint: {tp.name}------\n% Self-signed CA certificate:\n{pem}\n\n"
            f"% General Purpose Certificate:\n{pem}\n"
        )
    if parts:
        out.page("\n".join(parts))
