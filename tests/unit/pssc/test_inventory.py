"""Inventory loading: host key policy, credentials, selection, and one clear line for bad input."""

from __future__ import annotations

from pathlib import Path

import pytest

from pssc.cli import main
from pssc.credentials import Credentials, from_env
from pssc.inventory import InventoryError, load_nornir

HOSTS = """\
R1:
  hostname: 127.0.0.1
  port: 2201
  groups: [lab]
R2:
  hostname: 127.0.0.1
  port: 2202
  data: {site: b, known_hosts: kh}
"""
GROUPS = "lab:\n  data: {host_key_checking: false, site: a}\n"
DEFAULTS = """\
username: admin
password: inventory-password
platform: cisco_ios
connection_options:
  netmiko:
    extras: {secret: inventory-secret}
"""


@pytest.fixture
def inv(tmp_path: Path) -> Path:
    (tmp_path / "hosts.yaml").write_text(HOSTS)
    (tmp_path / "groups.yaml").write_text(GROUPS)
    (tmp_path / "defaults.yaml").write_text(DEFAULTS)
    return tmp_path


def _extras(nr: object, name: str) -> dict:
    return nr.inventory.hosts[name].get_connection_parameters("netmiko").extras  # type: ignore[attr-defined]


def test_host_keys_checked_unless_the_inventory_says_not(inv: Path) -> None:
    nr = load_nornir(inv)
    lab, real = _extras(nr, "R1"), _extras(nr, "R2")
    assert lab["ssh_strict"] is False and lab["alt_host_keys"] is False
    assert real["ssh_strict"] is True and real["alt_host_keys"] is True
    assert real["alt_key_file"] == str((inv / "kh").resolve())
    assert real["secret"] == "inventory-secret"  # the inventory's extras are kept


def test_environment_credentials_override_the_inventory(inv: Path) -> None:
    creds = from_env({"PSSC_USERNAME": "ops", "PSSC_PASSWORD": "env-pw", "PSSC_SECRET": "env-en"})
    nr = load_nornir(inv, credentials=creds)
    params = nr.inventory.hosts["R2"].get_connection_parameters("netmiko")
    assert (params.username, params.password, params.extras["secret"]) == (
        "ops",
        "env-pw",
        "env-en",
    )
    assert "env-pw" not in repr(creds) and "env-en" not in repr(creds)


def test_selection_by_hosts_and_filters(inv: Path) -> None:
    assert list(load_nornir(inv, hosts=["R2"]).inventory.hosts) == ["R2"]
    assert list(load_nornir(inv, filters=["site=a"]).inventory.hosts) == ["R1"]
    assert list(load_nornir(inv, filters=["group=lab"]).inventory.hosts) == ["R1"]
    with pytest.raises(InventoryError, match="R9"):
        load_nornir(inv, hosts=["R9"])
    with pytest.raises(InventoryError, match="KEY=VALUE"):
        load_nornir(inv, filters=["site"])


def test_workers_from_config_then_argument(inv: Path) -> None:
    (inv / "config.yaml").write_text("runner: {plugin: threaded, options: {num_workers: 7}}\n")
    assert load_nornir(inv).config.runner.options["num_workers"] == 7
    assert load_nornir(inv, workers=3).config.runner.options["num_workers"] == 3


def test_session_log_per_host(inv: Path, tmp_path: Path) -> None:
    nr = load_nornir(inv, session_log_dir=tmp_path / "logs")
    assert _extras(nr, "R1")["session_log"] == str(tmp_path / "logs" / "R1.log")


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("hosts.yaml", "R1: [unclosed\n", "hosts.yaml: line 2: invalid YAML"),
        ("hosts.yaml", "- just\n- a list\n", "expected a mapping"),
        ("hosts.yaml", "R1: {port: ssh}\n", "port must be a number"),
        ("hosts.yaml", "R1: {groups: [nope]}\n", "unknown group 'nope'"),
        ("groups.yaml", "lab: {data: {host_key_checking: maybe}}\n", "host_key_checking"),
    ],
)
def test_bad_inventory_is_one_line_and_exit_2(
    inv: Path, name: str, text: str, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    (inv / name).write_text(text)
    with pytest.raises(InventoryError, match=message.split(": ")[-1]):
        load_nornir(inv)
    assert main(["rollout", "-i", str(inv), "--no-progress"]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and name in err and message.split(": ")[-1] in err


def test_missing_folder_and_bad_options_are_usage_errors(
    inv: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["rollout", "-i", str(inv / "nope")]) == 2
    assert "no such inventory folder" in capsys.readouterr().err
    assert main(["rollout", "-i", str(inv), "--key-size", "100"]) == 2
    assert "--key-size" in capsys.readouterr().err
    assert main(["rollout", "-i", str(inv), "--subject-name", "1.2.3.4"]) == 2
    assert "X.500" in capsys.readouterr().err


def test_credentials_object_is_falsy_when_empty() -> None:
    assert not Credentials()
    assert Credentials(username="x")


def test_a_large_inventory_is_read_by_the_c_parsers() -> None:
    """A 1,000-host hosts.yaml is read twice (pssc's checks, then Nornir's SimpleInventory):
    with the pure-Python parsers that took 11 s of CPU before the first login; with libyaml
    (PyYAML) and ruamel.yaml.clib (Nornir's ruamel) about 3 s."""
    import ruamel.yaml
    import yaml

    from pssc.validate import inventory as checks

    assert yaml.__with_libyaml__ and checks.SAFE_LOADER is yaml.CSafeLoader
    nornir_yaml = ruamel.yaml.YAML(typ="safe")  # what nornir's SimpleInventory builds
    assert nornir_yaml.Parser is not ruamel.yaml.parser.Parser  # the C parser of the clib


def test_invalid_yaml_is_reported_in_pyyamls_words(tmp_path: Path) -> None:
    from pssc.validate.inventory import load_yaml

    with pytest.raises(Exception, match="expected the node content, but found '<stream end>'"):
        load_yaml("R1:\n  hostname: [\n")
    assert load_yaml("R1: {hostname: r1}\n") == {"R1": {"hostname": "r1"}}
