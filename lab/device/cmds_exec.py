"""EXEC commands (``>`` and ``#``): login state, terminal settings, configure, save, reload."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lab.device.out import Ask, Dialog, Out
from lab.protocol import Disconnect

if TYPE_CHECKING:
    from lab.device.session import Session

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
    s.leave_config()


def h_config_exit(s: Session, a: Args, out: Out) -> None:
    if s.mode == "config":
        s.leave_config()
    else:
        s.mode, s.tp, s.iface = "config", None, None
