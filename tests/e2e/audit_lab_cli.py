"""Plain netmiko on a lab device, as someone with CLI access would type it (not through pssc)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml
from netmiko import ConnectHandler

ANSWERS = [
    (re.compile(r"serial number in the subject name\? \[yes/no\]: ?$"), "no"),
    (re.compile(r"IP address in the subject name\? \[no\]: ?$"), "no"),
    (re.compile(r"Generate Self Signed Router Certificate\? \[yes/no\]: ?$"), "yes"),
    (re.compile(r"\[yes/no\]: ?$"), "yes"),
]


def netmiko_params(inventory: Path, name: str) -> dict[str, Any]:
    host = yaml.safe_load((inventory / "hosts.yaml").read_text())[name]
    return {
        "device_type": "cisco_ios",
        "host": host["hostname"],
        "port": host["port"],
        "username": host["username"],
        "password": host["password"],
        "secret": host["connection_options"]["netmiko"]["extras"]["secret"],
        "fast_cli": False,
    }


def enroll_selfsigned(params: dict[str, Any], name: str, *, bind: bool) -> str:
    """A new 2048-bit key and self-signed trustpoint ``name``; HTTPS bound to it when ``bind``.

    Nothing is saved (no ``write memory``).
    """
    with ConnectHandler(**params) as conn:
        conn.enable()
        conn.config_mode()
        prompt = re.escape(conn.base_prompt) + r"\(c[a-z-]*\)#"
        dialog = r"\]: ?$|" + prompt
        out = conn.send_command(
            f"crypto key generate rsa general-keys label {name} modulus 2048",
            expect_string=prompt,
            read_timeout=60,
        )
        for line in (
            f"crypto pki trustpoint {name}",
            "enrollment selfsigned",
            f"rsakeypair {name}",
        ):
            out += conn.send_command(line, expect_string=prompt)
        out += conn.send_command("exit", expect_string=prompt)
        text = conn.send_command(f"crypto pki enroll {name}", expect_string=dialog, read_timeout=60)
        out += text
        for _ in range(6):
            answer = next((a for pattern, a in ANSWERS if pattern.search(text)), None)
            if answer is None:
                break
            text = conn.send_command(answer, expect_string=dialog, read_timeout=60)
            out += text
        if bind:
            out += conn.send_command(f"ip http secure-trustpoint {name}", expect_string=prompt)
        conn.exit_config_mode()
    assert "Invalid input" not in out, out
    return out
