"""One interactive shell on the device: modes, prompts, parsing, dialogs, filters, the pager.

The transport echoes what the client types (per character) but never the line end: every answer
to ``feed_line`` starts with the ``\\r\\n`` of the line end (also at ``Password:``, where nothing
else is echoed), then the output, then the prompt.

Log messages reach a session only after ``terminal monitor`` (``docs/ios-behaviour.md`` section
1.7): those its own command caused come after its prompt (or before the next question of a
dialog), the others whenever they happen, through :meth:`Session.take_async`, which the
transport calls once the device has woken it. IOS does not print the prompt again after them,
unless ``logging synchronous`` is set under ``line vty``: then it reprints the prompt and what was
typed so far.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from lab.device.cli import dispatch, hostile
from lab.device.cli.cmdtree import CommandTree, Match, ParseError, tokenize
from lab.device.cli.context import CONFIG_MODES, SUB_MODES, Handler
from lab.device.cli.filters import apply_filter
from lab.device.cli.help import help_text
from lab.device.cli.host import Host
from lab.device.cli.hosted import Hosted
from lab.device.cli.monitor import Monitored
from lab.device.cli.out import Dialog, Out, crlf, merge
from lab.device.cli.pager import Pager
from lab.protocol import Action, Disconnect, HttpsChanged, InputMode, ReloadDevice, Write

log = logging.getLogger(__name__)


class Session(Hosted, Monitored):
    """A :class:`lab.protocol.CliSession` on a device; the :class:`Context` of its handlers (the
    device's part of it comes from :class:`~lab.device.cli.hosted.Hosted`)."""

    def __init__(self, device: Host, username: str, peer: str, line_no: int) -> None:
        self.dev = device
        self.username = username
        self.peer = peer
        self.line_no = line_no
        self.mode = "user"
        self.tp: str | None = None  # trustpoint being configured
        self.iface: str | None = None
        self.cfg_line: str | None = None  # the lines of (config-line)#
        self.hex_buf: list[str] = []
        self.hex_role = "router"
        self.line = ""  # the line being run (for carets placed by handlers)
        self.term_length = 24
        self.term_width = 80
        self.monitor = False
        self.closed = False
        self._echo = True
        self._input: InputMode = "line"
        self._dialog: Dialog | None = None
        self._out: Out | None = None
        self._pager = Pager()
        self._filter: dispatch.Filter | None = None
        self.last_active = time.monotonic()
        self._async: list[str] = []  # messages of other sessions, waiting for the transport
        self._wake: Callable[[], None] | None = None
        self._ask: str | None = None  # the question a dialog waits at

    # -- protocol ------------------------------------------------------------------------------
    @property
    def echo(self) -> bool:
        return self._echo

    @property
    def input_mode(self) -> InputMode:
        return self._input

    def start(self) -> list[Action]:
        with self.dev.lock:
            if not self.dev.up:
                return [Disconnect()]
            banner = self.dev.state.config.banner_motd  # `banner motd`, before the first prompt
            return [Write("\r\n" + (crlf(banner + "\n") if banner else "") + self.prompt())]

    def close(self) -> None:
        with self.dev.lock:
            if self._dialog is not None:
                self._dialog.close()
                self._dialog = None
            self.closed = True
            self.dev.forget_session(self)

    def feed_line(self, line: str) -> list[Action]:
        return merge(self._feed_line(line))

    def feed_key(self, key: str) -> list[Action]:
        return merge(self._feed_key(key))

    def help(self, line: str) -> list[Action] | None:
        """``?`` typed after ``line``: the context help, then the prompt and ``line`` again;
        None where ``?`` is an ordinary character (a question, a paste, hidden input)."""
        with self.dev.lock:
            if self.closed or not self.dev.up:
                return [Disconnect()]
            if self._dialog is not None or self._input == "key" or not self._echo:
                return None
            if self.dev.commands.raw.get(self.mode) is not None:
                return None
            self.last_active = time.monotonic()
            text = self._help_text(line)
            if text.endswith("\n"):
                text += "\n"  # a list ends with a blank line
            else:
                text += "\n"
            return [Write(crlf("\n" + text) + self.prompt() + line)]

    def _help_text(self, line: str) -> str:
        trees = self.dev.commands.trees
        toks = tokenize(line)
        config = self.mode in CONFIG_MODES
        if config and toks and toks[0][0].lower() == "do" and (len(toks) > 1 or line[-1:] == " "):
            rest = line[toks[1][1] :] if len(toks) > 1 else ""
            return help_text(trees["exec"], rest)
        extra = {"do": "To run exec commands in config mode"} if config else None
        return help_text(trees[self.mode], line, extra=extra)

    def _feed_line(self, line: str) -> list[Action]:
        with self.dev.lock:
            if self.closed or not self.dev.up:
                return [Disconnect()]
            self.last_active = time.monotonic()
            head: list[Action] = [Write("\r\n")]
            if self._input == "key":  # a line while a key is expected: use its first key
                return self._feed_key(line[:1] or "\r")
            if self._dialog is not None:
                return head + self._resume(line)
            out = Out()
            try:
                dialog = self.run(line, out)
            except Exception:  # a bug must never kill the device: log and show an IOS error
                log.exception("%s: command %r failed", self.dev.name, line)
                out = Out()
                out.write("% Invalid input detected at '^' marker.\n\n")
                dialog = None
            if dialog is not None:
                self._dialog, self._out = dialog, out
                return head + self._resume(None)
            acts = head + self._finish(out)
            faults = self.dev.spec.faults
            return hostile.play(faults, line, acts) if hostile.hostile(faults) else acts

    def _feed_key(self, key: str) -> list[Action]:
        with self.dev.lock:
            if self.closed or not self.dev.up:
                return [Disconnect()]
            if self._pager.active:
                return self._page_key(key)
            if self._dialog is not None:
                if self._input == "key":
                    return self._resume(key)
                if key == "\x1a":
                    self._dialog.close()
                    self._dialog = None
                    self._echo, self._input = True, "line"
                    return [Write("\r\n" + self.prompt())]
                return []
            if key == "\x1a" and self.mode in CONFIG_MODES:
                out = Out()
                out.write("^Z\n")
                self.leave_config(out)
                return self._finish(out)
            return []

    # -- prompts and modes ---------------------------------------------------------------------
    def prompt(self) -> str:
        host = self.dev.state.config.hostname
        if self.mode == "user":
            return f"{host}>"
        if self.mode == "exec":
            return f"{host}#"
        return f"{host[:20]}({CONFIG_MODES[self.mode]})#"

    def leave_config(self, out: Out | None = None) -> None:
        """Back to ``#``; IOS logs ``%SYS-5-CONFIG_I`` (seen by ``terminal monitor`` sessions)."""
        self.mode, self.tp, self.iface, self.cfg_line = "exec", None, None, None
        if out is not None:
            self.log(out, "SYS-5-CONFIG_I", f"Configured from console by {self.who()}")

    def who(self) -> str:
        """How IOS names this session in log messages: ``admin on vty0 (10.0.0.9)``."""
        if self.line_no < 0:
            return "console"
        return f"{self.username} on vty{self.line_no} ({self.peer})"

    @property
    def privileged(self) -> bool:
        return self.mode != "user"

    # -- running one line ----------------------------------------------------------------------
    def run(self, line: str, out: Out) -> Dialog | None:
        """Run one line; a dialog is returned for the caller to drive."""
        self._filter = None
        self.line = line
        commands = self.dev.commands
        raw = commands.raw.get(self.mode)
        if raw is not None:  # a mode that takes whole lines (a certificate in hex)
            raw(self, line, out)
            return None
        if not line.strip():
            return None
        trees = commands.trees
        toks = tokenize(line)
        if self.mode in CONFIG_MODES and toks[0][0].lower() == "do" and len(toks) > 1:
            return self._run_in(trees["exec"], line, toks[1][1], out)
        tree = trees[self.mode]
        if self.mode in SUB_MODES:
            return self._run_sub(tree, trees["config"], line, out)
        return self._run_in(tree, line, 0, out)

    def _run_sub(
        self, tree: CommandTree, config: CommandTree, line: str, out: Out
    ) -> Dialog | None:
        """A sub-mode: a line it does not know is tried in global config (and leaves the mode)."""
        first = self._parse(tree, line, 0)
        if isinstance(first, ParseError):
            second = self._parse(config, line, 0)
            if isinstance(second, Match):
                self.mode, self.tp, self.iface, self.cfg_line = "config", None, None, None
                return self._invoke(second, out)
            self._error(first, out)
            return None
        return self._invoke(first, out)

    def _run_in(self, tree: CommandTree, line: str, offset: int, out: Out) -> Dialog | None:
        result = self._parse(tree, line, offset)
        if isinstance(result, ParseError):
            self._error(result, out)
            return None
        return self._invoke(result, out)

    def _parse(self, tree: CommandTree, line: str, offset: int) -> Match | ParseError:
        result, self._filter = dispatch.parse(tree, line, offset)
        return result

    def _invoke(self, m: Match, out: Out) -> Dialog | None:
        handler: Handler = m.handler
        return handler(self, m.args, out)

    def invalid_at(self, out: Out, word: str) -> None:
        """IOS's invalid-input error with the caret under ``word`` of the current line."""
        pos = max(0, self.line.find(word))
        self._error(ParseError("invalid", pos, self.line), out)

    def _error(self, err: ParseError, out: Out) -> None:
        out.write(dispatch.error_text(err, self.prompt()))

    # -- dialogs, output, pager ----------------------------------------------------------------
    def _resume(self, answer: str | None) -> list[Action]:
        assert self._dialog is not None and self._out is not None
        out = self._out
        try:
            ask = next(self._dialog) if answer is None else self._dialog.send(answer)
        except StopIteration:
            self._dialog, self._out, self._ask = None, None, None
            self._echo, self._input = True, "line"
            return self._finish(out)
        except Exception:
            log.exception("%s: dialog failed", self.dev.name)
            self._dialog, self._out, self._ask = None, None, None
            self._echo, self._input = True, "line"
            return self._finish(out)
        self._echo, self._input = ask.echo, ask.mode
        acts = self._drain(out)
        if any(isinstance(a, Disconnect | ReloadDevice) for a in out.post):
            self._dialog.close()
            self._dialog, self._out = None, None
            return acts + self._tail(out)
        out.post.clear()
        self._ask = crlf(ask.text)
        # messages logged while the step ran (a key generated) come before the next question
        return [*acts, *self._messages(out), Write(self._ask)]

    def _drain(self, out: Out) -> list[Action]:
        out._flush_paged()
        acts = list(out.pre)
        out.pre.clear()
        return acts

    def _tail(self, out: Out) -> list[Action]:
        """The prompt (unless the session ends), syslog lines, then the other actions."""
        ending = any(isinstance(a, Disconnect | ReloadDevice) for a in out.post)
        acts: list[Action] = [] if ending else [Write(self.prompt())]
        if ending:
            msgs = out.syslog[:]
            out.syslog.clear()
            if msgs:
                acts.append(Write("\r\n".join(msgs) + "\r\n"))
        else:
            acts.extend(self._syslog(out))
        acts.extend(out.post)
        if self.dev.https_changed():
            acts.append(HttpsChanged())
        return acts

    def _finish(self, out: Out) -> list[Action]:
        text = "".join(out.paged)
        out.paged.clear()
        acts = list(out.pre)
        if not text:
            return acts + self._tail(out)
        lines = text.splitlines(keepends=True)
        if self._filter is not None:
            lines = apply_filter(*self._filter, lines)
            self._filter = None
        acts += self._pager.start(lines, length=self.term_length, tail=self._tail(out))
        if self._pager.active:
            self._input = "key"
        return acts

    def _page_key(self, key: str) -> list[Action]:
        acts = self._pager.key(key)
        if not self._pager.active:
            self._input = "line"
        return acts

    # -- messages this session's commands log (the rest of the Context is in Hosted) ------------
    def log(self, out: Out, mnemonic: str, text: str) -> None:
        self.dev.log_line(out, mnemonic, text, self)

    def log_text(self, out: Out, line: str) -> None:
        self.dev.log_text(out, line, self)
