"""``show running-config`` / ``show startup-config``: trustpoints, certificate chains, HTTP server.

Python picks the top-level sections that matter (a 5,000-line configuration has a few dozen PKI
lines), the TTP template ``show_running_config.ttp`` reads their grammar, and Python normalises:
sub-commands to fields, hex dumps to decoded certificates.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from parsers import ttp_runner
from parsers.certificate import decode_hex
from parsers.errors import ParseError
from parsers.text import CleanText, clean
from parsers.ttp_runner import as_list, scalar
from parsers.types import (
    CertificateChain,
    ChainCertificate,
    ConfigPki,
    HttpSettings,
    RsaKeypair,
    Trustpoint,
)

log = logging.getLogger(__name__)

TEMPLATE = "show_running_config"
_WANTED = re.compile(
    r"^(?:hostname\s|(?:no\s+)?ip\s+http\s|crypto\s+(?:pki|ca)\s+(?:trustpoint|certificate\s+chain)\s)"
)
_CHAIN = re.compile(r"^crypto\s+(?:pki|ca)\s+certificate\s+chain\s")
# A configuration has at least one of these top-level lines (a transcript or a banner has none).
_CONFIG_LIKE = re.compile(
    r"^(?:!$|end$|version\s|hostname\s|interface\s|crypto\s|ip\s|no\s|Current configuration"
    r"|service\s|boot-(?:start|end)-marker|line\s|username\s|enable\s)"
)
_QUIT = re.compile(r"^\s*quit\s*$")


def _sections(cleaned: CleanText) -> tuple[str, list[list[int]]]:
    """TTP input (wanted sections, each closed by ``!``) and, per chain section, line numbers."""
    out: list[str] = []
    chains: list[list[int]] = []
    current: list[int] | None = None
    keep = False
    for index, line in enumerate(cleaned.lines):
        if line[:1] not in (" ", "\t", ""):
            if keep:
                out.append("!")
            keep = bool(_WANTED.match(line))
            current = None
            if keep and _CHAIN.match(line):
                current = []
                chains.append(current)
        elif not line:
            continue
        if keep:
            out.append(line)
            if current is not None:
                current.append(index)
    if keep:
        out.append("!")
    return "\n".join(out) + "\n", chains


def parse_config(
    text: str, *, command: str = "show running-config", template: str = TEMPLATE
) -> ConfigPki:
    """The PKI facts of a configuration; ``ParseError`` when the text is not a configuration."""
    cleaned = clean(text, command=command)
    if not any(_CONFIG_LIKE.match(line) for line in cleaned.lines):
        raise ParseError("this is not a configuration", command=command, text=text[:200])
    ttp_input, chain_lines = _sections(cleaned)
    raw = ttp_runner.run(template, ttp_input) if ttp_input.strip() else {}
    names = [scalar(h, "hostname") for h in as_list(raw.get("hostname"))]
    hostname = names[-1] if names else None  # the last one wins, as when IOS reads it
    chains = [
        _chain(item, cleaned, chain_lines[i] if i < len(chain_lines) else [], command, text)
        for i, item in enumerate(as_list(raw.get("chains")))
    ]
    return ConfigPki(
        hostname=hostname,
        trustpoints=[_trustpoint(item) for item in as_list(raw.get("trustpoints"))],
        certificate_chains=chains,
        http=_http(as_list(raw.get("http"))),
    )


def _http(items: list[dict[str, Any]]) -> HttpSettings:
    http = HttpSettings(server=False, secure_server=False, secure_trustpoint=None)
    for item in items:
        server, secure = scalar(item, "server"), scalar(item, "secure_server")
        if server is not None:
            http["server"] = server == "on"
        if secure is not None:
            http["secure_server"] = secure == "on"
        if "secure_trustpoint" in item:
            http["secure_trustpoint"] = scalar(item, "secure_trustpoint")
    return http


def _rsakeypair(args: list[str]) -> RsaKeypair | None:
    if not args:
        return None
    sizes = [int(a) if a.isdigit() else None for a in args[1:3]]
    sizes += [None] * (2 - len(sizes))
    return RsaKeypair(label=args[0], key_size=sizes[0], encryption_key_size=sizes[1])


# ``enrollment retry ...`` and the like tune the enrollment; they do not name its method.
_ENROLLMENT_OPTIONS = frozenset({"retry", "mode", "http-proxy", "credential"})
_SIMPLE = {
    "subject-name": "subject_name",
    "subject-alt-name": "subject_alt_name",
    "ip-address": "ip_address",
    "fqdn": "fqdn",
    "revocation-check": "revocation_check",
    "hash": "hash",
}


def _trustpoint(item: dict[str, Any]) -> Trustpoint:
    commands = [c.strip() for c in str(scalar(item, "commands") or "").split("\n") if c.strip()]
    tp = Trustpoint(
        name=str(scalar(item, "name")),
        enrollment=None,
        enrollment_url=None,
        subject_name=None,
        subject_alt_name=None,
        rsakeypair=None,
        serial_number=None,
        ip_address=None,
        fqdn=None,
        revocation_check=None,
        hash=None,
        commands=commands,
    )
    for command in commands:
        word, _, rest = command.partition(" ")
        rest = rest.strip()
        if word == "enrollment":
            sub, _, value = rest.partition(" ")
            if sub == "url":
                tp["enrollment"], tp["enrollment_url"] = "url", value.strip() or None
            elif sub and sub not in _ENROLLMENT_OPTIONS:
                tp["enrollment"] = sub  # selfsigned, terminal, pkcs12, profile ...
        elif word == "rsakeypair":
            tp["rsakeypair"] = _rsakeypair(rest.split())
        elif word == "serial-number":
            tp["serial_number"] = rest
        elif word in _SIMPLE:
            tp[_SIMPLE[word]] = rest  # type: ignore[literal-required]
    return tp


def _hex_line_numbers(cleaned: CleanText, lines: list[int]) -> list[list[int]]:
    """For each ``certificate`` entry of a chain section: original numbers of its hex lines."""
    numbers: list[list[int]] = []
    for index in lines:
        stripped = cleaned.lines[index].strip()
        if stripped.startswith("certificate "):
            numbers.append([])
        elif numbers and not _QUIT.match(stripped):
            numbers[-1].append(cleaned.original_line(index))
    return numbers


def _chain(
    item: dict[str, Any], cleaned: CleanText, lines: list[int], command: str, text: str
) -> CertificateChain:
    name = str(scalar(item, "trustpoint"))
    numbers = _hex_line_numbers(cleaned, lines)
    certs: list[ChainCertificate] = []
    for n, entry in enumerate(as_list(item.get("certificates"))):
        where = numbers[n] if n < len(numbers) else []
        certs.append(_chain_certificate(entry, name, where, command, text))
    return CertificateChain(
        trustpoint=name, keyword=str(scalar(item, "keyword")), certificates=certs
    )


def _chain_certificate(
    entry: dict[str, Any], chain: str, numbers: list[int], command: str, text: str
) -> ChainCertificate:
    hex_lines = [h for h in str(scalar(entry, "hex") or "").split("\n") if not _QUIT.match(h)]
    hex_text = "\n".join(hex_lines).strip()
    storage = scalar(entry, "storage")
    cert = ChainCertificate(
        type=scalar(entry, "type") or "router",
        serial=scalar(entry, "serial") or "",
        storage=storage or None,
        hex="".join(hex_text.split()).upper() or None,
        certificate=None,
    )
    if hex_text:
        try:
            cert["certificate"] = decode_hex("\n".join(hex_lines), chain=chain, first_line=0)
        except ParseError as exc:  # its line counts from the first hex line: the original's
            offset = exc.line or 0
            line = numbers[offset] if offset < len(numbers) else None
            raise exc.located(command=command, text=text, line=line) from exc
    return cert
