"""``pssc trust export``: what clients need to verify the fleet without ``-k``, from the pins.

Only a fingerprint the pin store holds as accepted (``same``) is exported; a fingerprint seen
since and not accepted (a *pending* change: a substituted certificate or an unaccepted rotation)
never is. Formats:

- ``pem``: the certificates the hosts serve, each checked against its accepted pin, as one
  bundle (``curl --cacert``, ``requests``' ``verify=``, ``SSL_CERT_FILE``, Ansible ``ca_path``);
- ``spki``: the accepted public-key pins as ``sha256//BASE64`` joined by ``;``
  (``curl --pinnedpubkey``; Chromium's ``--ignore-certificate-errors-spki-list`` takes the
  same BASE64 values joined by ``,``);
- ``json``: one object per host (host, trustpoint, sha256, spki_sha256_b64, first_seen, and
  ``pem`` when the format was ``pem``).
"""

from __future__ import annotations

import base64
import logging
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from parsers.certificate import decode_der
from pssc.pins import Pin, PinStore

logger = logging.getLogger(__name__)

FORMATS = ("pem", "spki", "json")


@dataclass(frozen=True)
class Target:
    """One selected host: its inventory name and where its HTTPS answers."""

    host: str
    address: str
    port: int


@dataclass(frozen=True)
class Exported:
    host: str
    trustpoint: str
    sha256: str
    spki_sha256_b64: str | None
    first_seen: str
    pem: str | None = None

    def to_json(self) -> dict[str, Any]:
        data = {
            "host": self.host,
            "trustpoint": self.trustpoint,
            "sha256": self.sha256,
            "spki_sha256_b64": self.spki_sha256_b64,
            "first_seen": self.first_seen,
        }
        if self.pem is not None:
            data["pem"] = self.pem
        return data


@dataclass(frozen=True)
class ExportResult:
    exported: list[Exported]
    skipped: list[str]  # one line per host not exported, naming it and why


Probe = Callable[[str, int], tuple[bytes, str]]  # (address, port) -> (der, sha256 hex)


def accepted_pin(pins: Iterable[Pin]) -> tuple[Pin | None, str | None]:
    """The host's accepted pin, or None and why not (no pin, or a pending change)."""
    pins = list(pins)
    if not pins:
        return None, "no pin (run `pssc audit` or `pssc rollout` first, or --audit)"
    pending = [p for p in pins if p.pending_sha256]
    if pending:
        seen = pending[0].pending_sha256 or ""
        return None, (
            f"serves {seen[:16]}..., which differs from its pin (pending, not accepted): "
            "not exported; `pssc pins accept HOST` if the change is intended"
        )
    return max(pins, key=lambda p: p.last_seen), None


def pem_of(der: bytes) -> str:
    body = base64.encodebytes(der).decode().replace("\n", "")
    lines = [body[i : i + 64] for i in range(0, len(body), 64)]
    return "-----BEGIN CERTIFICATE-----\n" + "\n".join(lines) + "\n-----END CERTIFICATE-----\n"


def export(
    store: PinStore, targets: list[Target], *, with_pem: bool, probe: Probe, workers: int = 8
) -> ExportResult:
    """The accepted pins of ``targets``; with ``with_pem`` the served certificates too, each
    only when it is the pinned one (probed at once, ``workers`` at a time)."""
    chosen: list[tuple[Target, Pin]] = []
    skipped: list[str] = []
    for target in targets:
        pin, why = accepted_pin(store.list(target.host))
        if pin is None:
            skipped.append(f"{target.host}: {why}")
        else:
            chosen.append((target, pin))
    # a pin accepted outright (by a rollout) has no SPKI hash yet: read it from what is served
    ready = [(t, p) for t, p in chosen if not with_pem and p.spki_sha256_b64]
    fetched = _fetch_all([x for x in chosen if x not in ready], with_pem, probe, workers)
    exported = [_record(pin) for _, pin in ready]
    for answer in fetched:
        if isinstance(answer, str):
            skipped.append(answer)
        else:
            exported.append(answer)
    return ExportResult(sorted(exported, key=lambda e: e.host), skipped)


def _fetch_all(
    chosen: list[tuple[Target, Pin]], with_pem: bool, probe: Probe, workers: int
) -> list[Exported | str]:
    def fetch(item: tuple[Target, Pin]) -> Exported | str:
        target, pin = item
        try:
            der, sha256 = probe(target.address, target.port)
        except Exception as exc:  # a probe error of one host is reported, never raised
            return f"{target.host}: HTTPS {target.address}:{target.port} not read: {exc}"
        if sha256.upper() != pin.sha256.upper():
            return (
                f"{target.host}: serves {sha256[:16]}..., not its pin {pin.sha256[:16]}...: "
                "not exported (run `pssc audit`; accept the change if it is intended)"
            )
        spki = decode_der(der)["spki_sha256_b64"]
        return _record(pin, pem_of(der) if with_pem else None, spki)

    if not chosen:
        return []
    with ThreadPoolExecutor(max_workers=max(1, min(workers, len(chosen)))) as pool:
        return list(pool.map(fetch, chosen))


def _record(pin: Pin, pem: str | None = None, spki: str | None = None) -> Exported:
    spki = spki or pin.spki_sha256_b64
    return Exported(pin.host, pin.trustpoint, pin.sha256, spki, pin.first_seen, pem)


def render(result: ExportResult, fmt: str) -> str:
    """The export as text in ``fmt`` (see the module docstring)."""
    import json

    if fmt == "pem":
        return "".join(
            f"# {e.host} ({e.trustpoint}) SHA-256 {e.sha256}\n{e.pem}" for e in result.exported
        )
    if fmt == "spki":
        pins = [f"sha256//{e.spki_sha256_b64}" for e in result.exported if e.spki_sha256_b64]
        return ";".join(pins) + "\n"
    return json.dumps([e.to_json() for e in result.exported], indent=2) + "\n"
