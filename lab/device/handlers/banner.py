"""``banner motd`` (docs/ios-behaviour.md: the banner is device text the client must not trust).

IOS takes a delimiter character and everything up to its next occurrence, over several lines when
typed; ``show running-config`` shows it as ``banner motd ^C<text>^C``, the delimiter written
``^C``, and the boot loader gives the whole block in one line (``lab.device.cli.loader``). The
banner is printed before the first prompt of every session.
"""

from __future__ import annotations

from lab.device.cli.context import Args, Context
from lab.device.cli.out import Out
from lab.device.cli.table import Command, Table
from lab.device.handlers.common import CONFIG

DELIMITER = "^C"


def banner_text(raw: str) -> str | None:
    """The banner between the delimiters of ``raw`` (``^C`` or any one character), or None.

    >>> banner_text("^Chello\\nR1#^C"), banner_text("#hi#"), banner_text("")
    ('hello\\nR1#', 'hi', None)
    """
    if not raw:
        return None
    delim = DELIMITER if raw.startswith(DELIMITER) else raw[0]
    body = raw[len(delim) :]
    end = body.find(delim)
    return body if end < 0 else body[:end]


def h_banner_motd(ctx: Context, a: Args, out: Out) -> None:
    cfg = ctx.state.config
    cfg.banner_motd = None if "no" in a else banner_text(a.get("text", ""))
    ctx.changed()


HELP = {
    "banner": "Define a login banner",
    "no": "Negate a command or set its defaults",
    "banner motd": "Set Message of the Day banner",
    "banner motd <text:LINE>": "c banner-text c",
}
TABLE = Table(
    HELP,
    (
        Command(CONFIG, "banner motd <text:LINE>", h_banner_motd),
        Command(CONFIG, "no banner motd", h_banner_motd, static={"no": "1"}),
    ),
)
