"""Interactive IOS dialogs answered from a table of prompt patterns, never by timing.

A dialog is one command whose output may ask questions (``crypto pki enroll``, ``crypto key
generate rsa``, ``no crypto pki trustpoint``, ``write memory``). Each known question has a name in
a table; the caller says what to answer per name. A question that is in the table but has no
answer planned, or that is in no table at all, is never guessed at: the dialog is abandoned
(``no`` to a yes/no question, Ctrl-C otherwise) and ``UnexpectedPrompt`` carries the text seen.
Syslog lines arriving in the middle are ignored. The tables are in ``tasks.prompts``.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from tasks.errors import CommandRejected, DeviceTimeout, DeviceUnreachable, UnexpectedPrompt
from tasks.prompts import (
    ALL_PROMPTS,
    ENROLL_PROMPTS,
    KEYGEN_PROMPTS,
    REMOVE_PROMPTS,
    SAVE_PROMPTS,
    Prompt,
    match_prompt,
    strip_syslog,
)
from tasks.session import rejected

__all__ = [
    "ALL_PROMPTS",
    "ENROLL_PROMPTS",
    "KEYGEN_PROMPTS",
    "REMOVE_PROMPTS",
    "SAVE_PROMPTS",
    "Answer",
    "Dialog",
    "Prompt",
    "Transcript",
    "dropped",
    "match_prompt",
    "run_dialog",
    "strip_syslog",
]

logger = logging.getLogger(__name__)


# An answer: the text to type, None (not planned: abandon the dialog), or a function of the
# question's text returning either (for questions that name a trustpoint).
Answer = str | None | Callable[[str], str | None]


# A question that is complete as soon as it arrives: "... [yes/no]: ", "...[confirm]", "(y/n) ".
# A bare "...? " is only called a question once the output has been quiet (it may be a prefix);
# "% Generating 4096 bit RSA keys ..." waiting for its "[OK]" is not a question.
_QUIET_QUESTION = re.compile(r"(?:[?:]|(?<!\[OK)\])[ \t]*\Z")
_BRACKET_QUESTION = re.compile(
    r"(?:\[[^\]\r\n]*\]\s?[:?]|\[(?:confirm|yes/no|y/n)\]|\(y/n\)\s?[:?]?)[ \t]*\Z"
)
_FAILED = re.compile(r"^[^\r\n]*Failed to generate[^\r\n]*", re.M)


def _last_line(text: str) -> str:
    return text.replace("\r", "\n").rstrip("\n").rsplit("\n", 1)[-1]


@dataclass(frozen=True)
class Transcript:
    """What a dialog looked like: the text seen and each (prompt line, answer sent)."""

    command: str
    text: str
    answers: tuple[tuple[str, str], ...]


def _abort(conn: Any, prompt_text: str) -> str:
    """Abandon a question without accepting anything: ``no`` to yes/no, else Ctrl-C."""
    answer = "no\n" if re.search(r"yes/no|\(y/n\)", prompt_text) else "\x03"
    try:
        conn.write_channel(answer)
    except Exception:  # the session may already be gone
        logger.debug("abort answer not sent", exc_info=True)
    return answer.strip() or "Ctrl-C"


def dropped(conn: Any) -> bool:
    """Has the SSH session gone? (paramiko reads "" from a closed channel, it does not raise.)"""
    chan = getattr(conn, "remote_conn", None)
    if chan is None:
        return False
    if getattr(chan, "closed", False) or getattr(chan, "eof_received", False):
        return True
    transport = getattr(chan, "transport", None)
    return transport is not None and not transport.is_active()


def _read(conn: Any) -> str | None:
    """New text, or None when the session has gone."""
    try:
        text = str(conn.read_channel())
        return None if not text and dropped(conn) else text
    except (OSError, EOFError):
        return None
    except Exception as exc:  # netmiko's ReadException: "Channel stream closed by remote device"
        if type(exc).__module__.split(".")[0] not in {"netmiko", "paramiko"}:
            raise
        return None


class Dialog:
    """One run of a dialog over a netmiko-like connection (``read_channel``/``write_channel``)."""

    def __init__(
        self,
        conn: Any,
        host: str,
        command: str,
        *,
        table: Sequence[Prompt],
        answers: Mapping[str, Answer],
        done: str,
        timeout: float = 120.0,
        quiet: float = 3.0,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.conn, self.host, self.command = conn, host, command
        self.table, self.answers = table, answers
        self.done = re.compile(done)
        self.timeout, self.quiet = timeout, quiet
        self.clock, self.sleep = clock, sleep
        self.seen = ""
        self.log: list[tuple[str, str]] = []

    def _fail_unexpected(self, pending: str, why: str) -> None:
        line = _last_line(strip_syslog(pending)).strip()
        sent = _abort(self.conn, line)
        self._drain_to_prompt(2.0)
        raise UnexpectedPrompt(
            f"{why}: {line!r}; answered {sent!r} to abandon it, nothing was accepted",
            host=self.host,
            command=self.command,
            seen=self.seen.strip()[-600:],
        )

    def _drain_to_prompt(self, limit: float, tail: str = "") -> None:
        """Read until the ``done`` prompt is back (it may be in ``tail`` already), or ``limit``."""
        end = self.clock() + limit
        if self.done.search(strip_syslog(tail)):
            return
        while self.clock() < end:
            chunk = _read(self.conn)
            if chunk is None:
                return
            tail += chunk
            self.seen += chunk
            if self.done.search(strip_syslog(tail)):
                return
            self.sleep(0.02)

    def _answer(self, prompt: Prompt, pending: str) -> None:
        planned = self.answers.get(prompt.name)
        answer = planned(strip_syslog(pending)) if callable(planned) else planned
        if answer is None:
            self._fail_unexpected(pending, f"the device asked {prompt.name!r}, not planned")
            return
        self.conn.write_channel(answer + "\n")
        self.log.append((_last_line(strip_syslog(pending)).strip(), answer))
        logger.debug("%s: %s: answered %r to %s", self.host, self.command, answer, prompt.name)

    def _check_errors(self, pending: str) -> None:
        error = rejected(pending)
        failed = _FAILED.search(pending)
        if error or failed:
            self._drain_to_prompt(2.0, pending)
            message = error or (failed.group(0).strip() if failed else "")
            raise CommandRejected(
                message, host=self.host, command=self.command, seen=self.seen.strip()[-600:]
            )

    def run(self) -> Transcript:
        """Send the command and answer its questions until the ``done`` prompt comes back."""
        _read(self.conn)  # leftovers of earlier commands
        self.conn.write_channel(self.command + "\n")
        pending = ""
        echo_seen = False
        start = last_data = self.clock()
        while self.clock() - start < self.timeout:
            chunk = _read(self.conn)
            if chunk is None:
                raise DeviceUnreachable(
                    "the session dropped in the middle of the dialog",
                    host=self.host,
                    command=self.command,
                    seen=self.seen.strip()[-600:],
                )
            if chunk:
                self.seen += chunk
                pending += chunk
                last_data = self.clock()
                if not echo_seen and self.command in pending:
                    echo_seen = True
                    pending = pending.split(self.command, 1)[1]
                state = self._step(pending) if echo_seen else "wait"
                if state == "done":
                    return Transcript(self.command, self.seen, tuple(self.log))
                if state == "answered":
                    pending = ""
            elif self.clock() - last_data >= self.quiet:
                if echo_seen and _QUIET_QUESTION.search(strip_syslog(pending)):
                    self._fail_unexpected(pending, "unknown prompt")
                last_data = self.clock()
            self.sleep(0.01)
        sent = _abort(self.conn, _last_line(pending))
        raise DeviceTimeout(
            f"no prompt within {self.timeout:.0f} s (sent {sent!r} to abandon the dialog)",
            host=self.host,
            command=self.command,
            seen=self.seen.strip()[-600:],
        )

    def _step(self, pending: str) -> str:
        """Handle what arrived: "done" (the ``done`` prompt is back), "answered" or "wait"."""
        self._check_errors(pending)
        clean = strip_syslog(pending)
        if self.done.search(clean):
            return "done"
        prompt = match_prompt(self.table, pending)
        if prompt is not None:
            self._answer(prompt, pending)
            return "answered"
        if _BRACKET_QUESTION.search(clean):
            other = match_prompt(ALL_PROMPTS, pending)
            why = f"unexpected prompt {other.name!r}" if other else "unknown prompt"
            self._fail_unexpected(pending, why)
        return "wait"


def run_dialog(
    conn: Any,
    host: str,
    command: str,
    *,
    table: Sequence[Prompt],
    answers: Mapping[str, Answer],
    done: str,
    timeout: float = 120.0,
    quiet: float = 3.0,
) -> Transcript:
    """Run ``command`` as a dialog; see ``Dialog``. ``done`` is the regex of the final prompt."""
    return Dialog(
        conn, host, command, table=table, answers=answers, done=done, timeout=timeout, quiet=quiet
    ).run()
