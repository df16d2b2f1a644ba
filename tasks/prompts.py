"""The table of questions IOS asks in the dialogs pssc drives, from real published output.

Each ``Prompt`` has a name, a ``pattern`` for the question at the end of its line, the usual
wording (shown in dry-run plans) and, where the question alone is ambiguous (``Do you want to
continue? [yes/no]:``), a ``context`` found in the text of the same question. A ``final`` prompt
sets the command going: after its answer the session may drop (``reload``). Sources:
``docs/prompts.md`` sections 1 (``crypto pki enroll``), 3 (``crypto key generate rsa`` /
``zeroize``), 5 (save), 6 (reload) and ``docs/ios-behaviour.md`` section 2.1
(``no crypto pki trustpoint``).

>>> match_prompt(ENROLL_PROMPTS, "Generate Self Signed Router Certificate? [yes/no]: ").name
'generate'
>>> match_prompt(RELOAD_PROMPTS, "reload\\r\\nProceed with reload? [confirm]").name
'confirm'
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from parsers import ios


@dataclass(frozen=True)
class Prompt:
    """One question a device may ask (see the module docstring)."""

    name: str
    pattern: re.Pattern[str]  # the question, anchored at the end of its line
    sample: str  # the usual wording, shown in dry-run plans
    context: re.Pattern[str] | None = None  # searched in the whole text of the question
    final: bool = False  # its answer starts the command: the session may drop after it
    paste: bool = False  # an invitation to paste (no question mark): the answer is a block


def _p(
    name: str,
    regex: str,
    sample: str,
    *,
    context: str | None = None,
    final: bool = False,
    paste: bool = False,
) -> Prompt:
    return Prompt(
        name,
        re.compile(regex + r"[ \t]*\Z"),
        sample,
        re.compile(context) if context else None,
        final,
        paste,
    )


_YES_NO = r"\[yes/no\]\s?:"
# crypto pki enroll TP (enrollment selfsigned), docs/prompts.md section 1; most specific first.
ENROLL_PROMPTS: tuple[Prompt, ...] = (
    _p(
        "replace_selfsigned",
        _YES_NO,
        "The router has already generated a Self Signed Certificate for trustpoint "
        "TP-self-signed-NNN. ... [yes/no]: ",
        context=r"already generated a Self Signed\s+Certificate\s+for\s+trustpoint",
    ),
    _p(
        "replace_certificate",
        _YES_NO,
        "Do you want to continue with re-enrollment? [yes/no]: ",
        context=r"already (?:has|have) a (?:router |self[- ]signed )?cert|already enrolled"
        r"|re-enroll|[Rr]eplace (?:it|the existing)|existing certificate will be replaced",
    ),
    _p(
        "serial",
        r"Include the router serial number in the subject name\?\s*" + _YES_NO,
        "% Include the router serial number in the subject name? [yes/no]: ",
    ),
    _p(
        "ip",
        r"Include an IP address in the subject name\?\s*\[(?:yes/)?no\]\s?:",
        "% Include an IP address in the subject name? [no]: ",
    ),
    _p(
        "ip_value",
        r"Enter Interface name or IP Address\s?\[[^\[\]\r\n]*\]\s?:",
        "Enter Interface name or IP Address[]: ",
    ),
    _p(
        "generate",
        r"Generate Self Signed Router Certificate\?\s*" + _YES_NO,
        "Generate Self Signed Router Certificate? [yes/no]: ",
    ),
)
# crypto key generate rsa ..., crypto key zeroize rsa, docs/prompts.md section 3.
KEYGEN_PROMPTS: tuple[Prompt, ...] = (
    _p(
        "replace_keys",
        r"Do you really want to replace them\?\s*" + _YES_NO,
        "% Do you really want to replace them? [yes/no]: ",
    ),
    _p(
        "modulus",
        r"How many bits in the modulus\s*\[\d+\]\s?:",
        "How many bits in the modulus [2048]: ",
    ),
    _p(
        "remove_keys",
        r"Do you really want to remove these keys\?\s*" + _YES_NO,
        "Do you really want to remove these keys? [yes/no]: ",
    ),
)
# no crypto pki trustpoint NAME, docs/ios-behaviour.md section 2.1, docs/prompts.md 1.10.
REMOVE_PROMPTS: tuple[Prompt, ...] = (
    _p(
        "remove_trustpoint",
        r"Are you sure you want to do this\?\s*" + _YES_NO,
        "Are you sure you want to do this? [yes/no]: ",
    ),
)
# write memory / copy running-config startup-config: docs/prompts.md section 5,
# docs/ios-behaviour.md section 2.5.
SAVE_PROMPTS: tuple[Prompt, ...] = (
    _p(
        "destination",
        r"Destination filename \[[^\[\]\r\n]*\]\?",
        "Destination filename [startup-config]? ",
    ),
    _p(
        "overwrite",
        r"Overwrite the previous NVRAM configuration\?\s*\[confirm\]",
        "Overwrite the previous NVRAM configuration?[confirm]",
    ),
)
# reload, docs/prompts.md section 6 (6.1, 6.2 and the wordings unicon handles, 6.6).
RELOAD_PROMPTS: tuple[Prompt, ...] = (
    _p(
        "save",
        r"System config(?:uration)? has been modified\.? Save\?\s*\[yes/no\]:?",
        "System configuration has been modified. Save? [yes/no]: ",
    ),
    _p(
        "confirm",
        r"(?:Proceed with (?:quick )?reload(?: fast| command \(cold\))?\??"
        r"|Do you wish to proceed with reload anyway|Reload the entire shelf)\s*\[confirm\]:?",
        "Proceed with reload? [confirm]",
        final=True,
    ),
)
# CA enrollment by terminal: docs/prompts.md section 2, docs/ios-behaviour.md section 3.
# The paste invitation of `crypto pki authenticate` and `crypto pki import` (prompts 2.1, 2.11):
# no question mark; the answer is the PEM block and a blank line.
PASTE = _p(
    "paste",
    r'End with a blank line or the word "quit" on a line by itself',
    'End with a blank line or the word "quit" on a line by itself',
    paste=True,
)
CA_AUTH_PROMPTS: tuple[Prompt, ...] = (
    PASTE,
    _p(
        "accept_ca",
        r"Do you accept this certificate\?\s*" + _YES_NO,
        "% Do you accept this certificate? [yes/no]: ",
    ),
)
CA_ENROLL_PROMPTS: tuple[Prompt, ...] = (
    ENROLL_PROMPTS[1],  # replace_certificate: "Do you want to continue with re-enrollment?"
    ENROLL_PROMPTS[2],  # serial
    ENROLL_PROMPTS[3],  # ip
    _p(
        "display_request",
        r"Display Certificate Request to terminal\?\s*" + _YES_NO,
        "Display Certificate Request to terminal? [yes/no]: ",
    ),
    _p(
        "redisplay",
        r"Redisplay enrollment request\?\s*" + _YES_NO,
        "Redisplay enrollment request? [yes/no]: ",
    ),
)
IMPORT_PROMPTS: tuple[Prompt, ...] = (PASTE,)
ALL_PROMPTS: tuple[Prompt, ...] = (
    ENROLL_PROMPTS
    + KEYGEN_PROMPTS
    + REMOVE_PROMPTS
    + SAVE_PROMPTS
    + RELOAD_PROMPTS
    + CA_AUTH_PROMPTS
    + CA_ENROLL_PROMPTS[3:]
)


def find_prompt(table: Sequence[Prompt], line: str, text: Callable[[], str]) -> Prompt | None:
    """The first prompt of ``table`` that the question ``line`` is; ``text()`` gives the whole
    question (asked for only when a prompt with a ``context`` needs it)."""
    end = ios.question_end(line)
    whole: str | None = None
    for prompt in table:
        target = line[-ios.WINDOW :] if prompt.paste else end
        if target is None or not prompt.pattern.search(target):
            continue
        if prompt.context is None:
            return prompt
        whole = text() if whole is None else whole
        if prompt.context.search(whole):
            return prompt
    return None


def match_prompt(table: Sequence[Prompt], text: str) -> Prompt | None:
    """The first prompt of ``table`` that ``text`` ends with (its last line that is not blank;
    syslog lines ignored)."""
    kept = [line for line in ios.lines(text) if not ios.is_syslog(line)]
    last = next((line for line in reversed(kept) if line.strip()), "")
    return find_prompt(table, last, lambda: "\n".join(kept))
