"""The ``reload`` dialog, answered by pattern from a table (prompt-variants section 6).

``Save? [yes/no]`` is always answered ``no``: pssc never saves behind the operator's back. The
confirmations (``Proceed with reload? [confirm]`` and its published variants) get Enter. Anything
else that asks a question is never guessed at: the dialog is abandoned with Ctrl-C and
``UnexpectedPrompt`` carries the text seen. The dialog ends when the SSH session drops.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tasks.errors import CommandRejected, ReloadTimeout, UnexpectedPrompt


@dataclass(frozen=True)
class PromptRule:
    name: str  # "save" or "confirm"
    pattern: re.Pattern[str]
    answer: str  # what is typed; a bare newline confirms


RELOAD_PROMPTS: tuple[PromptRule, ...] = (
    PromptRule(
        "save",
        re.compile(r"System config(?:uration)? has been modified\.? Save\?\s*\[yes/no\]:?\s*$"),
        "no\n",
    ),
    PromptRule(
        "confirm",
        re.compile(
            r"(?:Proceed with (?:quick )?reload(?: fast| command \(cold\))?\??"
            r"|Do you wish to proceed with reload anyway|Reload the entire shelf)"
            r"\s*\[confirm\]:?\s*$"
        ),
        "\n",
    ),
)
_QUESTION = re.compile(r"(?:\[[^\]\r\n]*\]\s*:?|\?\s*:?|:)\s*$")
_REJECTED = re.compile(
    r"^% ?(?:Invalid input|Incomplete command|Ambiguous command|Error|Bad)[^\r\n]*", re.M
)
_DEVICE_PROMPT = re.compile(r"^[^\s#>]{1,64}[#>]\s*$")
_RELOADING = re.compile(r"%SYS-5-RELOAD|reloading, reason|%PMAN-5-EXITACTION")


@dataclass(frozen=True)
class DialogOutcome:
    answers: tuple[tuple[str, str], ...]
    declined_save: bool
    down_at: float  # time.time() when the session dropped


def _dropped(conn: Any) -> bool:
    """Has the SSH session gone (closed channel, EOF, dead transport)?"""
    chan = getattr(conn, "remote_conn", None)
    if chan is None or getattr(chan, "closed", False) or getattr(chan, "eof_received", False):
        return True
    transport = getattr(chan, "transport", None)
    return transport is not None and not transport.is_active()


def _read(conn: Any) -> str | None:
    """Available text, or None when the session is gone."""
    try:
        return str(conn.read_channel())
    except (OSError, EOFError):
        return None
    except Exception as exc:  # netmiko's ReadException: "Channel stream closed"
        if type(exc).__name__ != "ReadException":
            raise
        return None


def _last_line(text: str) -> str:
    return text.replace("\r", "\n").rstrip("\n").rsplit("\n", 1)[-1]


def _answer(conn: Any, pending: str) -> PromptRule | None:
    for rule in RELOAD_PROMPTS:
        if rule.pattern.search(pending):
            conn.write_channel(rule.answer)
            return rule
    return None


def _check_stalled(conn: Any, host: str, pending: str, seen: str) -> None:
    """Output stopped without a known prompt: refuse to guess, abort the dialog, fail clearly."""
    tail = _last_line(pending).strip()
    if _DEVICE_PROMPT.match(tail):
        raise CommandRejected(
            f"reload returned to the prompt without reloading: {seen.strip()!r}",
            host=host,
            command="reload",
        )
    if _QUESTION.search(tail):
        conn.write_channel("\x03")  # Ctrl-C: IOS abandons the dialog, nothing is reloaded
        raise UnexpectedPrompt(
            f"unknown prompt during reload, not answered: {tail!r}", host=host, command="reload"
        )


def run_reload_dialog(
    conn: Any,
    host: str,
    *,
    timeout: float = 120.0,
    quiet: float = 1.0,
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], None] = time.sleep,
) -> DialogOutcome:
    """Send ``reload``, answer its prompts from ``RELOAD_PROMPTS``, return once the session drops.

    A prompt not in the table is never guessed at: once output has been ``quiet`` for that long
    the dialog is abandoned with Ctrl-C and ``UnexpectedPrompt`` carries the text seen.
    """
    _read(conn)  # whatever was left over from earlier commands
    conn.write_channel("reload\n")
    seen = pending = ""
    answers: list[tuple[str, str]] = []
    confirmed = declined = False
    start = last_data = clock()
    while clock() - start < timeout:
        chunk = _read(conn)
        if chunk:
            seen, pending, last_data = seen + chunk, pending + chunk, clock()
        if chunk is None or _dropped(conn):
            if confirmed or _RELOADING.search(seen):
                return DialogOutcome(tuple(answers), declined, time.time())
            raise CommandRejected(
                f"session dropped before the reload was confirmed: {seen.strip()!r}",
                host=host,
                command="reload",
            )
        if not confirmed:
            rejected = _REJECTED.search(pending)
            if rejected:
                raise CommandRejected(rejected.group(0), host=host, command="reload")
            rule = _answer(conn, pending)
            if rule is not None:
                answers.append((_last_line(pending).strip(), rule.answer.strip() or "<Enter>"))
                declined = declined or rule.name == "save"
                confirmed = rule.name == "confirm"
                pending = ""
            elif clock() - last_data >= quiet:
                _check_stalled(conn, host, pending, seen)
        sleep(0.02)
    raise ReloadTimeout(
        f"the device did not go down within {timeout:.0f} s of the reload",
        host=host,
        command="reload",
    )
