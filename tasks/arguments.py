"""What a task may type on a device: checked before anything is sent (issue 13 finding 7).

Runbooks call the tasks with inventory data, and some values come from the device itself (the
names of its trustpoints and key pairs), so the tasks check their own arguments whoever called
them; ``pssc.validate.options`` applies the same rules to the command line (exit 2).

- A *word* (trustpoint name, key label): 1-64 of ``A-Z a-z 0-9 _ . : @ -``, starting with a letter
  or digit (``crypto pki trustpoint NAME`` takes one word; docs/ios-behaviour.md section 1.5).
- A *text* (subject name): printable ASCII only. ``?`` would ask IOS's parser for help instead of
  being typed, a line break ends the command and would answer the next question of a dialog,
  and any other control or non-ASCII character is not what IOS stores.

Whole values only (``fullmatch``): ``"NEWTP\\n"`` is not ``"NEWTP"``.

>>> word_problem("PSSC-SELF-SIGNED"), word_problem("NEWTP\\n") is not None
(None, True)
>>> text_problem("cn=r1.example.net, o=Lab"), text_problem("cn=r1?")
(None, "'?' (IOS would show help instead of typing it)")
"""

from __future__ import annotations

import re

from tasks.errors import InvalidArgument

WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.:@-]{0,63}")
TEXT_MAX = 512  # characters: longer than any IOS line pssc types
WORD_RULE = "one word of 1-64 letters, digits and _ . : @ - (starting with a letter or digit)"


def text_problem(text: str) -> str | None:
    """Why ``text`` may not be typed on a device, else None."""
    if not text.strip():
        return "empty"
    if len(text) > TEXT_MAX:
        return f"longer than {TEXT_MAX} characters"
    for ch in text:
        if ch == "?":
            return "'?' (IOS would show help instead of typing it)"
        if not " " <= ch <= "~":
            kind = "a control character" if ch.isascii() or not ch.isprintable() else "non-ASCII"
            return f"{kind} ({ch!r})"
    return None


def word_problem(word: str) -> str | None:
    """Why ``word`` is not one IOS word (trustpoint name, key label), else None."""
    problem = text_problem(word)
    if problem is not None:
        return problem
    return None if WORD.fullmatch(word) else WORD_RULE


def check_word(value: object, *, what: str, host: str, command: str | None = None) -> str:
    """``value`` if it is one IOS word, else ``InvalidArgument`` naming the host and ``what``."""
    problem = word_problem(value) if isinstance(value, str) else "not a string"
    if problem is not None:
        raise InvalidArgument(f"{what} {value!r} refused: {problem}", host=host, command=command)
    return str(value)


def check_text(value: object, *, what: str, host: str, command: str | None = None) -> str:
    """``value`` if it may be typed on a device, else ``InvalidArgument``."""
    problem = text_problem(value) if isinstance(value, str) else "not a string"
    if problem is not None:
        raise InvalidArgument(f"{what} {value!r} refused: {problem}", host=host, command=command)
    return str(value)
