"""Issue 13 finding 7 on the command line: whole values only (``fullmatch``), no ``?``, control or
non-ASCII character in what would be typed on a device; one line, exit 2, nothing contacted."""

from __future__ import annotations

from pathlib import Path

import pytest

from pssc.cli import main

HOSTS = (
    "R1:\n  hostname: 127.0.0.1\n  port: 9\n  username: u\n  password: p\n  platform: cisco_ios\n"
)


@pytest.mark.parametrize(
    ("option", "value", "says"),
    [
        ("--trustpoint", "NEWTP\n", "this holds a control character ('\\n')"),
        ("--trustpoint", "NEWTP\u00e9", "this holds non-ASCII ('\u00e9')"),
        ("--trustpoint", "TP\x1b[31m", "this holds a control character ('\\x1b')"),
        ("--subject-name", "cn=r1\n", "a control character ('\\n')"),
        ("--subject-name", "cn=r1?", "'?' (IOS would show help instead of typing it)"),
        ("--subject-name", "cn=r\u00e9", "non-ASCII ('\u00e9')"),
        ("--subject-name", "cn=r1\x85", "a control character ('\\x85')"),
    ],
)
def test_device_text_is_refused_before_any_device(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], option: str, value: str, says: str
) -> None:
    (tmp_path / "hosts.yaml").write_text(HOSTS)  # port 9: nothing listens, nothing is contacted
    code = main(["rollout", "-i", str(tmp_path), "--no-progress", option, value])
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1 and err.startswith(f"pssc rollout: {option} {value!r}")
    assert says in err
