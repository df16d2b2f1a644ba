"""Saving, reloading and restarting: docs/ios-behaviour.md sections 2.5 and 2.6, from NVRAM only."""

from __future__ import annotations

from pathlib import Path

import pytest

from lab.device import Device, Faults
from tests.unit.lab.device_helpers import Cli, MakeDevice, enroll_trustpoint

SAVE_Q = "System configuration has been modified. Save? [yes/no]: "
CONFIRM = "Proceed with reload? [confirm]"


def reload(cli: Cli, save: str | None = None) -> str:
    out = cli.line("reload")
    if save is not None:
        assert out == "\n" + SAVE_Q
        out = cli.line(save)
    assert out.endswith(CONFIRM), out
    assert cli.session.input_mode == "key"
    return out + cli.key("\r")


def https_cert(dev: Device) -> bytes | None:
    identity = dev.https_identity()
    return None if identity is None else identity[0]


def test_write_memory_and_reload_keep_the_certificate(cli: Cli) -> None:
    dev = cli.dev
    cli.line("terminal monitor")
    enroll_trustpoint(cli, "TP", 1024)
    cli.config("ip http secure-server", "ip http secure-trustpoint TP")
    before = dev.state.config.trustpoints["TP"].certificate
    assert before is not None and https_cert(dev) == before.pem
    assert cli.line("write memory") == "\nBuilding configuration...\n[OK]\nR1#"
    out = reload(cli)
    assert out.startswith("\n" + CONFIRM + "\n")
    assert "%SYS-5-RELOAD: Reload requested by admin on vty0 (127.0.0.1). Reload Reason:" in out
    assert cli.reloading and not dev.up and dev.https_identity() is None
    dev.boot()
    after = dev.state.config.trustpoints["TP"].certificate
    assert after is not None and after.der == before.der
    assert https_cert(dev) == before.pem
    assert dev.state.keys["TP"].public_der == Cli(dev).dev.state.keys["TP"].public_der
    assert "Last reload reason: Reload Command" in Cli(dev).enable().line("show version")


def test_other_sessions_drop_at_reload(dev: Device) -> None:
    a, b = Cli(dev).enable(), Cli(dev).enable()
    reload(a)
    b.line("show clock")
    assert b.disconnected
    dev.boot()
    assert dev.session_list() == []


def test_nothing_saved_nothing_comes_back(cli: Cli) -> None:
    enroll_trustpoint(cli, "GONE", 512)
    out = reload(cli, save="no")
    assert "Building" not in out
    cli.dev.boot()
    assert "GONE" not in cli.dev.state.config.trustpoints
    assert cli.dev.state.keys == {}


def test_save_question_yes_saves(cli: Cli) -> None:
    enroll_trustpoint(cli, "KEPT", 512)
    out = reload(cli, save="yes")
    assert "\nBuilding configuration...\n[OK]\n" + CONFIRM in out
    cli.dev.boot()
    assert cli.dev.state.config.trustpoints["KEPT"].certificate is not None


def test_no_save_question_when_saved_and_cancel(cli: Cli) -> None:
    assert cli.line("reload") == "\n" + CONFIRM
    assert cli.key("n") == "\nR1#"
    assert cli.dev.up and not cli.reloading
    cli.config("crypto key generate rsa label K modulus 512")  # keys count as a change
    assert cli.line("reload") == "\n" + SAVE_Q


def test_secure_server_saved_without_certificate_gets_a_new_one(cli: Cli) -> None:
    dev = cli.dev
    cli.config("ip http secure-server")
    cli.line("write memory")
    old = https_cert(dev)
    assert old is not None
    # a save stores the certificate too; remove it from startup as "saved before the cert"
    cli.config("no crypto pki certificate chain " + next(iter(dev.state.config.trustpoints)))
    cli.line("write memory")
    reload(cli)
    dev.boot()
    new = https_cert(dev)
    assert new is not None and new != old


