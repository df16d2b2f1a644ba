"""Interactive IOS dialogs answered from a table of prompt patterns, never by timing.

A dialog is one command whose output may ask questions (``crypto pki enroll``, ``crypto key
generate rsa``, ``no crypto pki trustpoint``, ``write memory``, ``reload``). Each known question
has a name in a table (``tasks.prompts``); the caller says what to answer per name. A question
that is in the table but has no answer planned, or that is in no table at all, is never guessed
at: the dialog is abandoned (``no`` to a yes/no question, Ctrl-C otherwise; ``reload``: Ctrl-C
always) and ``UnexpectedPrompt`` carries the text seen. Syslog lines arriving in the middle are
ignored; an IOS error line (``parsers.ios.rejection``) is ``CommandRejected``.

A dialog ends when ``done`` (the prompt) comes back, or, with ``until="drop"`` (``reload``), when
the session drops after a ``final`` prompt was answered; the prompt coming back then means the
command did not run. Output is read line by line and only the end of the last line may hold a
question, so the work is in proportion to what the device sent; a dialog reads at most ``limit``
characters (``OutputOverflow`` beyond).
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal, NoReturn

from parsers import ios
from tasks.channel import NetmikoLike, read, write
from tasks.errors import (
    CommandRejected,
    DeviceTimeout,
    DeviceUnreachable,
    OutputOverflow,
    UnexpectedPrompt,
)
from tasks.prompts import ALL_PROMPTS, Prompt, find_prompt

logger = logging.getLogger(__name__)

# An answer: the text to type, None (not planned: abandon the dialog), or a function of the
# question's text returning either (for questions that name a trustpoint).
Answer = str | None | Callable[[str], str | None]
OUTPUT_LIMIT = 1_000_000  # characters; a key generation prints a few hundred


@dataclass(frozen=True)
class Transcript:
    """What a dialog looked like: the text seen, each (question line, answer sent), and the
    names of the prompts answered."""

    command: str
    text: str
    answers: tuple[tuple[str, str], ...]
    prompts: tuple[str, ...] = ()


class _Lines:
    """Text since the last answer, line by line: complete lines (syslog removed), open last line.

    A line longer than ``2 * ios.WINDOW`` keeps its start (where IOS puts an error) and its end
    (where it puts a question); IOS's own lines are short, and so the work per chunk is bounded.
    """

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.tail = ""
        self.last = ""  # the last complete line that is not blank
        self._cr = False

    def feed(self, chunk: str) -> list[str]:
        """Add ``chunk``; the lines it completed (not syslog)."""
        if self._cr:
            chunk, self._cr = "\r" + chunk, False
        if chunk.endswith("\r"):  # maybe the first half of CRLF
            chunk, self._cr = chunk[:-1], True
        parts = ios.LINE_END.split(chunk)
        if len(parts) == 1:
            self.tail = _clip(self.tail + chunk)
            return []
        ended = [_clip(line) for line in [self.tail + parts[0], *parts[1:-1]]]
        done = [line for line in ended if not ios.is_syslog(line)]
        self.tail = _clip(parts[-1])
        self.lines += done
        self.last = next((line for line in reversed(done) if line.strip()), self.last)
        return done

    def question(self) -> str:
        """The line that may hold a question: the open line, else the last one."""
        return self.tail if self.tail.strip() else self.last

    def text(self) -> str:
        return "\n".join([*self.lines, self.tail])


def _clip(line: str) -> str:
    return line if len(line) <= 2 * ios.WINDOW else line[: ios.WINDOW] + line[-ios.WINDOW :]


class Dialog:
    """One run of a dialog over a netmiko-like connection (see the module docstring)."""

    def __init__(
        self,
        conn: NetmikoLike,
        host: str,
        command: str,
        *,
        table: Sequence[Prompt],
        answers: Mapping[str, Answer],
        done: str,
        until: Literal["prompt", "drop"] = "prompt",
        timeout: float = 120.0,
        quiet: float = 3.0,
        limit: int = OUTPUT_LIMIT,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.conn, self.host, self.command = conn, host, command
        self.table, self.answers = table, answers
        self.done, self.until = re.compile(done), until
        self.timeout, self.quiet, self.limit = timeout, quiet, limit
        self.clock, self.sleep = clock, sleep
        self._seen: list[str] = []
        self._size = 0
        self._before_echo = ""
        self._echoed = False
        self._segment = _Lines()
        self._log: list[tuple[str, str]] = []
        self._names: list[str] = []
        self._committed = False  # a final prompt was answered: only the drop is awaited

    @property
    def seen(self) -> str:
        return "".join(self._seen)

    def _tail_seen(self) -> str:
        return self.seen.strip()[-600:]

    def run(self) -> Transcript:
        """Send the command and answer its questions until it ends (see the module docstring)."""
        read(self.conn, wait=False)  # leftovers of earlier commands
        self._type(self.command)
        start = last_data = self.clock()
        while self.clock() - start < self.timeout:
            chunk = read(self.conn)
            if chunk is None:
                return self._dropped()
            if chunk:
                last_data = self.clock()
                if self._take(chunk):
                    return self._transcript()
            elif self.clock() - last_data >= self.quiet:
                if self._echoed and not self._committed and ios.may_ask(self._segment.tail):
                    self._fail_unexpected("unknown prompt")
                last_data = self.clock()
            self.sleep(0.01)
        sent = "nothing" if self._committed else repr(self._abort())
        raise DeviceTimeout(
            f"no prompt within {self.timeout:.0f} s (sent {sent} to abandon the dialog)",
            host=self.host,
            command=self.command,
            seen=self._tail_seen(),
        )

    def _type(self, text: str) -> None:
        if not write(self.conn, text + "\n"):
            raise DeviceUnreachable(
                f"the session dropped before {text!r} could be sent",
                host=self.host,
                command=self.command,
                seen=self._tail_seen(),
            )

    def _transcript(self) -> Transcript:
        return Transcript(self.command, self.seen, tuple(self._log), tuple(self._names))

    def _record(self, chunk: str) -> None:
        self._size += len(chunk)
        if self._size > self.limit:
            sent = self._abort()
            raise OutputOverflow(
                f"more than {self.limit} characters of output; answered {sent!r} to abandon it",
                host=self.host,
                command=self.command,
                seen=self._tail_seen(),
            )
        self._seen.append(chunk)

    def _after_echo(self, chunk: str) -> str | None:
        """The part of ``chunk`` after the echo of the command (None while it has not come)."""
        if self._echoed:
            return chunk
        text = self._before_echo + chunk  # the echo may straddle two chunks
        at = text.find(self.command)
        if at < 0:
            keep = len(self.command) - 1
            self._before_echo = text[-keep:] if keep > 0 else ""
            return None
        self._echoed, self._before_echo = True, ""
        return text[at + len(self.command) :]

    def _take(self, chunk: str) -> bool:
        """Handle new text; True when the dialog is over."""
        self._record(chunk)
        text = self._after_echo(chunk)
        if text is None or self._committed:
            return False
        finished = False
        for line in self._segment.feed(text):
            error = ios.rejection(line)
            if error:
                self._reject(error)
            finished = finished or self._is_prompt(line)
        tail = self._segment.tail
        if finished or (len(tail) <= ios.WINDOW and self._is_prompt(tail)):
            return self._prompt_back()
        question = self._segment.question()
        prompt = find_prompt(self.table, question, self._segment.text)
        if prompt is not None:
            self._answer(prompt)
        elif ios.asks(tail):
            other = find_prompt(ALL_PROMPTS, tail, self._segment.text)
            self._fail_unexpected(
                f"unexpected prompt {other.name!r}" if other else "unknown prompt"
            )
        return False

    def _is_prompt(self, line: str) -> bool:
        return bool(line) and bool(self.done.search(line))

    def _prompt_back(self) -> bool:
        if self.until == "prompt":
            return True
        raise CommandRejected(
            f"the prompt came back: {self.command!r} did not run: {self._tail_seen()!r}",
            host=self.host,
            command=self.command,
        )

    def _dropped(self) -> Transcript:
        if self.until == "drop" and (self._committed or ios.RELOAD_LOG.search(self.seen)):
            return self._transcript()
        if self.until == "drop":
            raise CommandRejected(
                f"session dropped before {self.command!r} was confirmed: {self._tail_seen()!r}",
                host=self.host,
                command=self.command,
            )
        raise DeviceUnreachable(
            "the session dropped in the middle of the dialog",
            host=self.host,
            command=self.command,
            seen=self._tail_seen(),
        )

    def _answer(self, prompt: Prompt) -> None:
        planned = self.answers.get(prompt.name)
        answer = planned(self._segment.text()) if callable(planned) else planned
        if answer is None:
            self._fail_unexpected(f"the device asked {prompt.name!r}, not planned")
        self._type(answer)
        self._log.append((self._segment.question().strip(), answer))
        self._names.append(prompt.name)
        self._committed = prompt.final
        self._segment = _Lines()
        logger.debug("%s: %s: answered %r to %s", self.host, self.command, answer, prompt.name)

    def _abort(self) -> str:
        """Abandon the question without accepting anything: ``no`` to yes/no, else Ctrl-C
        (``reload``: always Ctrl-C, a ``no`` there may go on with the reload)."""
        line = self._segment.question()
        yes_no = self.until == "prompt" and re.search(r"yes/no|\(y/n\)", line[-ios.WINDOW :])
        answer = "no\n" if yes_no else "\x03"
        if not write(self.conn, answer):
            logger.debug("%s: %s: abort answer not sent", self.host, self.command)
        return answer.strip() or "Ctrl-C"

    def _fail_unexpected(self, why: str) -> NoReturn:
        line = self._segment.question().strip()
        sent = self._abort()
        self._drain_to_prompt(2.0)
        raise UnexpectedPrompt(
            f"{why}: {line!r}; answered {sent!r} to abandon it, nothing was accepted",
            host=self.host,
            command=self.command,
            seen=self._tail_seen(),
        )

    def _reject(self, error: str) -> NoReturn:
        self._drain_to_prompt(2.0)
        raise CommandRejected(error, host=self.host, command=self.command, seen=self._tail_seen())

    def _drain_to_prompt(self, limit: float) -> None:
        """Read until the prompt is back (it may be there already), the session goes, or
        ``limit`` seconds; so the next command starts on a clean line."""
        lines = _Lines()
        if any(self._is_prompt(x) for x in (*self._segment.lines[-3:], self._segment.tail)):
            return
        end = self.clock() + limit
        while self.clock() < end and self._size <= self.limit:
            chunk = read(self.conn)
            if chunk is None:
                return
            self._size += len(chunk)
            self._seen.append(chunk)
            if any(self._is_prompt(x) for x in lines.feed(chunk)):
                return
            if len(lines.tail) <= ios.WINDOW and self._is_prompt(lines.tail):
                return
            self.sleep(0.02)


def run_dialog(
    conn: NetmikoLike,
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
