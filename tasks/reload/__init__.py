"""Reload a device and wait until it is really back: the ``reload_device`` Nornir task.

The dialog is the one engine of ``tasks.dialog``, answered from ``RELOAD_PROMPTS`` (docs/prompts.md
section 6): ``Save? [yes/no]`` is answered ``no`` (pssc never saves behind the operator's back)
and the outcome says so; the confirmation gets Enter; anything else is abandoned with Ctrl-C. After
the confirmation the task waits until the device really went down (the SSH session drops), tries
SSH again with exponential backoff until the deadline (``tasks.reload.wait``), checks that the
uptime in ``show version`` did not keep growing, and waits for HTTPS.

What is here is what only a reload needs (the drop, the wait, the uptime); this package may import
the rest of ``tasks`` and ``parsers``, and nothing imports it but ``pssc``.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from nornir.core.task import Result, Task

from parsers.show_version import parse_uptime
from tasks.channel import NetmikoLike, prompt_pattern
from tasks.dialog import Dialog
from tasks.errors import DeviceTimeout, ReloadTimeout
from tasks.prompts import RELOAD_PROMPTS
from tasks.reload.wait import backoff_delays, check_uptime, wait_until
from tasks.session import close, connect, send
from tasks.tls_probe import ServedCertificate, probe_https

logger = logging.getLogger(__name__)


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


@dataclass(frozen=True)
class DialogOutcome:
    answers: tuple[tuple[str, str], ...]  # (prompt seen, answer sent; Enter is "<Enter>")
    declined_save: bool
    down_at: float  # time.time() when the session dropped


def run_reload_dialog(
    conn: NetmikoLike,
    host: str,
    *,
    timeout: float = 120.0,
    quiet: float = 1.0,
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], None] = time.sleep,
) -> DialogOutcome:
    """Send ``reload``, answer ``Save?`` with ``no`` and confirm; return once the session drops.

    ``ReloadTimeout`` when it does not drop within ``timeout`` seconds; ``CommandRejected`` when
    IOS refuses the command, the prompt comes back or the session drops before the confirmation;
    ``UnexpectedPrompt`` (after Ctrl-C: nothing reloads) for a question not in the table.
    """
    dialog = Dialog(
        conn,
        host,
        "reload",
        table=RELOAD_PROMPTS,
        answers={"save": "no", "confirm": ""},
        done=prompt_pattern(conn),
        until="drop",
        timeout=timeout,
        quiet=quiet,
        clock=clock,
        sleep=sleep,
    )
    try:
        transcript = dialog.run()
    except DeviceTimeout as exc:
        raise ReloadTimeout(
            f"the device did not go down within {timeout:.0f} s of the reload",
            host=host,
            command="reload",
            seen=exc.seen,
        ) from exc
    return DialogOutcome(
        answers=tuple((question, answer or "<Enter>") for question, answer in transcript.answers),
        declined_save="save" in transcript.prompts,
        down_at=time.time(),
    )


def _reconnect(task: Task) -> NetmikoLike:
    close(task)
    return connect(task)


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
    return served, time.time()


def reload_device(
    task: Task,
    *,
    boot_timeout: float = 600.0,
    https_port: int | None = None,
    drop_timeout: float = 120.0,
    on_event: Callable[[str, str], None] | None = None,
) -> Result:
    """Reload the host, wait until it went down and is back (SSH, then HTTPS if ``https_port``).

    Raises ``ReloadTimeout`` when SSH is not back within ``boot_timeout`` seconds of the drop,
    ``UnexpectedPrompt``/``CommandRejected`` when the dialog goes wrong (nothing is reloaded then),
    ``ReloadNotObserved`` when the device came back without having rebooted.
    A missing HTTPS after the reload is not an error here: ``https_back_at`` is None.
    ``on_event(host, "down" | "back")`` is called when the session dropped after the reload and
    when SSH answers again (a progress display; a caller telling "never came back" from "never
    went down").
    """
    notify = on_event or (lambda _host, _what: None)
    host = task.host.name
    conn = connect(task)
    uptime_before = parse_uptime(send(conn, host, "show version"))
    read_before = time.monotonic()
    requested_at = time.time()
    dialog: DialogOutcome = run_reload_dialog(conn, host, timeout=drop_timeout)
    if dialog.declined_save:
        logger.warning("%s: answered 'no' to 'Save?': pssc does not save behind your back", host)
    close(task)
    notify(host, "down")
    deadline = time.monotonic() + boot_timeout
    conn, attempts = wait_until(lambda: _reconnect(task), deadline=deadline, what="SSH", host=host)
    ssh_back_at = time.time()
    notify(host, "back")
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
    "DialogOutcome",
    "ReloadOutcome",
    "backoff_delays",
    "check_uptime",
    "reload_device",
    "run_reload_dialog",
    "wait_until",
]
