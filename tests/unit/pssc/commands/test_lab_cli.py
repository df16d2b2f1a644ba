"""Only ``pssc lab`` (and the demo) load the lab: the other commands never import ``lab`` or
asyncssh, and the parser's written-out lab defaults stay equal to the lab's own."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from dataclasses import fields
from pathlib import Path

import pytest

from pssc.commands import lab as lab_command

HOSTS = """\
R1:
  hostname: 127.0.0.1
  port: 9
  username: admin
  password: not-used
  platform: cisco_ios
  data: {host_key_checking: false}
"""

CHECK = textwrap.dedent(
    """
    import contextlib, io, sys
    from pssc.cli import main
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        code = main(sys.argv[1:])
    loaded = sorted(m for m in sys.modules if m.split(".")[0] in ("lab", "asyncssh"))
    print(code, loaded)
    """
)


@pytest.mark.parametrize(
    "argv",
    [
        ["rollout", "--dry-run", "--no-progress", "--no-pins"],
        ["verify"],
        ["audit", "--no-pins"],
        ["pins", "list"],
        ["parse", "-c", "show running-config", "{config}"],
    ],
    ids=lambda a: a[0],
)
def test_commands_other_than_lab_never_import_the_lab(argv: list[str], tmp_path: Path) -> None:
    inventory = tmp_path / "inventory"
    inventory.mkdir()
    (inventory / "hosts.yaml").write_text(HOSTS)
    config = tmp_path / "config.txt"
    config.write_text("hostname R1\n")
    args = [a.format(config=config) for a in argv]
    if args[0] in ("rollout", "verify", "audit"):
        args += ["-i", str(inventory)]
    if args[0] == "verify":
        args += ["--pins", str(tmp_path / "pins.sqlite")]
    if args[0] == "pins":
        args = ["pins", "--pins", str(tmp_path / "pins.sqlite"), "list"]
    proc = subprocess.run(
        [sys.executable, "-c", CHECK, *args], capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    code, loaded = proc.stdout.split(" ", 1)
    assert code in {"0", "1"}  # ran (the host at port 9 is unreachable: 1)
    assert loaded.strip() == "[]"


def test_lab_up_defaults_are_the_labs() -> None:
    from lab.device import PERSONALITIES
    from lab.runner import LabConfig

    config = LabConfig()
    for field in fields(lab_command.DEFAULTS):
        assert getattr(lab_command.DEFAULTS, field.name) == getattr(config, field.name)
    assert lab_command.PERSONALITIES == PERSONALITIES
