"""Lab host names stay inside ``--state-dir``, and only lab hosts skip the host key check
(issue 13, item 12)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from lab.device.model.spec import DeviceSpec
from lab.errors import SpecError
from lab.inventory_out import InventoryHost, write_inventory
from pssc.inventory import load_nornir


@pytest.mark.parametrize(
    "name", ["../../outside", "/abs", "a/../b", "..", ".", "a\\b", "R\x1b[2J", "R\n1", "R1é", ""]
)
def test_a_name_that_could_leave_the_state_dir_is_refused(name: str, tmp_path: Path) -> None:
    with pytest.raises(SpecError, match="invalid hostname"):
        DeviceSpec(name=name)


def test_host_key_checking_is_off_per_lab_host_not_in_the_defaults(tmp_path: Path) -> None:
    hosts = [InventoryHost(DeviceSpec(name=f"R{i}"), "127.0.0.1", 2200 + i, 8400 + i, f"k{i}")
             for i in (1, 2)]  # fmt: skip
    folder = write_inventory(tmp_path / "inv", hosts)
    written = yaml.safe_load((folder / "hosts.yaml").read_text())
    assert all(h["data"]["host_key_checking"] is False for h in written.values())
    defaults = yaml.safe_load((folder / "defaults.yaml").read_text())
    assert "host_key_checking" not in (defaults.get("data") or {})
    # an operator adds a real device to the lab's folder: it is checked against known_hosts
    written["REAL"] = {"hostname": "192.0.2.1", "username": "u", "password": "p"}
    (folder / "hosts.yaml").write_text(yaml.safe_dump(written))
    nr = load_nornir(folder)
    assert nr.inventory.hosts["REAL"].get("host_key_checking", True) is True
    assert nr.inventory.hosts["R1"].get("host_key_checking", True) is False
