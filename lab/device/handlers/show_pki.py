"""``show crypto pki certificates [pem]`` and ``show crypto pki trustpoints [status]``.

Layouts per release (``docs/ios-behaviour.md`` sections 4.1-4.3): ios12 as the 12.3(14)T feature
guide prints them (dates in GMT, ``Certificate Serial Number: 01``, ``end date:``), ios15 as
an ISR on 15.7 [PHIPPS], iosxe17 as the IOS XE captures [GENIEPARSER]. Everything is rendered
from the certificate's DER and the key pairs.
"""

from __future__ import annotations

from cryptography.hazmat.primitives.asymmetric import rsa

from lab.device.cli.context import Args, Context
from lab.device.cli.out import Out
from lab.device.cli.table import Command, Table
from lab.device.handlers import ca_enroll, ca_show
from lab.device.handlers.common import EXEC, SHOW, SHOW_CRYPTO, USER_EXEC
from lab.device.model.clock import ios_date
from lab.device.model.personality import Personality
from lab.device.model.state import DeviceState
from lab.device.pki import trustpoints
from lab.device.pki.certs import Certificate, hex_groups
from lab.device.pki.trustpoints import Trustpoint

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


def cert_block(
    tp: Trustpoint,
    cert: Certificate,
    *,
    verbose: bool,
    persona: Personality,
    storage: str | None,
    key_label: str,
    heading: str = "Router Self-Signed Certificate",
    usage: str = "General Purpose",
) -> list[str]:
    """A certificate of ``show crypto pki certificates [verbose]`` (``storage``: its nvram file).

    ``heading``: ``Certificate`` (the router's, from a CA) and ``CA Certificate`` blocks carry
    trailing spaces after ``Issuer:``, ``Validity Date:`` (and ``Subject:`` and the trustpoint
    list of the CA's) on 15.x and IOS XE device captures (corpus ``genieparser_2``)."""
    old = persona.name == "ios12"
    i1, i2 = "  ", "    "  # the feature guide's verification example (and its CA blocks)
    zone = persona.pki_zone
    end = "end date:" if old else "end   date:"
    serial = cert.serial_hex
    ca_issued = heading != "Router Self-Signed Certificate"
    sp = " " if ca_issued and not old else ""
    lines = [heading, f"{i1}Status: Available"]
    if verbose:
        lines.append(f"{i1}Version: 3")
    if old:
        lines.append(f"{i1}Certificate Serial Number: {serial}")
    else:
        lines.append(f"{i1}Certificate Serial Number (hex): {serial}")
    lines += [f"{i1}Certificate Usage: {usage}", f"{i1}Issuer:{sp}"]
    lines += [f"{i2}{rdn_text(r)}" for r in cert.issuer_rdns()]
    if heading == "CA Certificate":
        lines.append(f"{i1}Subject:{sp}")
        lines += [f"{i2}{rdn_text(r)}" for r in cert.subject_rdns()]
    else:
        lines.append(f"{i1}Subject:")
        lines += _subject_lines(cert, i2)
    lines += [
        f"{i1}Validity Date:{sp}",
        f"{i2}start date: {ios_date(cert.not_before, zone)}",
        f"{i2}{end} {ios_date(cert.not_after, zone)}",
    ]
    if verbose:
        lines += _verbose_lines(cert, zone)
    trail = " " if verbose or (sp and heading != "CA Certificate") else ""
    lines.append(f"{i1}Associated Trustpoints: {tp.name}{trail}")
    if storage and not old:
        lines.append(f"{i1}Storage: nvram:{storage}")
    if verbose and heading != "CA Certificate":
        lines.append(f"{i1}Key Label: {key_label}")
    return lines


def _verbose_lines(cert: Certificate, zone: str) -> list[str]:
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
    lines.append(f"  Cert install time: {ios_date(cert.installed, zone)} ")
    return lines


def h_show_certificates(ctx: Context, a: Args, out: Out) -> None:
    cfg = ctx.state.config
    tps = list(cfg.trustpoints.values())
    name = a.get("tp")
    if name is not None:
        tps = [tp for tp in tps if tp.name == name]
    blocks = []
    for tp in tps:
        for cert, heading, usage in ca_show.certificates_of(tp):
            blocks.append(
                cert_block(
                    tp,
                    cert,
                    verbose="verbose" in a,
                    persona=ctx.persona,
                    storage=ctx.saved_cert_file(tp, cert),
                    key_label=tp.key_label(cfg.fqdn()),
                    heading=heading,
                    usage=usage,
                )
            )
    if not blocks:
        return
    text = "\n" + "\n\n".join("\n".join(b) for b in blocks) + "\n"
    out.page(text)


