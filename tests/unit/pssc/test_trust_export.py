"""Issue 17 item 2: ``pssc.trust.export`` exports accepted pins only, never a pending change,
and a certificate only when it is the pinned one (the probe is faked)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from pssc.pins import PinStore
from pssc.trust import Target, export, render
from tests.unit.tasks.tasks_fakes import selfsigned_der

DER = {name: selfsigned_der(name[-1]) for name in ("R1", "R2", "R3")}


def sha(der: bytes) -> str:
    return hashlib.sha256(der).hexdigest().upper()


def probe_of(served: dict[str, bytes]):  # type: ignore[no-untyped-def]
    def probe(address: str, port: int) -> tuple[bytes, str]:
        der = served[address]
        return der, sha(der)

    return probe


def test_only_accepted_pins_are_exported(tmp_path: Path) -> None:
    store = PinStore(tmp_path / "pins.sqlite")
    store.accept("R1", "TP", sha256=sha(DER["R1"]))
    store.record("R2", "TP", sha(DER["R2"]))
    store.record("R2", "TP", sha(DER["R3"]))  # R2 now serves another certificate: pending
    targets = [Target(n, n, 443) for n in ("R1", "R2", "R3")]
    result = export(store, targets, with_pem=True, probe=probe_of(DER))
    assert [e.host for e in result.exported] == ["R1"]
    assert result.exported[0].pem is not None and "BEGIN CERTIFICATE" in result.exported[0].pem
    assert result.exported[0].spki_sha256_b64  # read from the served certificate
    skipped = "\n".join(result.skipped)
    assert "R2: serves" in skipped and "pending" in skipped
    assert "R3: no pin" in skipped
    text = render(result, "spki")
    assert text.count("sha256//") == 1 and sha(DER["R3"]) not in render(result, "json")


def test_a_substituted_certificate_is_not_exported_even_before_an_audit(tmp_path: Path) -> None:
    store = PinStore(tmp_path / "pins.sqlite")
    store.accept("R1", "TP", sha256=sha(DER["R1"]))
    served = {"R1": DER["R2"]}  # the store has not seen it yet
    result = export(store, [Target("R1", "R1", 443)], with_pem=True, probe=probe_of(served))
    assert result.exported == []
    assert "not its pin" in result.skipped[0]
