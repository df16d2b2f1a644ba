"""EXEC commands (``>`` and ``#``): login state, terminal settings, configure, save, reload."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from lab.device.cli.out import Ask, Dialog, Out, yes_no
from lab.device.model.clock import MONTHS
from lab.protocol import Disconnect, ReloadDevice

if TYPE_CHECKING:
    from lab.device.cli.session import Session

Args = dict[str, str]


def h_enable(s: Session, a: Args, out: Out) -> Dialog | None:
    if s.privileged:
        return None
    return _enable_dialog(s, out)


def _enable_dialog(s: Session, out: Out) -> Dialog:
    for _ in range(3):
        answer = yield Ask("Password: ", echo=False)
        if answer == s.dev.spec.enable_secret:
            s.mode = "exec"
            return
    out.write("% Bad secrets\n\n")


def h_disable(s: Session, a: Args, out: Out) -> None:
    s.mode = "user"


def h_exit(s: Session, a: Args, out: Out) -> None:
    out.after(Disconnect())


def h_terminal_length(s: Session, a: Args, out: Out) -> None:
    s.term_length = int(a["n"])


def h_terminal_width(s: Session, a: Args, out: Out) -> None:
    s.term_width = int(a["n"])


def h_terminal_monitor(s: Session, a: Args, out: Out) -> None:
    s.monitor = "no" not in a


def h_configure(s: Session, a: Args, out: Out) -> None:
    out.write("Enter configuration commands, one per line.  End with CNTL/Z.\n")
    s.mode = "config"


def h_end(s: Session, a: Args, out: Out) -> None:
    s.leave_config(out)


def h_config_exit(s: Session, a: Args, out: Out) -> None:
    if s.mode == "config":
        s.leave_config(out)
    else:
        s.mode, s.tp, s.iface = "config", None, None


OVERWRITE = "Overwrite the previous NVRAM configuration?[confirm]"
CONFIRM_KEYS = ("\r", "\n", "y", "Y")


def h_write(s: Session, a: Args, out: Out) -> Dialog | None:
    if s.dev.spec.faults.extra_prompt:  # spec 5: the question after an image change
        return _write_overwrite(s, out)
    s.dev.save(out)
    return None


def _write_overwrite(s: Session, out: Out) -> Dialog:
    key = yield Ask(OVERWRITE, mode="key", echo=False)
    out.write("\n")
    if key in CONFIRM_KEYS:
        s.dev.save(out)


def h_copy_run_start(s: Session, a: Args, out: Out) -> Dialog:
    answer = (yield Ask("Destination filename [startup-config]? ")).strip()
    if answer not in ("", "startup-config", "nvram:startup-config"):
        out.write(f"%Error opening nvram:{answer} (Permission denied)\n")
        return
    s.dev.save(out)


def h_reload(s: Session, a: Args, out: Out) -> Dialog:
    dev = s.dev
    if not dev.saved():
        q = "System configuration has been modified. Save? [yes/no]: "
        if (yield from yes_no(q, out)):
            if not dev.save(out):
                return
    key = yield Ask("Proceed with reload? [confirm]", mode="key", echo=False)
    if key not in CONFIRM_KEYS:
        out.write("\n")
        return
    out.write("\n")
    who = f"{s.username} on vty{s.line_no} ({s.peer})"
    dev.log_line(out, "SYS-5-RELOAD", f"Reload requested by {who}. Reload Reason: Reload Command.")
    dev.go_down("Reload Command")
    out.after(ReloadDevice())


def h_clock_set(s: Session, a: Args, out: Out) -> None:
    when = parse_clock(a)
    if when is None:
        out.write("% Invalid input detected at '^' marker.\n\n")
        return
    s.dev.clock.set(when)
    s.dev.clock.authoritative = True


def parse_clock(a: Args) -> datetime | None:
    """``clock set 10:00:00 1 Jan 2024`` (day and month in either order)."""
    day, month = a["d1"], a["d2"]
    if not day.isdigit():
        day, month = month, day
    months = [m.lower() for m in MONTHS]
    try:
        mon = next(i for i, m in enumerate(months, 1) if m.startswith(month.lower()[:3]))
        h, m, sec = (int(x) for x in a["time"].split(":"))
        return datetime(int(a["year"]), mon, int(day), h, m, sec)
    except (StopIteration, ValueError):
        return None
