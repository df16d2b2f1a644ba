"""What a command handler is given: the narrow :class:`Context` protocol (a leaf of ``lab.device``).

A handler is ``def h_name(ctx: Context, a: Args, out: Out) -> Dialog | None``: ``a`` holds the
arguments the command tree matched (``{"name": "TP", "no": "1"}``), ``out`` collects what the
command prints (:class:`lab.device.cli.out.Out`), and a handler that asks questions returns a
dialog (a generator yielding :class:`~lab.device.cli.out.Ask`) that the session drives.

The session (:class:`lab.device.cli.session.Session`) implements :class:`Context`; handlers never
import it, nor the device: everything they may touch is listed here. This module imports only
data types (``model``, ``pki.certs``, ``pki.rsakeys``, ``cli.out``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

from lab.device.cli.out import Dialog, Out
from lab.device.model.clock import DeviceClock
from lab.device.model.logbuf import MessageLog
from lab.device.model.nvram import NvramImage
from lab.device.model.personality import Personality
from lab.device.model.spec import DeviceSpec
from lab.device.model.state import DeviceState
from lab.device.pki.certs import Certificate
from lab.device.pki.rsakeys import KeyPair
from lab.device.pki.trustpoints import Trustpoint

Args = dict[str, str]

# Modes: "user" (>), "exec" (#), "config", and the sub-modes of configuration.
CONFIG_MODES = {
    "config": "config",
    "tp": "ca-trustpoint",
    "if": "config-if",
    "line": "config-line",
    "chain": "config-cert-chain",
    "hex": "config-pubkey",
}
SUB_MODES = ("tp", "if", "line", "chain")
TREE_MODES = ("user", "exec", "config", *SUB_MODES)  # the modes with a command tree


class Terminal(Protocol):
    """A session as any handler may see it (``show users`` lists them all)."""

    @property
    def username(self) -> str: ...

    @property
    def peer(self) -> str: ...

    @property
    def line_no(self) -> int: ...

    @property
    def last_active(self) -> float: ...


class Context(Terminal, Protocol):
    """The session a command runs in, and the parts of its device a handler may use."""

    # -- the session: mode, the object being configured, terminal settings ---------------------
    mode: str  # "user" | "exec" | a key of CONFIG_MODES
    tp: str | None  # the trustpoint of ``(ca-trustpoint)#`` and ``(config-cert-chain)#``
    iface: str | None  # the interface of ``(config-if)#``
    cfg_line: str | None  # the lines of ``(config-line)#`` (``vty 0 15``)
    hex_buf: list[str]  # the certificate typed in hex so far (``(config-pubkey)#``)
    hex_role: str  # whose certificate it is: "router" (or self-signed), "ca"
    term_length: int
    term_width: int
    monitor: bool

    @property
    def privileged(self) -> bool: ...

    def leave_config(self, out: Out) -> None:
        """Back to privileged EXEC (``end``, Ctrl-Z)."""
        ...

    def invalid_at(self, out: Out, word: str) -> None:
        """IOS's ``% Invalid input`` with the caret under ``word`` of the line being run."""
        ...

    def sessions(self) -> Sequence[Terminal]:
        """Every session of the device (this one included), by line number."""
        ...

    # -- the device: state objects -----------------------------------------------------------
    @property
    def state(self) -> DeviceState: ...

    @property
    def spec(self) -> DeviceSpec: ...

    @property
    def persona(self) -> Personality: ...

    @property
    def clock(self) -> DeviceClock: ...

    @property
    def loading(self) -> bool:
        """True while the startup configuration is replayed at boot (no questions, no console)."""
        ...

    @property
    def nvram_image(self) -> NvramImage:
        """What NVRAM holds (as last loaded or saved)."""
        ...

    @property
    def last_reload_reason(self) -> str: ...

    def uptime(self) -> float: ...

    # -- the device: actions -----------------------------------------------------------------
    def changed(self) -> None:
        """Record a change of the running state (``Last configuration change``, HTTPS)."""
        ...

    def log(self, out: Out, mnemonic: str, text: str) -> None:
        """A syslog event ``%MNEMONIC: text`` stamped by the device clock: into the buffer of
        ``show logging``, and to every session with ``terminal monitor`` (this one through
        ``out``, after its prompt)."""
        ...

    def log_text(self, out: Out, line: str) -> None:
        """A message line without a stamp (console text such as ``Failed to generate ...``)."""
        ...

    @property
    def messages(self) -> MessageLog:
        """The device's message log (``show logging``)."""
        ...

    def save(self, out: Out) -> bool:
        """``write memory``: prints ``Building configuration...`` and ``[OK]`` or the error."""
        ...

    def saved(self) -> bool:
        """Running configuration and keys are what NVRAM holds."""
        ...

    def key_saved(self, pair: KeyPair) -> bool: ...

    def saved_cert_file(self, tp: Trustpoint, cert: Certificate | None = None) -> str | None:
        """The ``nvram:`` file that holds ``cert`` (default: the trustpoint's), if saved."""
        ...

    def install(self, tp: Trustpoint, cert: Certificate, role: str = "router") -> None:
        """Give ``tp`` a certificate (install time from the device clock): ``router`` (the
        router's or the self-signed one), ``encryption`` (special usage) or ``ca``."""
        ...

    def go_down(self, reason: str) -> None:
        """``reload`` confirmed: every session drops (the handler adds ``ReloadDevice``)."""
        ...


Handler = Callable[[Context, Args, Out], Dialog | None]
RawHandler = Callable[[Context, str, Out], None]  # a mode that takes whole lines (hex input)
