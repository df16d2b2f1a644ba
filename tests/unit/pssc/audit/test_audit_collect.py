"""From ``tasks.facts.PkiFacts`` (real device configuration from the corpus) to audit facts."""

from __future__ import annotations

from pathlib import Path

from parsers import parse
from pssc.audit.collect import facts_from_pki, failed_facts, pin_facts
from pssc.audit.model import ServedFacts
from pssc.audit.rules import evaluate
from pssc.pins import PinStore
from tasks.errors import AuthenticationFailed, DeviceUnreachable
from tasks.facts import PkiFacts, empty_config
from tests.unit.pssc.audit.factories import OPTS

# real device configuration, vendored with its source in tests/golden/SOURCES.md
GOLDEN = Path(__file__).resolve().parents[3] / "golden" / "show_running_config"


def _running() -> dict:  # type: ignore[type-arg]
    text = (GOLDEN / "ciscoconfparse_1.txt").read_text()
    config = parse("show running-config", text)
    assert isinstance(config, dict)
    config["http"] = {"server": False, "secure_server": True, "secure_trustpoint": None}
    return config


def test_a_real_configuration_that_was_never_saved() -> None:
    pki = PkiFacts(host="R1", running=_running(), startup=empty_config())  # type: ignore[arg-type]
    facts = facts_from_pki(pki, address="192.0.2.1", served=None)
    names = [tp.name for tp in facts.trustpoints]
    assert names == ["TP-self-signed-1217560721", "SLA-TrustPoint"]
    tp = facts.trustpoints[0]
    assert tp.self_signed and not tp.saved and not tp.in_startup
    assert tp.certificate is not None and tp.certificate["not_after"] == "2030-01-01T00:00:00Z"
    assert "der_hex" not in tp.certificate and "public_key_pem" not in tp.certificate
    assert facts.https_trustpoint == "TP-self-signed-1217560721"
    rules = {f.rule for f in evaluate(facts, OPTS)}
    assert {"https-not-persistent", "weak-signature", "https-not-bound", "cert-not-saved"} <= rules


def test_saved_when_startup_holds_the_same_certificate() -> None:
    running = _running()
    pki = PkiFacts(host="R1", running=running, startup=running)  # type: ignore[arg-type]
    facts = facts_from_pki(pki, address=None, served=None)
    assert all(tp.saved for tp in facts.trustpoints)
    assert facts.secure_server_saved


def test_failures_are_classified_and_redacted() -> None:
    auth = failed_facts(
        "R1", "h", AuthenticationFailed("login refused for pw hunter22"), ["hunter22"]
    )
    assert auth.error_kind == "authentication" and "hunter22" not in (auth.error or "")
    down = failed_facts("R2", "h", DeviceUnreachable("connection refused"), [None])
    assert down.error_kind == "unreachable" and not down.reachable
    other = failed_facts("R3", "h", ValueError("odd output"), [])
    assert other.error_kind == "error"


def test_pins_follow_the_served_certificate(tmp_path: Path) -> None:
    pki = PkiFacts(host="R1", running=_running(), startup=empty_config())  # type: ignore[arg-type]
    facts = facts_from_pki(pki, address=None, served=None)
    cert = facts.trustpoints[0].certificate
    assert cert is not None
    store = PinStore(tmp_path / "pins.sqlite")
    assert pin_facts(store, facts) is None  # nothing served, nothing pinned
    served = ServedFacts(443, cert)
    first = pin_facts(store, facts_from_pki(pki, address=None, served=served))
    again = pin_facts(store, facts_from_pki(pki, address=None, served=served))
    assert first is not None and first.status == "new"
    assert again is not None and again.status == "same"
    assert again.trustpoint == "TP-self-signed-1217560721"
