"""The table of prompts IOS asks in the dialogs pssc drives, from real published output.

Each ``Prompt`` has a name, a pattern anchored at the end of the text received so far, and the
usual wording (shown in dry-run plans). Sources: ``prompt-variants.md`` sections 1 (``crypto pki
enroll``), 3 (``crypto key generate rsa`` / ``zeroize``), 5 (save) and ios-behaviour 2.1
(``no crypto pki trustpoint``).

>>> match_prompt(ENROLL_PROMPTS, "Generate Self Signed Router Certificate? [yes/no]: ").name
'generate'
>>> strip_syslog("x? [yes/no]: \\r\\n*Mar  1 00:00:09.123: %SSH-5-ENABLED: SSH 1.99 enabled\\r\\n")
'x? [yes/no]: \\r\\n'
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Prompt:
    """One question a device may ask: its name, a pattern anchored at the end, a sample text."""

    name: str
    pattern: re.Pattern[str]
    sample: str  # the usual wording, shown in dry-run plans

    def matches(self, text: str) -> bool:
        return bool(self.pattern.search(text))


def _p(name: str, regex: str, sample: str) -> Prompt:
    return Prompt(name, re.compile(regex + r"[ \t]*[\r\n]*\Z"), sample)


_YES_NO = r"\[yes/no\]\s?:"
# crypto pki enroll TP (enrollment selfsigned), prompt-variants §1; most specific first.
ENROLL_PROMPTS: tuple[Prompt, ...] = (
    _p(
        "replace_selfsigned",
        r"already generated a Self Signed\s+Certificate\s+for\s+trustpoint\s+\S+?\.?[\s\S]*"
        + _YES_NO,
        "The router has already generated a Self Signed Certificate for trustpoint "
        "TP-self-signed-NNN. ... [yes/no]: ",
    ),
    _p(
        "replace_certificate",
        r"(?:already (?:has|have) a (?:router |self[- ]signed )?cert|already enrolled|re-enroll"
        r"|[Rr]eplace (?:it|the existing)|existing certificate will be replaced)[\s\S]*" + _YES_NO,
        "Do you want to continue with re-enrollment? [yes/no]: ",
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
        r"Enter Interface name or IP Address\s?\[[^\]\r\n]*\]\s?:",
        "Enter Interface name or IP Address[]: ",
    ),
    _p(
        "generate",
        r"Generate Self Signed Router Certificate\?\s*" + _YES_NO,
        "Generate Self Signed Router Certificate? [yes/no]: ",
    ),
)
# crypto key generate rsa ..., crypto key zeroize rsa, prompt-variants §3.
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
# no crypto pki trustpoint NAME, ios-behaviour §2.1 / prompt-variants 1.10.
REMOVE_PROMPTS: tuple[Prompt, ...] = (
    _p(
        "remove_trustpoint",
        r"Are you sure you want to do this\?\s*" + _YES_NO,
        "Are you sure you want to do this? [yes/no]: ",
    ),
)
# write memory / copy running-config startup-config, prompt-variants §5, ios-behaviour §5.
SAVE_PROMPTS: tuple[Prompt, ...] = (
    _p(
        "destination",
        r"Destination filename \[[^\]\r\n]*\]\?",
        "Destination filename [startup-config]? ",
    ),
    _p(
        "overwrite",
        r"Overwrite the previous NVRAM configuration\?\s*\[confirm\]",
        "Overwrite the previous NVRAM configuration?[confirm]",
    ),
)
ALL_PROMPTS: tuple[Prompt, ...] = ENROLL_PROMPTS + KEYGEN_PROMPTS + REMOVE_PROMPTS + SAVE_PROMPTS

_SYSLOG_LINE = re.compile(
    r"^[ \t]*(?:\d+:\s*)?[*.]?(?:[A-Z][a-z]{2}\s+\d+\s+(?:\d{4}\s+)?\d\d:\d\d:\d\d(?:\.\d+)?"
    r"(?:\s+[A-Z]{2,5})?:\s*)?%[A-Z][A-Z0-9_]*-\d-[A-Z0-9_]+:[^\r\n]*\r?\n",
    re.M,
)


def strip_syslog(text: str) -> str:
    """``text`` without complete syslog lines (``*Mar 1 ...: %FAC-N-MNEMONIC: ...``)."""
    return _SYSLOG_LINE.sub("", text)


def match_prompt(table: Sequence[Prompt], text: str) -> Prompt | None:
    """The first prompt of ``table`` that ``text`` ends with (syslog lines ignored)."""
    clean = strip_syslog(text)
    for prompt in table:
        if prompt.matches(clean):
            return prompt
    return None
