"""Reload a device and wait until it is really back: the ``reload_device`` Nornir task.

The dialog is answered by pattern, never by timing (table ``RELOAD_PROMPTS``, from
prompt-variants §6). pssc never saves behind the operator's back: ``Save? [yes/no]`` is answered
``no`` and the outcome says so. After the confirmation the task waits until the device really went
down (the SSH session drops), then tries SSH again with exponential backoff until the deadline,
checks that the uptime from ``show version`` is smaller than before, and waits for HTTPS.

>>> parse_uptime("R1 uptime is 1 week, 2 days, 3 hours, 4 minutes")
788640.0
>>> parse_uptime("Router uptime is 12 seconds")
12.0
>>> list(itertools.islice(backoff_delays(0.5, 2.0, 3.0), 5))
[0.5, 1.0, 2.0, 3.0, 3.0]
"""

from __future__ import annotations

import itertools
import logging
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from nornir.core.task import Result, Task

from tasks.errors import (
    CommandRejected,
    HostKeyMismatch,
    ReloadTimeout,
    TaskError,
    UnexpectedPrompt,
)
from tasks.session import close, connect, send
from tasks.tls_probe import ProbeError, ServedCertificate, probe_https

logger = logging.getLogger(__name__)

_UNITS = {
    "year": 365 * 86400.0,
    "week": 7 * 86400.0,
    "day": 86400.0,
    "hour": 3600.0,
    "minute": 60.0,
    "second": 1.0,
}
_UPTIME_LINE = re.compile(r"uptime is (?P<text>[^\r\n]+)")
_UPTIME_PART = re.compile(r"(\d+)\s+(year|week|day|hour|minute|second)s?")


class ReloadNotObserved(TaskError):
    """The session came back but the device shows no sign of having rebooted."""


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


def parse_uptime(text: str) -> float | None:
    """Seconds of uptime from ``show version`` (``... uptime is 1 day, 2 hours, 3 minutes``)."""
    line = _UPTIME_LINE.search(text)
    if not line:
        return None
    parts = _UPTIME_PART.findall(line.group("text"))
    if not parts:
        return None
    return sum(int(n) * _UNITS[unit] for n, unit in parts)


def backoff_delays(
    initial: float = 0.25, factor: float = 2.0, cap: float = 30.0
) -> Iterator[float]:
    """Exponential delays between attempts: initial, initial*factor, ... capped at ``cap``."""
    delay = initial
    while True:
        yield min(delay, cap)
        delay = min(delay * factor, cap)


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


@dataclass(frozen=True)
class ReloadOutcome:
    """What the reload looked like; times are ``time.time()`` so hosts can be compared."""

    host: str
    answers: tuple[tuple[str, str], ...]  # (prompt seen, answer sent)
    declined_save: bool
    requested_at: float
    down_at: float
    ssh_back_at: float
    https_back_at: float | None
    uptime_before: float | None
    uptime_after: float | None
    ssh_attempts: int
    served_after: ServedCertificate | None = field(default=None, repr=False)


def wait_until(
    attempt: Callable[[], Any],
    *,
    deadline: float,
    what: str,
    host: str,
    delays: Iterator[float] | None = None,
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], None] = time.sleep,
) -> tuple[Any, int]:
    """Call ``attempt`` until it returns without raising; ``ReloadTimeout`` at ``deadline``.

    Returns (the attempt's value, the number of attempts). ``deadline`` is on ``clock``.
    """
    delays = delays if delays is not None else backoff_delays()
    last = "no attempt made"
    for count in itertools.count(1):
        try:
            return attempt(), count
        except HostKeyMismatch:
            raise  # a different host key after a reload is an alarm, not a boot delay
        except (OSError, EOFError, TaskError, ProbeError) as exc:
            last = f"{type(exc).__name__}: {exc}"
        except Exception as exc:  # netmiko's own exceptions share no base with ours
            if type(exc).__module__.split(".")[0] not in {"netmiko", "paramiko"}:
                raise
            last = f"{type(exc).__name__}: {exc}"
        remaining = deadline - clock()
        if remaining <= 0:
            break
        sleep(min(next(delays), remaining))
    raise ReloadTimeout(
        f"{what} did not come back before the deadline ({last})", host=host, command="reload"
    )


