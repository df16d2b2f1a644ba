"""The IOS vocabulary as data: prompts, error markers and where IOS prints them, syslog lines,
the pager, the shape of a question. Used by the parsers and by the tasks alike.

Everything here looks at one line at a time (``lines`` splits lazily), so a hostile device that
sends 32,000 blank lines or ``[`` characters costs time in proportion to what it sent, never more.

Where IOS prints an error: a command it refuses (``% Invalid input detected at '^' marker.``,
``% Incomplete command.``, ``% Ambiguous command:``, ``% Unknown command``, ``% Access denied``,
``%Error ...``) prints the marker at the start of the first line of its output, after the echo
and, for ``% Invalid input``, the caret line; ``write memory`` first says ``Building
configuration...``. Anything later in the output of a show command is device text (a banner, a
description, the configuration) and never an error: ``rejected`` reads the head only. A dialog's
own messages (``crypto pki enroll``, ``write memory``) hold no device text: there every line counts
(``rejection``).

>>> rejected("ip http secure-server\\n  ^\\n% Invalid input detected at '^' marker.")
"% Invalid input detected at '^' marker."
>>> rejected("Building configuration...\\r\\n%Error writing nvram:startup-config\\r\\n")
'%Error writing nvram:startup-config'
>>> rejected("Current configuration : 99 bytes\\nbanner motd ^C\\n% Access denied\\n^C\\n") is None
True
>>> rejection("% The serial number in the certificate will be: 9XVYC51FMT6") is None
True
>>> is_syslog("*Mar  1 00:00:09.123: %SSH-5-ENABLED: SSH 1.99 has been enabled")
True
>>> asks("Destination filename [startup-config]? "), asks("[OK] (elapsed time was 3 seconds)")
(True, False)
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

# --- lines ---------------------------------------------------------------------------------------
LINE_END = re.compile(r"\r\n|\r|\n")


def lines(text: str) -> Iterator[str]:
    """The lines of ``text`` (CRLF, CR or LF), one at a time, as ``re.split`` would give them."""
    start = 0
    for end in LINE_END.finditer(text):
        yield text[start : end.start()]
        start = end.end()
    yield text[start:]


# --- prompts -------------------------------------------------------------------------------------
# A prompt in any mode: R1>, R1#, R1(config)#, R1(ca-trustpoint)#. A hostname starts with a letter
# or digit; real ones hold ``.``, ``-``, ``_``, ``/``, ``:``, ``@``, even ``)``: all but blanks.
PROMPT = r"[A-Za-z0-9][^\s#>]{0,63}[#>]"
_PROMPT_LINE = re.compile(rf"{PROMPT}[ \t]*")
_ECHO_LINE = re.compile(rf"{PROMPT}[ \t]*\S")


def is_prompt(line: str) -> bool:
    """A bare device prompt.

    >>> is_prompt("Router#"), is_prompt("R1(config)#"), is_prompt("Status: Available")
    (True, True, False)
    """
    return bool(_PROMPT_LINE.fullmatch(line.strip()))


def prompt_regex(base: str) -> str:
    """This device's prompt in any mode, on a line of its own; ``base`` is the hostname part.

    IOS truncates config-mode prompts at 20 characters and netmiko keeps the first 16 of the
    hostname, so up to 40 more characters may follow ``base`` before ``#`` or ``>``.
    """
    return rf"(?m:^{re.escape(base)}[^\r\n#>]{{0,40}}[#>][ \t]*\r?$)"


def config_prompt_regex(base: str) -> str:
    """This device's prompt in a configuration mode: ``R1(config)#``, ``R1(ca-trustpoint)#``."""
    return rf"(?m:^{re.escape(base)}[^\r\n#>]{{0,24}}\([\w.\-]+\)#[ \t]*\r?$)"


# --- syslog and pager ----------------------------------------------------------------------------
# ``*Dec 21 19:14:15.421: %PKI-4-NOAUTOSAVE: ...``, ``000123: Nov 29 20:51:13.067 UTC: %SSH-5-...``
SYSLOG = re.compile(
    r"[ \t]*(?:\d+:[ \t]*)?[*.]?"
    r"(?:[A-Z][a-z]{2}[ \t]+\d+[ \t]+(?:\d{4}[ \t]+)?\d\d:\d\d:\d\d(?:\.\d+)?(?:[ \t]+[A-Z]{2,5})?:"
    r"[ \t]*)?%[A-Z][A-Z0-9_]*-\d-[A-Z0-9_]+:"
)
# What a reload prints once it is under way (docs/prompts.md section 6.5).
RELOAD_LOG = re.compile(r"%SYS-5-RELOAD|reloading, reason|%PMAN-5-EXITACTION")
# The pager, with terminal length other than 0: `` --More-- ``.
MORE = re.compile(r"^ ?-{2,} ?More ?-{2,} ?")


