"""EXEC commands (``>`` and ``#``): login state, terminal settings, configure, save, reload."""

from __future__ import annotations

from datetime import datetime

from lab.device.cli.context import Args, Context
from lab.device.cli.out import Ask, Dialog, Out, yes_no
from lab.device.cli.table import Command, Table
from lab.device.handlers.common import EXEC, USER_EXEC
from lab.device.handlers.show_config import h_show_running
from lab.device.model.clock import MONTHS
from lab.protocol import Disconnect, ReloadDevice

OVERWRITE = "Overwrite the previous NVRAM configuration?[confirm]"
CONFIRM_KEYS = ("\r", "\n", "y", "Y")


def h_enable(ctx: Context, a: Args, out: Out) -> Dialog | None:
    if ctx.privileged:
        return None
    return _enable_dialog(ctx, out)


def _enable_dialog(ctx: Context, out: Out) -> Dialog:
    for _ in range(3):
        answer = yield Ask("Password: ", echo=False)
        if answer == ctx.spec.enable_secret:
            ctx.mode = "exec"
            return
    out.write("% Bad secrets\n\n")


def h_disable(ctx: Context, a: Args, out: Out) -> None:
    ctx.mode = "user"


def h_exit(ctx: Context, a: Args, out: Out) -> None:
    out.after(Disconnect())


def h_terminal_length(ctx: Context, a: Args, out: Out) -> None:
    ctx.term_length = int(a["n"])


def h_terminal_width(ctx: Context, a: Args, out: Out) -> None:
    ctx.term_width = int(a["n"])


def h_terminal_monitor(ctx: Context, a: Args, out: Out) -> None:
    ctx.monitor = "no" not in a


def h_unreachable(ctx: Context, a: Args, out: Out) -> None:
    out.write("% Unknown command or computer name, or unable to find computer address\n")


def h_configure(ctx: Context, a: Args, out: Out) -> None:
    out.write("Enter configuration commands, one per line.  End with CNTL/Z.\n")
    ctx.mode = "config"


def h_write(ctx: Context, a: Args, out: Out) -> Dialog | None:
    if ctx.spec.faults.extra_prompt:  # docs/prompts.md 5.4: the question after an image change
        return _write_overwrite(ctx, out)
    ctx.save(out)
    return None


def _write_overwrite(ctx: Context, out: Out) -> Dialog:
    key = yield Ask(OVERWRITE, mode="key", echo=False)
    out.write("\n")
    if key in CONFIRM_KEYS:
        ctx.save(out)


def h_copy_run_start(ctx: Context, a: Args, out: Out) -> Dialog:
    answer = (yield Ask("Destination filename [startup-config]? ")).strip()
    if answer not in ("", "startup-config", "nvram:startup-config"):
        out.write(f"%Error opening nvram:{answer} (Permission denied)\n")
        return
    ctx.save(out)


def h_reload(ctx: Context, a: Args, out: Out) -> Dialog:
    if not ctx.saved():
        q = "System configuration has been modified. Save? [yes/no]: "
        if (yield from yes_no(q, out)):
            if not ctx.save(out):
                return
    key = yield Ask("Proceed with reload? [confirm]", mode="key", echo=False)
    if key not in CONFIRM_KEYS:
        out.write("\n")
        return
    out.write("\n")
    who = f"{ctx.username} on vty{ctx.line_no} ({ctx.peer})"
    ctx.log(out, "SYS-5-RELOAD", f"Reload requested by {who}. Reload Reason: Reload Command.")
    ctx.go_down("Reload Command")
    out.after(ReloadDevice())


def h_clock_set(ctx: Context, a: Args, out: Out) -> None:
    when = parse_clock(a)
    if when is None:
        out.write("% Invalid input detected at '^' marker.\n\n")
        return
    ctx.clock.set(when)
    ctx.clock.authoritative = True


def parse_clock(a: Args) -> datetime | None:
    """``clock set 10:00:00 1 Jan 2024`` (day and month in either order).

    >>> parse_clock({"time": "10:00:00", "d1": "Jan", "d2": "1", "year": "2024"})
    datetime.datetime(2024, 1, 1, 10, 0)
    """
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


HELP = {
    "enable": "Turn on privileged commands",
    "disable": "Turn off privileged commands",
    "exit": "Exit from the EXEC",
    "logout": "Exit from the EXEC",
    "quit": "Exit from the EXEC",
    "terminal": "Set terminal line parameters",
    "terminal length": "Set number of lines on a screen",
    "terminal length <n:INT:0-512>": "Number of lines on screen (0 for no pausing)",
    "terminal width": "Set width of the display terminal",
    "terminal width <n:INT:0-512>": "Number of characters on a screen line",
    "monitor": "Copy debug output to the current terminal line",
    "terminal no": "Negate a command or set its defaults",
    "ping": "Send echo messages",
    "ssh": "Open a secure shell client connection",
    "telnet": "Open a telnet connection",
    "traceroute": "Trace route to destination",
    "connect": "Open a terminal connection",
    "<host:WORD>": "Destination address or hostname",
    "configure": "Enter configuration mode",
    "configure terminal": "Configure from the terminal",
    "write": "Write running configuration to memory, network, or terminal",
    "write memory": "Write to NV memory",
    "write terminal": "Write to terminal",
    "copy": "Copy from one file to another",
    "copy running-config": "Copy from current system configuration",
    "copy running-config startup-config": "Copy to startup configuration",
    "copy system:running-config": "Copy from system: file system",
    "copy system:running-config nvram:startup-config": "Copy to nvram: file system",
    "reload": "Halt and perform a cold restart",
    "clock": "Manage the system clock",
    "clock set": "Set the time and date",
    "<time:WORD>": "Current Time (hh:mm:ss)",
    "<d1:WORD>": "Day of the month, or month of the year",
    "<d2:WORD>": "Month of the year, or day of the month",
    "<year:INT:1993-2035>": "Year",
}
TABLE = Table(
    HELP,
    (
        Command(USER_EXEC, "enable", h_enable),
        Command(USER_EXEC, "disable", h_disable),
        Command(USER_EXEC, "exit", h_exit),
        Command(USER_EXEC, "logout", h_exit),
        Command(USER_EXEC, "quit", h_exit),
        Command(USER_EXEC, "terminal length <n:INT:0-512>", h_terminal_length),
        Command(USER_EXEC, "terminal width <n:INT:0-512>", h_terminal_width),
        Command(USER_EXEC, "terminal monitor", h_terminal_monitor),
        Command(USER_EXEC, "terminal no monitor", h_terminal_monitor, static={"no": "1"}),
        *(
            Command(USER_EXEC, f"{word} <host:WORD>", h_unreachable)
            for word in ("ping", "ssh", "telnet", "traceroute", "connect")
        ),
        Command(EXEC, "configure terminal", h_configure),
        Command(EXEC, "configure", h_configure),
        Command(EXEC, "write", h_write),
        Command(EXEC, "write memory", h_write),
        Command(EXEC, "write terminal", h_show_running, pipe=True),
        Command(EXEC, "copy running-config startup-config", h_copy_run_start),
        Command(EXEC, "copy system:running-config nvram:startup-config", h_copy_run_start),
        Command(EXEC, "reload", h_reload),
        Command(
            EXEC, "clock set <time:WORD> <d1:WORD> <d2:WORD> <year:INT:1993-2035>", h_clock_set
        ),
    ),
)
