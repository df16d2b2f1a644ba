"""The show commands of a hostile device: its real output (rendered from its state) distorted
by the faults ``blank-lines``, ``bracket-flood``, ``endless-output``, ``huge-output`` and
``prompt-lost`` (issue 13: a client must survive them, each within its own deadline).

- ``blank-lines``: 32,000 blank lines after the first line of the output;
- ``bracket-flood``: a line of 32,000 ``[`` after the first line;
- ``endless-output``: the output again and again, never the prompt;
- ``huge-output``: the output repeated to 50 MB, then the prompt;
- ``prompt-lost``: the output, then nothing: the prompt never comes back.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from lab.device.model.spec import Faults
from lab.protocol import Action, Stream, Write

FLOOD = 32_000
HUGE = 50_000_000  # characters
CHUNK = 256 * 1024


def hostile(faults: Faults) -> bool:
    return any(
        (faults.blank_lines, faults.bracket_flood, faults.endless_output, faults.huge_output,
         faults.prompt_lost)
    )  # fmt: skip


def _repeat(text: str, total: int | None) -> Iterator[str]:
    """``text`` over and over in chunks of about ``CHUNK`` characters, ``total`` in all (None:
    for ever)."""
    block = text * max(1, CHUNK // max(1, len(text)))
    sent = 0
    for _ in itertools.count():
        if total is not None and sent >= total:
            return
        piece = block if total is None else block[: total - sent]
        sent += len(piece)
        yield piece


def play(faults: Faults, line: str, acts: list[Action]) -> list[Action]:
    """The actions of the answer to ``line`` (``acts``: echo, output, prompt) on this device."""
    words = line.split()
    if not words or not "show".startswith(words[0].lower()) or len(words[0]) < 2:
        return acts
    texts = [a.text for a in acts if isinstance(a, Write)]
    if len(texts) < 2:  # no output between the echo's line end and the prompt
        return acts
    head, *body, prompt = texts
    output = "".join(body)
    first, sep, rest = output.partition("\r\n")
    if faults.blank_lines:
        output = first + sep + "\r\n" * FLOOD + rest
    if faults.bracket_flood:
        output = first + sep + "[" * FLOOD + "\r\n" + rest
    if faults.endless_output:
        return [Write(head), Stream(_repeat(output or "\r\n", None))]
    if faults.huge_output:
        return [Write(head), Stream(_repeat(output or "\r\n", HUGE)), Write(prompt)]
    if faults.prompt_lost:
        return [Write(head + output)]
    return [Write(head + output + prompt)]