def h_show_trustpoints(ctx: Context, a: Args, out: Out) -> None:
    tps = list(ctx.state.config.trustpoints.values())
    if "tp" in a:
        tps = [tp for tp in tps if tp.name == a["tp"]]
    if "status" in a:
        parts = [_status_block(ctx.state, ctx.persona, tp) for tp in tps]
    else:
        parts = [_plain_block(ctx.persona, tp) for tp in tps]
    if parts:
        out.page("".join(parts))


def _plain_block(persona: Personality, tp: Trustpoint) -> str:
    old = persona.name == "ios12"
    i1, sn = ("  ", "    ") if old else ("    ", "          ")
    lines = [f"Trustpoint {tp.name}:"]
    cert = tp.certificate if tp.selfsigned else tp.ca_certificate or tp.certificate
    if cert is not None:
        lines.append(f"{i1}Subject Name:")
        lines += [f"{'    ' if old else i1}{rdn_text(r)}" for r in cert.subject_rdns()]
        label = "Serial Number:" if old else "Serial Number (hex):"
        lines.append(f"{sn}{label} {cert.serial_hex}")
    if tp.selfsigned:
        lines.append(f"{i1}Persistent self-signed certificate trust point")
    elif cert is not None:
        lines.append(f"{i1}Certificate configured.")
    lines += ca_show.url_lines(tp, i1, old)
    if tp.rsakeypair is not None and not old:
        lines.append(f"{i1}Using key label {tp.rsakeypair[0]}")
    return "\n".join(lines) + "\n\n\n"


def _status_block(state: DeviceState, persona: Personality, tp: Trustpoint) -> str:
    lines = [f"Trustpoint {tp.name}:"]
    lines += ca_show.status_certificates(tp, persona)
    key = trustpoints.key_of(state.keys, tp, state.config.fqdn())
    lines += ca_show.state_lines(tp, key, persona)
    return "\n".join(lines) + "\n\n\n"


def h_show_pem(ctx: Context, a: Args, out: Out) -> None:
    """``show crypto pki certificates pem [TP]``: what ``crypto pki export TP pem terminal``
    prints, under ``------Trustpoint: TP------``."""
    parts = []
    for tp in ctx.state.config.trustpoints.values():
        text = ca_enroll.export_text(tp)
        if text is None or a.get("tp") not in (None, tp.name):
            continue
        parts.append(f"------Trustpoint: {tp.name}------\n{text}")
    if parts:
        out.page("\n".join(parts))


TABLE = Table(
    {
        "show": SHOW,
        "show crypto": SHOW_CRYPTO,
        "show crypto pki": "Show PKI",
        "show crypto pki trustpoints": "Show trustpoints",
        "status": "Show trustpoint status",
        "<tp:WORD>": "Trustpoint name",
        "show crypto pki certificates": "Show certificates",
        "verbose": "Display in verbose mode",
        "show crypto pki certificates pem": "Show certificates in PEM format",
    },
    (
        Command(
            USER_EXEC, "show crypto pki trustpoints", h_show_trustpoints, pipe=True, crypto=True
        ),
        Command(
            USER_EXEC,
            "show crypto pki trustpoints status",
            h_show_trustpoints,
            pipe=True,
            crypto=True,
            static={"status": "1"},
        ),
        Command(
            USER_EXEC,
            "show crypto pki trustpoints <tp:WORD>",
            h_show_trustpoints,
            pipe=True,
            crypto=True,
        ),
        Command(
            USER_EXEC,
            "show crypto pki trustpoints <tp:WORD> status",
            h_show_trustpoints,
            pipe=True,
            crypto=True,
            static={"status": "1"},
        ),
        Command(EXEC, "show crypto pki certificates", h_show_certificates, pipe=True, crypto=True),
        # 12.3: `verbose` only after a trustpoint name (a lone `verbose` names a trustpoint);
        # later releases also take `verbose [TP]` (docs/ios-behaviour.md section 4.2)
        *(
            Command(
                EXEC,
                path,
                h_show_certificates,
                pipe=True,
                crypto=True,
                static={"verbose": "1"},
                personalities=("ios15", "iosxe17"),
            )
            for path in (
                "show crypto pki certificates verbose",
                "show crypto pki certificates verbose <tp:WORD>",
            )
        ),
        Command(
            EXEC,
            "show crypto pki certificates <tp:WORD>",
            h_show_certificates,
            pipe=True,
            crypto=True,
        ),
        Command(
            EXEC,
            "show crypto pki certificates <tp:WORD> verbose",
            h_show_certificates,
            pipe=True,
            crypto=True,
            static={"verbose": "1"},
        ),
        Command(EXEC, "show crypto pki certificates pem", h_show_pem, pipe=True, crypto=True),
        Command(
            EXEC, "show crypto pki certificates pem <tp:WORD>", h_show_pem, pipe=True, crypto=True
        ),
    ),
)
