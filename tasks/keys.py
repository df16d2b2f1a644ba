"""Key pairs no trustpoint uses: found (for the audit) and removed (``pssc rollout --prune-keys``).

Every rotation gives the new key a new label (``tasks.plan.new_key_label``), so old key pairs
pile up in NVRAM. A key pair is *unused* when no trustpoint of the running or the startup
configuration names it with ``rsakeypair`` and it is none of the keys IOS itself relies on: the
default key (``hostname`` or ``hostname.domain``, which SSH and any trustpoint without
``rsakeypair`` use), the key named by ``ip ssh rsa keypair-name``, and the temporary
``.server`` keys. Removing one is ``crypto key zeroize rsa LABEL`` with its question
(docs/prompts.md 3.12: ``Do you really want to remove these keys? [yes/no]:``), answered through
the one dialog engine (``tasks.dialog``) from the prompt table (``tasks.prompts.KEYGEN_PROMPTS``).
IOS also removes the certificates issued with a zeroized key, which is why only keys no
trustpoint uses are ever touched, and only after the new certificate is saved.

>>> keys = [{"name": n, "server": n.endswith(".server")} for n in
...         ("R1.lab", "TP-20260101000000", "TP-20270101000000", "R1.lab.server", "OLD")]
>>> tps = {"trustpoints": [{"name": "TP", "rsakeypair": {"label": "TP-20270101000000"}}]}
>>> unused_key_pairs(keys, [tps], hostname="R1")
['TP-20260101000000', 'OLD']
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from nornir.core.task import Result, Task

from parsers import parse
from tasks.channel import NetmikoLike, config_prompt_pattern
from tasks.dialog import run_dialog
from tasks.errors import VerifyFailed
from tasks.facts import SHOW_KEYS, PkiFacts, read_facts
from tasks.prompts import KEYGEN_PROMPTS
from tasks.session import config_mode, connect, send
from tasks.steps import save_config

__all__ = [
    "SHOW_SSH_KEYPAIR",
    "prune_keys",
    "prune_saved",
    "read_unused_key_pairs",
    "unused_key_pairs",
    "zeroize_commands",
]

logger = logging.getLogger(__name__)
REMOVE_KEYS = next(p for p in KEYGEN_PROMPTS if p.name == "remove_keys")

SSH_KEYPAIR = re.compile(r"^ip ssh rsa keypair-name (\S+)", re.M)
SHOW_SSH_KEYPAIR = "show running-config | include ^ip ssh rsa keypair-name"


def unused_key_pairs(
    keys: Iterable[Mapping[str, Any]],
    configs: Iterable[Mapping[str, Any]],
    *,
    hostname: str | None,
    ssh_keypair: str | None = None,
) -> list[str]:
    """Labels of the key pairs no trustpoint of ``configs`` uses (see the module), in order."""
    used = {ssh_keypair} if ssh_keypair else set()
    for config in configs:
        for tp in config.get("trustpoints") or ():
            pair = tp.get("rsakeypair") or {}
            if pair.get("label"):
                used.add(pair["label"])
    out: list[str] = []
    for key in keys:
        name = str(key["name"])
        default = hostname is not None and (name == hostname or name.startswith(hostname + "."))
        if name in used or default or key.get("server") or name.endswith(".server"):
            continue
        if name not in out:
            out.append(name)
    return out


def read_unused_key_pairs(conn: NetmikoLike, host: str, facts: PkiFacts) -> list[str]:
    """The unused key pairs of a host whose configurations ``facts`` holds (its keys are read
    unless ``facts`` has them, and the ``ip ssh rsa keypair-name`` line)."""
    keys = facts.keys or parse(SHOW_KEYS, send(conn, host, SHOW_KEYS))
    ssh = SSH_KEYPAIR.search(send(conn, host, SHOW_SSH_KEYPAIR))
    return unused_key_pairs(
        keys,
        [facts.running, facts.startup],
        hostname=facts.running.get("hostname"),
        ssh_keypair=ssh.group(1) if ssh else None,
    )


def zeroize_commands(labels: Sequence[str]) -> list[str]:
    """The CLI of a removal, as a dry run shows it (the dialog's answer included)."""
    lines = []
    for label in labels:
        lines.append(f"crypto key zeroize rsa {label}")
        lines.append(f" ! answer {REMOVE_KEYS.sample.strip()} yes")
    return lines


def prune_keys(task: Task, *, facts: PkiFacts | None = None, timeout: float = 60.0) -> Result:
    """Nornir task: remove every unused key pair (``result``: their labels; ``facts``: the
    configurations as just read, else read here). Not saved here: the caller saves."""
    host = task.host.name
    conn = connect(task)
    if facts is None:
        facts = read_facts(conn, host, detail=False, uptime=False)
    labels = read_unused_key_pairs(conn, host, facts)
    diff = "\n".join(zeroize_commands(labels))
    if task.is_dry_run() or not labels:
        return Result(host=task.host, changed=bool(labels), result=labels, diff=diff)
    with config_mode(conn, host):
        done = config_prompt_pattern(conn)
        for label in labels:
            run_dialog(
                conn,
                host,
                f"crypto key zeroize rsa {label}",
                table=KEYGEN_PROMPTS,
                answers={"remove_keys": "yes"},
                done=done,
                timeout=timeout,
            )
    logger.info("%s: removed unused key pairs %s", host, ", ".join(labels))
    return Result(host=task.host, changed=True, result=labels, diff=diff)


def prune_saved(
    task: Task, facts: PkiFacts, trustpoint: str, *, dry_run: bool, on: bool = True
) -> tuple[list[str], list[str]]:
    """Remove the unused key pairs once ``trustpoint``'s certificate is saved, save, and check
    that the certificate is still there; (labels removed, the CLI). A dry run only lists; ``on``
    False does nothing."""
    if not on or (not dry_run and not facts.saved(trustpoint)):
        return [], []  # never before the certificate is in the startup configuration
    labels: list[str] = prune_keys(task, facts=facts).result
    cli = [*zeroize_commands(labels), "write memory"] if labels else []
    if not labels or dry_run:
        return labels, cli
    after: PkiFacts = save_config(task, trustpoint=trustpoint).result
    if after.certificate(trustpoint) is None or not after.saved(trustpoint):
        raise VerifyFailed(
            f"{trustpoint} lost its certificate when the key pairs were removed",
            host=facts.host,
            command="crypto key zeroize rsa",
        )
    return labels, cli
