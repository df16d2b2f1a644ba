"""What a command handler produces: output, pauses, syslog lines, questions (dialogs).

A handler writes into an :class:`Out`; a dialog is a generator that yields :class:`Ask` (the
question to print and how to read the answer) and receives the answer (a line, or one key).
"""

from __future__ import annotations

from collections.abc import Generator
from dataclasses import dataclass, field

from lab.protocol import Action, InputMode, Sleep, Write


@dataclass(frozen=True)
class Ask:
    text: str
    mode: InputMode = "line"
    echo: bool = True


Dialog = Generator[Ask, str, None]


def crlf(text: str) -> str:
    """Device output uses ``\\r\\n``.

    >>> crlf("a\\nb")
    'a\\r\\nb'
    """
    return text.replace("\r\n", "\n").replace("\n", "\r\n")


@dataclass
class Out:
    pre: list[Action] = field(default_factory=list)
    post: list[Action] = field(default_factory=list)
    paged: list[str] = field(default_factory=list)
    syslog: list[str] = field(default_factory=list)

    def write(self, text: str) -> None:
        """Text before the prompt (``\\n`` line ends)."""
        self._flush_paged()
        if self.pre and isinstance(self.pre[-1], Write):
            self.pre[-1] = Write(self.pre[-1].text + crlf(text))
        else:
            self.pre.append(Write(crlf(text)))

    def line(self, text: str = "") -> None:
        self.write(text + "\n")

    def page(self, text: str) -> None:
        """Output of a show command: subject to ``| include`` filters and the pager."""
        self.paged.append(text)

    def sleep(self, seconds: float) -> None:
        if seconds > 0:
            self._flush_paged()
            self.pre.append(Sleep(seconds))

    def after(self, action: Action) -> None:
        """An action after the prompt (HttpsChanged, Disconnect, ReloadDevice)."""
        self.post.append(action)

    def log(self, line: str) -> None:
        """A syslog line (already stamped); printed after the prompt."""
        self.syslog.append(line)

    def _flush_paged(self) -> None:
        if self.paged:
            text = "".join(self.paged)
            self.paged.clear()
            self.write(text)


def yes_no(
    question: str, out: Out, *, default: str | None = None, strict: bool = False
) -> Generator[Ask, str, bool]:
    """A ``[yes/no]`` question; IOS asks again until it gets an answer.

    ``default`` is taken for an empty answer (``[no]`` questions); with ``strict`` anything but
    an answer counts as no.
    """
    while True:
        answer = (yield Ask(question)).strip().lower()
        if not answer and default is not None:
            answer = default
        if answer in ("yes", "y"):
            return True
        if answer in ("no", "n"):
            return False
        if strict:
            return False
        out.write("% Please answer 'yes' or 'no'.\n")


def merge(actions: list[Action]) -> list[Action]:
    """Adjacent writes become one (fewer packets on the wire)."""
    out: list[Action] = []
    for act in actions:
        if isinstance(act, Write) and out and isinstance(out[-1], Write):
            out[-1] = Write(out[-1].text + act.text)
        else:
            out.append(act)
    return out