def test_restart_on_the_same_state_is_a_reload(make_device: MakeDevice, tmp_path: Path) -> None:
    state = tmp_path / "kept"
    first = make_device(state_dir=state)
    c = Cli(first).enable()
    enroll_trustpoint(c, "TP", 1024)
    c.line("write memory")
    der = first.state.config.trustpoints["TP"].certificate.der  # type: ignore[union-attr]
    again = make_device(state_dir=state)
    cert = again.state.config.trustpoints["TP"].certificate
    assert cert is not None and cert.der == der


def test_nvram_write_error_leaves_nvram_untouched(make_device: MakeDevice) -> None:
    dev = make_device(faults=Faults(nvram_write_error=True))
    c = Cli(dev).enable()
    before = dev.nvram.load().startup
    c.config("hostname CHANGED")
    out = c.line("write memory")
    assert out == "\nBuilding configuration...\n%Error writing nvram:startup-config\nCHANGED#"
    assert dev.nvram.load().startup == before
    assert "\nhostname R1\n" in c.line("show startup-config")
    out = c.line("reload")
    out = c.line("yes")
    assert "%Error writing nvram:startup-config" in out and out.endswith("CHANGED#")
    assert dev.up


def test_reload_faults_set_the_boot_time(make_device: MakeDevice) -> None:
    assert make_device().boot_seconds == 0.1
    assert make_device("S", faults=Faults(slow_boot=2.5)).boot_seconds == 2.6
    assert make_device("H", faults=Faults(reload_hangs=True)).boot_seconds is None


@pytest.mark.parametrize("personality", ["ios12", "ios15", "iosxe17"])
def test_the_whole_feature_on_every_personality(make_device: MakeDevice, personality: str) -> None:
    """Trustpoint, enroll, bind HTTPS, save, reload: the same certificate comes back."""
    dev = make_device(personality=personality, faults=Faults(clock_unset=personality == "ios12"))
    c = Cli(dev).enable()
    enroll_trustpoint(c, "TP-PSSC", 1024)
    out = c.config("ip http secure-server", "ip http secure-trustpoint TP-PSSC")
    assert "%" not in out.replace("%SSH", "").replace("%PKI", "").replace("%CRYPTO", "")
    cert = dev.state.config.trustpoints["TP-PSSC"].certificate
    assert cert is not None and https_cert(dev) == cert.pem
    c.line("write memory")
    reload(c)
    dev.boot()
    again = dev.state.config.trustpoints["TP-PSSC"].certificate
    assert again is not None and again.der == cert.der and https_cert(dev) == cert.pem
    assert dev.saved()


@pytest.mark.parametrize("personality", ["ios12", "ios15", "iosxe17"])
def test_the_clock_keeps_running_across_a_reload(make_device: MakeDevice, personality: str) -> None:
    """Item 7 of issue 12: a device with a calendar keeps its time across a reload (the seed's
    12.3(14)T router still shows ``Dec 21 2004`` in its key and certificate dates after the
    HTTPS server started: persistent-self-signed-certificates.txt); it was the host's time."""
    dev = make_device(personality=personality)
    c = Cli(dev).enable()
    c.line("clock set 19:14:10 21 Dec 2004")
    c.line("write memory")
    reload(c)
    dev.boot()
    again = Cli(dev).enable().line("show clock")
    assert again.startswith("\n19:14:1") and again.endswith(" UTC Tue Dec 21 2004\nR1#")


def test_without_a_calendar_the_clock_restarts_unset(make_device: MakeDevice) -> None:
    """Item 7: the ``clock-unset`` fault is a device without a calendar: every boot starts at
    ``*Mar  1 1993`` and not authoritative (the ``*`` of the seed's ``*Dec 21 19:14:15.421``),
    whatever ``clock set`` said before."""
    dev = make_device(faults=Faults(clock_unset=True))
    c = Cli(dev).enable()
    c.line("clock set 10:00:00 1 Jan 2024")
    assert c.line("show clock").startswith("\n10:00:0")
    reload(c)
    dev.boot()
    c = Cli(dev).enable()
    assert c.line("show clock").startswith("\n*00:00:0")
    assert " Mon Mar 1 1993\n" in c.line("show clock")