def is_syslog(line: str) -> bool:
    """A syslog message line (IOS prints them between any two lines, even inside a dialog).

    >>> is_syslog("000123: Nov 29 20:51:13.067: %SSH-5-ENABLED: SSH 1.99 has been enabled")
    True
    >>> is_syslog(" certificate self-signed 01")
    False
    """
    return bool(SYSLOG.match(line))


# --- errors --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Rejection:
    """One IOS error marker: ``pattern`` matches the start of a line (leading blanks allowed)."""

    name: str
    pattern: re.Pattern[str]


def _r(name: str, regex: str) -> Rejection:
    return Rejection(name, re.compile(regex))


REJECTIONS: tuple[Rejection, ...] = (
    _r("invalid_input", r"% ?Invalid input detected"),
    _r("incomplete", r"% ?Incomplete command"),
    _r("ambiguous", r"% ?Ambiguous command"),
    _r("unknown", r"% ?Unknown command"),
    _r("unrecognized", r"% ?Unrecognized command"),
    _r("bad", r"% ?Bad "),  # % Bad secrets, % Bad IP address, % Bad mask
    _r("access_denied", r"% ?Access denied"),
    _r("not_authorized", r"% ?Not authorized"),
    _r("authorization_failed", r"% ?Command authorization failed"),
    _r("error", r"%\s?Error"),  # %Error writing nvram:startup-config, % Error in parsing ...
    _r("no_domain_name", r"% ?Please define a domain-name first"),
    _r("bad_subject_name", r".*is not a valid subject name"),  # "1.2.3.4" is not a valid ...
    _r("generate_failed", r"(?:% ?)?Failed to generate"),  # FN70489, no hostname/domain
)
_REJECTED = re.compile("|".join(f"(?:{r.pattern.pattern})" for r in REJECTIONS))
CARET = re.compile(r"[ \t]*\^[ \t]*")  # the line under the echo that points at the bad word
PROGRESS = frozenset({"Building configuration..."})  # printed before the work (and its error)


def rejection(line: str) -> str | None:
    """The line, stripped, when it is an IOS error marker; else None."""
    text = line.strip()
    return text if _REJECTED.match(text) else None


def find_rejection(output: str, command: str = "") -> tuple[int, str] | None:
    """(1-based line number, marker line) when the command's output starts with an IOS error.

    Blank lines, the echo (``R1#show x``, ``command`` itself, or any line with a caret line
    under it), the caret line, syslog lines and ``Building configuration...`` may come first;
    the first other line decides.
    """
    echo = command.strip()
    numbered = enumerate(lines(output), start=1)
    for number, line in numbered:
        text = line.strip()
        if _preamble(line, text) or (echo and text == echo):
            continue
        marker = rejection(text)
        if marker:
            return number, marker
        under = next(numbered, None)
        if under is None or not CARET.fullmatch(under[1].strip()):
            return None  # output: the command ran
    return None


def _preamble(line: str, text: str) -> bool:
    return (
        not text
        or text in PROGRESS
        or bool(CARET.fullmatch(text))
        or is_syslog(line)
        or bool(_ECHO_LINE.match(text))
    )


def rejected(output: str, command: str = "") -> str | None:
    """The IOS error line that starts the output of a command it refused, else None."""
    found = find_rejection(output, command)
    return found[1] if found else None


# --- questions -----------------------------------------------------------------------------------
# The end of a line may ask a question; only its last characters can (questions are short).
WINDOW = 512
# Complete as soon as it arrives: "[yes/no]: ", "[startup-config]? ", "[confirm]", "(y/n) ".
# ``[^\[\]]`` (not ``[^\]]``): a run of ``[`` never makes the engine try every pair of them.
_BRACKET_END = re.compile(
    r"(?:\[[^\[\]\r\n]*\]\s?[:?]|\[(?:confirm|yes/no|y/n)\]|\(y/n\)\s?[:?]?)[ \t]*\Z"
)


def question_end(line: str) -> str | None:
    """The end of ``line`` when it may hold a question (it ends with ``:``, ``?``, ``]`` or
    ``)``, blanks aside), else None. Looks at the last ``WINDOW`` characters only."""
    end = line[-WINDOW:].rstrip(" \t")
    return end if end.endswith((":", "?", "]", ")")) else None


def asks(line: str) -> bool:
    """Does the line end with a bracketed question (``[yes/no]:``, ``[confirm]``, ``(y/n)``)?"""
    end = question_end(line)
    return end is not None and bool(_BRACKET_END.search(end))


def may_ask(line: str) -> bool:
    """Might the line be a question once output stops: it ends with ``?``, ``:`` or ``]``
    (not ``[OK]``). ``% Generating 4096 bit RSA keys ...`` waiting for its ``[OK]`` does not.

    >>> may_ask("Proceed with the frobnication?"), may_ask("[OK]"), may_ask("keys ...")
    (True, False, False)
    """
    end = question_end(line)
    return end is not None and not end.endswith((")", "[OK]"))
