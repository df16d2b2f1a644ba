"""tasks.hostkeys: the policy every connection gets (issue 13 finding 1)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from nornir.core.configuration import Config, InventoryConfig
from nornir.core.inventory import ConnectionOptions, Host

from tasks import hostkeys


def _host(data: dict[str, Any], extras: dict[str, Any] | None = None) -> Host:
    options = {"netmiko": ConnectionOptions(extras=extras)} if extras is not None else {}
    return Host("R1", hostname="10.0.0.1", data=data, connection_options=options)


def _config(folder: Path) -> Config:
    return Config(inventory=InventoryConfig(options={"host_file": str(folder / "hosts.yaml")}))


def _extras(host: Host) -> dict[str, Any]:
    return dict(host.get_connection_parameters("netmiko").extras or {})


@pytest.mark.parametrize("value", [True, "no", "false", 0, None])
def test_anything_but_false_checks_against_known_hosts(tmp_path: Path, value: Any) -> None:
    host = _host({"host_key_checking": value, "known_hosts": "kh"}, {"ssh_strict": False})
    hostkeys.enforce(host, _config(tmp_path))
    extras = _extras(host)
    assert extras["ssh_strict"] is True and extras["alt_host_keys"] is True
    assert extras["alt_key_file"] == str(tmp_path.resolve() / "kh")


def test_false_turns_checking_off(tmp_path: Path) -> None:
    host = _host({"host_key_checking": False}, {"secret": "s"})
    hostkeys.enforce(host, _config(tmp_path))
    extras = _extras(host)
    assert extras["ssh_strict"] is False and extras["secret"] == "s"


def test_the_default_file_and_a_runbooks_own_file(tmp_path: Path) -> None:
    host = _host({})
    hostkeys.enforce(host, None)
    assert _extras(host)["alt_key_file"] == str(Path("~/.ssh/known_hosts").expanduser())
    given = _host({}, {"alt_key_file": str(tmp_path / "mine")})
    hostkeys.enforce(given, _config(tmp_path))
    assert _extras(given)["alt_key_file"] == str(tmp_path / "mine")
    assert _extras(given)["ssh_strict"] is True


def test_relative_paths_start_from_the_current_folder_without_a_host_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    host = _host({"known_hosts": "kh"})
    hostkeys.enforce(host, Config())
    assert _extras(host)["alt_key_file"] == str(tmp_path.resolve() / "kh")
