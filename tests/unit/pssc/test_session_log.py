"""``--session-log DIR`` (issue 13, item 6): a host's name never puts its log outside DIR; the
folder is 0700 and the logs 0600 whatever the umask; a planted symbolic link is refused."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from pssc.errors import InvalidInput
from pssc.inventory import load_nornir
from pssc.session_log import log_file, log_name

HOSTILE = ["../../outside", "/etc/passwd", "..", ".", ".hidden", "a/b", "a_b", "x\x1b]0;t\x07",
           "C:\\x", "é", "R1"]  # fmt: skip


@pytest.fixture
def open_umask() -> Iterator[None]:
    old = os.umask(0o022)
    yield
    os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize("host", HOSTILE)
def test_a_log_name_is_a_plain_file_name(host: str) -> None:
    name = log_name(host)
    assert "/" not in name and "\\" not in name and ".." not in name
    assert not name.startswith(".") and name.endswith(".log") and name.isascii()
    assert name.isprintable()


def test_names_that_had_to_change_stay_apart() -> None:
    names = [log_name(h) for h in HOSTILE]
    assert len(set(names)) == len(names)


def test_hostile_inventory_names_log_inside_dir_0700_0600(tmp_path: Path, open_umask: None) -> None:
    inv = tmp_path / "inv"
    inv.mkdir()
    hosts = {h: {"hostname": "127.0.0.1", "port": 2200 + i, "data": {"host_key_checking": False}}
             for i, h in enumerate(HOSTILE[:7])}  # fmt: skip
    (inv / "hosts.yaml").write_text(yaml.safe_dump(hosts))
    (inv / "defaults.yaml").write_text("username: u\npassword: p\nplatform: cisco_ios\n")
    logs = tmp_path / "deep" / "logs"
    nr = load_nornir(inv, session_log_dir=logs)
    paths = {Path(h.connection_options["netmiko"].extras["session_log"])
             for h in nr.inventory.hosts.values()}  # fmt: skip
    assert len(paths) == 7
    assert all(p.parent == logs and p.is_file() and mode(p) == 0o600 for p in paths)
    assert mode(logs) == 0o700
    assert sorted(tmp_path.iterdir()) == [tmp_path / "deep", inv]  # nothing written elsewhere
    assert sorted(os.listdir(tmp_path / "deep")) == ["logs"]


def test_an_older_log_is_made_private_and_a_symlink_refused(
    tmp_path: Path, open_umask: None
) -> None:
    logs = tmp_path / "logs"
    logs.mkdir()
    old = logs / "R1.log"
    old.write_text("old config")
    old.chmod(0o644)
    assert log_file(logs, "R1") == old and mode(old) == 0o600 and old.read_text() == ""
    target = tmp_path / "elsewhere"
    (logs / "R2.log").symlink_to(target)
    with pytest.raises(InvalidInput, match="R2"):
        log_file(logs, "R2")
    assert not target.exists()
