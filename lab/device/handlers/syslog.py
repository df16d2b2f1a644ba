"""Where log messages go: ``show logging``, ``clear logging``, ``logging buffered`` and
``logging synchronous`` under ``line vty`` (``docs/ios-behaviour.md`` sections 1.7 and 4.7).

``terminal monitor`` itself is a session setting (``exec_mode``); the device delivers the
messages (``Device.log_text``). Layouts of ``show logging`` per release, from real output:
12.3 has no message discriminators and no filtering (``docs/ios-behaviour.md`` section 4.7).
"""

from __future__ import annotations

from lab.device.cli.context import Args, Context
from lab.device.cli.out import Ask, Dialog, Out
from lab.device.cli.table import Command, Table
from lab.device.handlers.common import CONFIG, EXEC, LINE, NO, SHOW
from lab.device.model.logbuf import MessageLog, level_name

NO_FORM = {"no": "1"}
CONFIRM_KEYS = ("\r", "\n", "y", "Y")


def h_show_logging(ctx: Context, a: Args, out: Out) -> None:
    cfg = ctx.state.config.logging
    log = ctx.messages
    capacity = cfg.capacity(ctx.persona.log_buffer_bytes)
    level = cfg.buffer_level or "debugging"
    head = _head_12(log) if ctx.persona.name == "ios12" else _head(log, ctx.persona.xe)
    buffer = f"level {level}, {log.buffer_count} messages logged" if capacity else "disabled"
    lines = head[0] + [head[1].format(buffer=buffer)] + head[2]
    if capacity is not None:
        lines += ["", f"Log Buffer ({capacity} bytes):", *log.lines()]
    out.page("\n".join(lines) + "\n")


def _head_12(log: MessageLog) -> tuple[list[str], str, list[str]]:
    """12.3: one line per destination, no discriminators, no filtering."""
    first = [
        "Syslog logging: enabled (0 messages dropped, 0 messages rate-limited, 0 flushes, "
        "0 overruns, xml disabled)",
        f"    Console logging: level debugging, {log.console_count} messages logged, xml disabled",
        f"    Monitor logging: level debugging, {log.monitor_count} messages logged, xml disabled",
    ]
    rest = [
        "    Logging Exception size (4096 bytes)",
        "    Count and timestamp logging messages: disabled",
        f"    Trap logging: level informational, {log.console_count} message lines logged",
    ]
    return first, "    Buffer logging: {buffer}, xml disabled", rest


def _head(log: MessageLog, xe: bool) -> tuple[list[str], str, list[str]]:
    """15.x and IOS XE: discriminators, filtering, the exception size line of each."""
    wrap = "                     filtering disabled"
    first = [
        "Syslog logging: enabled (0 messages dropped, 0 messages rate-limited, 0 flushes, "
        "0 overruns, xml disabled, filtering disabled)",
        "",
        "No Active Message Discriminator.",
        "",
        "",
        "",
        "No Inactive Message Discriminator.",
        "",
        "",
        f"    Console logging: level debugging, {log.console_count} messages logged, xml disabled,",
        wrap,
        f"    Monitor logging: level debugging, {log.monitor_count} messages logged, xml disabled,",
        wrap,
    ]
    exception = (
        "    Exception Logging: size (8192 bytes)"
        if xe
        else "    Logging Exception size (4096 bytes)"
    )
    rest = [
        "                    filtering disabled",
        exception,
        "    Count and timestamp logging messages: disabled",
        "    Persistent logging: disabled",
        "",
        "No active filter modules.",
        "",
        f"    Trap logging: level informational, {log.console_count} message lines logged",
        "        Logging Source-Interface:       VRF Name:",
    ]
    return first, "    Buffer logging:  {buffer}, xml disabled,", rest


def h_clear_logging(ctx: Context, a: Args, out: Out) -> Dialog:
    key = yield Ask("Clear logging buffer [confirm]", mode="key", echo=False)
    out.write("\n")
    if key in CONFIRM_KEYS:
        ctx.messages.clear()


def h_logging_buffered(ctx: Context, a: Args, out: Out) -> None:
    """``logging buffered [SIZE] [LEVEL]``; ``no logging buffered``. A new buffer starts empty."""
    cfg = ctx.state.config.logging
    if "no" in a:
        cfg.buffered, cfg.buffer_size, cfg.buffer_level = False, None, None
        ctx.messages.clear()
        ctx.changed()
        return
    level = None
    if "level" in a:
        level = level_name(a["level"])
        if level is None:
            ctx.invalid_at(out, a["level"])
            return
    size = int(a["size"]) if "size" in a else None
    if not cfg.buffered or size != cfg.buffer_size:
        ctx.messages.clear()
    cfg.buffered, cfg.buffer_size = True, size
    cfg.buffer_level = None if level == "debugging" else level
    ctx.changed()


def h_logging_synchronous(ctx: Context, a: Args, out: Out) -> None:
    """Under ``line vty``: messages reprint the prompt and the typed line after them."""
    if (ctx.cfg_line or "").split()[:1] == ["vty"]:
        ctx.state.config.logging.vty_synchronous = "no" not in a
        ctx.changed()


SIZE = "<size:INT:4096-2147483647>"
LEVEL = "<level:WORD>"
HELP = {
    "show": SHOW,
    "show logging": "Show the contents of logging buffers",
    "clear": "Reset functions",
    "clear logging": "Clear logging buffer",
    "no": NO,
    "logging": "Modify message logging facilities",
    "logging buffered": "Set buffered logging parameters",
    SIZE: "Logging buffer size",
    LEVEL: "Logging severity level",
    "logging synchronous": "Synchronized message output",
    "<rest:LINE>": "The rest of the command",
}
TABLE = Table(
    HELP,
    (
        Command(EXEC, "show logging", h_show_logging, pipe=True),
        Command(EXEC, "clear logging", h_clear_logging),
        Command(CONFIG, "logging buffered", h_logging_buffered),
        Command(CONFIG, f"logging buffered {SIZE}", h_logging_buffered),
        Command(CONFIG, f"logging buffered {LEVEL}", h_logging_buffered),
        Command(CONFIG, f"logging buffered {SIZE} {LEVEL}", h_logging_buffered),
        Command(CONFIG, "no logging buffered", h_logging_buffered, static=NO_FORM),
        Command(CONFIG, "no logging buffered <rest:LINE>", h_logging_buffered, static=NO_FORM),
        Command(LINE, "logging synchronous", h_logging_synchronous),
        Command(LINE, "logging synchronous <rest:LINE>", h_logging_synchronous),
        Command(LINE, "no logging synchronous", h_logging_synchronous, static=NO_FORM),
        Command(LINE, "no logging synchronous <rest:LINE>", h_logging_synchronous, static=NO_FORM),
    ),
)