def _reconnect(task: Task) -> Any:
    close(task)
    return connect(task)


def check_uptime(
    host: str, before: float | None, after: float | None, elapsed: float = 0.0, step: float = 60.0
) -> None:
    """Did the uptime reset? ``show version`` counts in whole minutes (``step``).

    Without a reboot the second reading is more than ``before + elapsed - step`` (``elapsed``: time
    between the two readings), so a reading at or below that proves the reboot, and so does any
    smaller reading. Equal readings less than a step apart cannot tell: the dropped session and
    the refused reconnects are then the evidence (logged). A larger reading is no reload.
    """
    if before is None or after is None:
        logger.info(
            "%s: uptime unknown (before %s, after %s); relying on the drop", host, before, after
        )
        return
    if after < before or after <= before + elapsed - step:
        return
    if after == before:
        logger.info(
            "%s: uptime %.0f s before and after (minute resolution); relying on the drop",
            host,
            after,
        )
        return
    raise ReloadNotObserved(
        f"uptime grew from {before:.0f} s to {after:.0f} s: the device did not reboot",
        host=host,
        command="show version",
    )


def _wait_https(
    host: str, hostname: str, port: int, deadline: float
) -> tuple[ServedCertificate | None, float | None]:
    try:
        served, _ = wait_until(
            lambda: probe_https(hostname, port, timeout=5.0),
            deadline=deadline,
            what="HTTPS",
            host=host,
        )
    except ReloadTimeout:
        logger.warning("%s: HTTPS on port %d did not come back before the deadline", host, port)
        return None, None
    assert isinstance(served, ServedCertificate)
    return served, time.time()


def reload_device(
    task: Task,
    *,
    boot_timeout: float = 600.0,
    https_port: int | None = None,
    drop_timeout: float = 120.0,
) -> Result:
    """Reload the host, wait until it went down and is back (SSH, then HTTPS if ``https_port``).

    Raises ``ReloadTimeout`` when SSH is not back within ``boot_timeout`` seconds of the drop,
    ``UnexpectedPrompt``/``CommandRejected`` when the dialog goes wrong (nothing is reloaded then),
    ``ReloadNotObserved`` when the device came back without having rebooted.
    A missing HTTPS after the reload is not an error here: ``https_back_at`` is None.
    """
    host = task.host.name
    conn = connect(task)
    uptime_before = parse_uptime(send(conn, host, "show version"))
    read_before = time.monotonic()
    requested_at = time.time()
    dialog: DialogOutcome = run_reload_dialog(conn, host, timeout=drop_timeout)
    if dialog.declined_save:
        logger.warning("%s: answered 'no' to 'Save?': pssc does not save behind your back", host)
    close(task)
    deadline = time.monotonic() + boot_timeout
    conn, attempts = wait_until(lambda: _reconnect(task), deadline=deadline, what="SSH", host=host)
    ssh_back_at = time.time()
    uptime_after = parse_uptime(send(conn, host, "show version"))
    check_uptime(host, uptime_before, uptime_after, time.monotonic() - read_before)
    served, https_back_at = None, None
    if https_port is not None:
        hostname = task.host.hostname or host
        served, https_back_at = _wait_https(host, hostname, https_port, deadline)
    outcome = ReloadOutcome(
        host=host,
        answers=dialog.answers,
        declined_save=dialog.declined_save,
        requested_at=requested_at,
        down_at=dialog.down_at,
        ssh_back_at=ssh_back_at,
        https_back_at=https_back_at,
        uptime_before=uptime_before,
        uptime_after=uptime_after,
        ssh_attempts=attempts,
        served_after=served,
    )
    logger.info("%s: reloaded, back after %.1f s", host, ssh_back_at - dialog.down_at)
    return Result(host=task.host, result=outcome, changed=True)


__all__ = [
    "CommandRejected",
    "ReloadNotObserved",
    "ReloadOutcome",
    "UnexpectedPrompt",
    "backoff_delays",
    "parse_uptime",
    "reload_device",
    "wait_until",
]
