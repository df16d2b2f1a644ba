"""A fake netmiko connection that plays a scripted IOS device, for dialog and step tests.

The script is a list of steps: each waits for exactly what the client must type next and then
prints the device's reply. The device echoes what it receives, like IOS.
"""

from __future__ import annotations

from dataclasses import dataclass, field

DROP = object()  # a reply that closes the session


@dataclass
class Step:
    expect: str  # what the client sends (without the newline)
    reply: str | object  # the device's text after the echo, or DROP


@dataclass
class FakeConn:
    script: list[Step]
    base_prompt: str = "R1"
    pending: str = ""
    sent: list[str] = field(default_factory=list)
    closed: bool = False

    def write_channel(self, data: str) -> None:
        if self.closed:
            raise OSError("Socket is closed")
        self.sent.append(data)
        typed = data.rstrip("\n")
        self.pending += typed.replace("\x03", "^C") + "\r\n"
        if self.script and (self.script[0].expect == typed or self.script[0].expect == "*"):
            step = self.script.pop(0)
            if step.reply is DROP:
                self.closed = True
            else:
                assert isinstance(step.reply, str)
                self.pending += step.reply

    def read_channel(self) -> str:
        if self.closed and not self.pending:
            raise OSError("Channel closed")
        out, self.pending = self.pending, ""
        return out


class FakeClock:
    """A clock that moves only when the code under test sleeps."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds
