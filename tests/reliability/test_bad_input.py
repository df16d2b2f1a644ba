"""Bad input: one clear line on stderr and exit code 2, never a traceback, nothing touched.

Each case is a table row: the files of an inventory folder, the command line, and the exact line
expected (``{inv}`` is the inventory folder, ``{tmp}`` the test's temporary folder). The options
are checked before any connection: the hosts point at a closed port, so a case that got as far as
connecting would fail with exit 1 instead.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from pssc.cli import main

GOOD_HOSTS = """\
R1:
  hostname: 127.0.0.1
  port: 9
  username: admin
  password: not-used
  platform: cisco_ios
"""
PSSC = Path(sys.executable).with_name("pssc")

# (id, files of the inventory folder, argv after the inventory, expected line)
CASES: list[tuple[str, dict[str, str], list[str], str]] = [
    (
        "malformed-yaml",
        {"hosts.yaml": "R1:\n  hostname: [127.0.0.1\n  port: 22\n"},
        ["rollout"],
        "pssc rollout: {inv}/hosts.yaml: line 3: invalid YAML: expected ',' or ']', but got ':'",
    ),
    (
        "top-level-not-a-mapping",
        {"hosts.yaml": "- R1\n- R2\n"},
        ["rollout"],
        "pssc rollout: {inv}/hosts.yaml: expected a mapping at the top, got list",
    ),
    (
        "missing-hostname",
        {"hosts.yaml": GOOD_HOSTS.replace("  hostname: 127.0.0.1\n", "")},
        ["rollout"],
        "pssc rollout: {inv}/hosts.yaml: R1: no hostname (the address pssc connects to)",
    ),
    (
        "missing-credentials",
        {"hosts.yaml": "R1:\n  hostname: 127.0.0.1\n  port: 9\n"},
        ["audit"],
        "pssc audit: {inv}/hosts.yaml: R1: no username and no password (set it in the "
        "inventory, in PSSC_USERNAME/PSSC_PASSWORD, or use --ask-pass)",
    ),
    (
        "missing-password",
        {"hosts.yaml": GOOD_HOSTS.replace("  password: not-used\n", "")},
        ["verify"],
        "pssc verify: {inv}/hosts.yaml: R1: no password (set it in the inventory, in "
        "PSSC_USERNAME/PSSC_PASSWORD, or use --ask-pass)",
    ),
    (
        "duplicate-host-name",
        {"hosts.yaml": GOOD_HOSTS + GOOD_HOSTS.replace("127.0.0.1", "127.0.0.2")},
        ["rollout"],
        "pssc rollout: {inv}/hosts.yaml: line 7: 'R1' is defined twice (first on line 1); "
        "each host needs a name of its own",
    ),
    (
        "duplicate-device",
        {"hosts.yaml": GOOD_HOSTS + GOOD_HOSTS.replace("R1:", "R1-again:")},
        ["rollout"],
        "pssc rollout: {inv}/hosts.yaml: R1-again and R1 are the same device (127.0.0.1:9): "
        "duplicate host",
    ),
    (
        "unknown-platform",
        {"hosts.yaml": GOOD_HOSTS.replace("cisco_ios", "juniper_junos")},
        ["rollout"],
        "pssc rollout: {inv}/hosts.yaml: R1: unknown platform 'juniper_junos' "
        "(pssc knows cisco_ios, cisco_xe)",
    ),
    (
        "unknown-group",
        {"hosts.yaml": GOOD_HOSTS + "  groups: [core]\n"},
        ["rollout"],
        "pssc rollout: {inv}/hosts.yaml: R1: unknown group 'core'",
    ),
    (
        "bad-port",
        {"hosts.yaml": GOOD_HOSTS.replace("port: 9", "port: 70000")},
        ["rollout"],
        "pssc rollout: {inv}/hosts.yaml: R1: port must be a number 1-65535, not 70000",
    ),
    (
        "no-inventory-folder",
        {},
        ["rollout", "-i", "{tmp}/nowhere"],
        "pssc rollout: {tmp}/nowhere: no such inventory folder",
    ),
    (
        "no-hosts-file",
        {"groups.yaml": "{}\n"},
        ["rollout"],
        "pssc rollout: {inv}/hosts.yaml: no such file (an inventory folder needs hosts.yaml)",
    ),
    (
        "invalid-subject-name",
        {"hosts.yaml": GOOD_HOSTS},
        ["rollout", "--subject-name", "1.2.3.4"],
        "pssc rollout: --subject-name '1.2.3.4' is not an X.500 name like "
        'cn=r1.example.net, o=Lab (IOS: "The subject name must be in X.500 (LDAP) format")',
    ),
    (
        "subject-unknown-attribute",
        {"hosts.yaml": GOOD_HOSTS},
        ["rollout", "--subject-name", "cn=r1, foo=bar"],
        "pssc rollout: --subject-name 'cn=r1, foo=bar' is not an X.500 name like "
        "cn=r1.example.net, o=Lab: unknown attribute 'foo' (known: c, cn, dc, dnq, e, ea, "
        "email, hostname, ipaddress, l, o, ou, serialnumber, st, unstructuredaddress, "
        "unstructuredname)",
    ),
    (
        "key-size-too-big",
        {"hosts.yaml": GOOD_HOSTS},
        ["rollout", "--key-size", "8192"],
        "pssc rollout: --key-size 8192: IOS accepts RSA moduli from 360 to 4096 bits "
        "(512 on IOS XE 17)",
    ),
    (
        "key-size-too-small",
        {"hosts.yaml": GOOD_HOSTS},
        ["rollout", "--key-size", "256", "--min-key-size", "256"],
        "pssc rollout: --key-size 256: IOS accepts RSA moduli from 360 to 4096 bits "
        "(512 on IOS XE 17)",
    ),
    (
        "key-size-under-policy",
        {"hosts.yaml": GOOD_HOSTS},
        ["rollout", "--key-size", "1024"],
        "pssc rollout: --key-size 1024 is under --min-key-size 2048",
    ),
    (
        "trustpoint-two-words",
        {"hosts.yaml": GOOD_HOSTS},
        ["rollout", "--trustpoint", "MY TP"],
        "pssc rollout: --trustpoint 'MY TP': IOS takes one word of 1-64 letters, digits and "
        "_ . : @ - (starting with a letter or digit)",
    ),
    (
        "trustpoint-question-mark",
        {"hosts.yaml": GOOD_HOSTS},
        ["rollout", "--trustpoint", "TP?"],
        "pssc rollout: --trustpoint 'TP?': IOS takes one word of 1-64 letters, digits and "
        "_ . : @ - (starting with a letter or digit)",
    ),
    (
        "trustpoint-too-long",
        {"hosts.yaml": GOOD_HOSTS},
        ["rollout", "--trustpoint", "T" * 65],
        f"pssc rollout: --trustpoint '{'T' * 65}': IOS takes one word of 1-64 letters, "
        "digits and _ . : @ - (starting with a letter or digit)",
    ),
    (
        "rollout-json-in-missing-folder",
        {"hosts.yaml": GOOD_HOSTS},
        ["rollout", "--json", "{tmp}/missing/out.json"],
        "pssc rollout: --json {tmp}/missing/out.json: the folder {tmp}/missing does not exist",
    ),
    (
        "verify-json-in-missing-folder",
        {"hosts.yaml": GOOD_HOSTS},
        ["verify", "--json", "{tmp}/missing/v.json"],
        "pssc verify: --json {tmp}/missing/v.json: the folder {tmp}/missing does not exist",
    ),
    (
        "audit-output-in-missing-folder",
        {"hosts.yaml": GOOD_HOSTS},
        ["audit", "--output", "{tmp}/missing/a.html"],
        "pssc audit: --output {tmp}/missing/a.html: the folder {tmp}/missing does not exist",
    ),
    (
        "output-is-a-folder",
        {"hosts.yaml": GOOD_HOSTS},
        ["audit", "--output", "{tmp}"],
        "pssc audit: --output {tmp}: is a folder, not a file",
    ),
    (
        "unknown-host-selected",
        {"hosts.yaml": GOOD_HOSTS},
        ["rollout", "--hosts", "R9"],
        "pssc rollout: unknown host(s) in --hosts: R9",
    ),
]


def _setup(tmp_path: Path, files: dict[str, str], argv: list[str]) -> tuple[Path, list[str]]:
    inv = tmp_path / "inv"
    inv.mkdir()
    for name, text in files.items():
        (inv / name).write_text(text, encoding="utf-8")
    args = [a.replace("{tmp}", str(tmp_path)) for a in argv]
    if "-i" not in args:
        args[1:1] = ["-i", str(inv)]
    return inv, args


@pytest.fixture(autouse=True)
def _no_env_credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("PSSC_USERNAME", "PSSC_PASSWORD", "PSSC_SECRET"):
        monkeypatch.delenv(name, raising=False)


@pytest.mark.parametrize(
    ("files", "argv", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_bad_input_is_one_line_and_exit_2(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    files: dict[str, str],
    argv: list[str],
    expected: str,
) -> None:
    inv, args = _setup(tmp_path, files, argv)
    code = main(args)
    out, err = capsys.readouterr()
    assert code == 2
    want = expected.replace("{inv}", str(inv)).replace("{tmp}", str(tmp_path))
    assert err.splitlines() == [want]
    assert out == ""  # nothing was run, so no table


def test_the_console_script_prints_one_line_and_no_traceback(tmp_path: Path) -> None:
    inv, args = _setup(tmp_path, {"hosts.yaml": "R1: [\n"}, ["rollout"])
    proc = subprocess.run(
        [str(PSSC), *args], capture_output=True, text=True, timeout=60, check=False
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert proc.stderr.splitlines() == [
        f"pssc rollout: {inv}/hosts.yaml: line 2: invalid YAML: "
        "expected the node content, but found '<stream end>'"
    ]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every folder")
def test_an_unreadable_inventory_folder_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    inv, args = _setup(tmp_path, {"hosts.yaml": GOOD_HOSTS}, ["rollout"])
    inv.chmod(0o000)
    try:
        code = main(args)
    finally:
        inv.chmod(0o755)
    assert code == 2
    assert capsys.readouterr().err.splitlines() == [
        f"pssc rollout: {inv}: cannot read the inventory folder (permission denied)"
    ]


def test_an_unreadable_hosts_file_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """What root can be shown too: a hosts file that cannot be decoded."""
    inv, args = _setup(tmp_path, {}, ["rollout"])
    (inv / "hosts.yaml").write_bytes(b"R1:\n  hostname: \xff\xfe\n")
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.splitlines() == [
        f"pssc rollout: {inv}/hosts.yaml: cannot read: 'utf-8' codec can't decode byte 0xff "
        "in position 16: invalid start byte"
    ]
