"""Option checks: refuse what IOS (or the file system) would refuse, before touching a device.

Each check raises :class:`~pssc.errors.InvalidInput` (a ``UsageError``: one line, exit code 2)
with a message that names the option and the value, and says what would be accepted.

>>> subject_name("cn=r1.example.net, o=Lab")
'cn=r1.example.net, o=Lab'
>>> try:
...     subject_name("1.2.3.4")
... except InvalidInput as exc:
...     print(str(exc)[:59])
--subject-name '1.2.3.4' is not an X.500 name like cn=r1.ex
>>> key_size(2048), key_size(360, personality="ios15")
(2048, 360)
>>> key_size(360, personality="iosxe17")
Traceback (most recent call last):
...
pssc.errors.InvalidInput: --key-size 360: IOS XE 17 accepts RSA moduli from 512 to 4096 bits
>>> trustpoint_name("PSSC-SELF-SIGNED")
'PSSC-SELF-SIGNED'
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from pssc.errors import InvalidInput
from tasks.arguments import WORD_RULE, text_problem, word_problem

__all__ = [
    "KEY_SIZE_MAX",
    "KNOWN_ATTRIBUTES",
    "InvalidInput",
    "key_size",
    "key_size_range",
    "output_file",
    "subject_name",
    "trustpoint_name",
]

KEY_SIZE_MAX = 4096
# the smallest modulus of the interactive prompt: "in the range of 360 to 4096" (12.x/15.x),
# "512 to 4096" (IOS XE 17) -- docs/ios-behaviour.md section 8, docs/prompts.md 3.8 and 3.9
_KEY_SIZE_MIN = {"ios12": 360, "ios15": 360, "iosxe17": 512}
_RELEASE = {"ios12": "IOS 12", "ios15": "IOS 15", "iosxe17": "IOS XE 17"}
# attribute names the `subject-name` command knows (cn, ou, o, l, st, c, e, serialNumber, ...)
KNOWN_ATTRIBUTES = frozenset(
    {"cn", "ou", "o", "l", "st", "c", "e", "ea", "email", "serialnumber"}
    | {"hostname", "ipaddress", "unstructuredname", "unstructuredaddress", "dc", "dnq"}
)
_AVA = re.compile(r" *([A-Za-z][A-Za-z0-9-]*) *= *(\S.*?) *")
_RDN_SPLIT = re.compile(r"(?<!\\),")
_SUBJECT_HINT = "an X.500 name like cn=r1.example.net, o=Lab"


def key_size_range(personality: str | None = None) -> tuple[int, int]:
    """The RSA moduli IOS accepts; without a personality, what some release accepts.

    >>> key_size_range(), key_size_range("iosxe17")
    ((360, 4096), (512, 4096))
    """
    low = _KEY_SIZE_MIN.get(personality or "", min(_KEY_SIZE_MIN.values()))
    return low, KEY_SIZE_MAX


def key_size(bits: int, *, personality: str | None = None, option: str = "--key-size") -> int:
    """``bits`` if IOS (of that personality, if given) generates an RSA key of that size."""
    low, high = key_size_range(personality)
    if not low <= bits <= high:
        release = _RELEASE.get(personality or "", "IOS")
        raise InvalidInput(
            f"{option} {bits}: {release} accepts RSA moduli from {low} to {high} bits"
            + ("" if personality else " (512 on IOS XE 17)")
        )
    return bits


def subject_name(text: str, *, option: str = "--subject-name") -> str:
    """``text`` if the ``subject-name`` command takes it: ``attr=value`` parts, comma separated.

    >>> subject_name("CN=r1+serialNumber=FTX1, OU=WAN\\\\, East, C=DE")
    'CN=r1+serialNumber=FTX1, OU=WAN\\\\, East, C=DE'
    """
    bad = f"{option} {text!r} is not {_SUBJECT_HINT}"
    problem = text_problem(text)  # what may be typed on a device at all (tasks.arguments)
    if problem is not None:
        raise InvalidInput(f"{bad}: {problem}")
    for rdn in _RDN_SPLIT.split(text):
        for ava in rdn.split("+"):
            match = _AVA.fullmatch(ava)
            if match is None:
                raise InvalidInput(
                    f'{bad} (IOS: "The subject name must be in X.500 (LDAP) format")'
                )
            attr, value = match.group(1).lower(), match.group(2)
            if attr not in KNOWN_ATTRIBUTES:
                known = ", ".join(sorted(KNOWN_ATTRIBUTES))
                raise InvalidInput(f"{bad}: unknown attribute {match.group(1)!r} (known: {known})")
            if attr == "c" and not re.fullmatch(r"[A-Za-z]{2}", value):
                raise InvalidInput(f"{bad}: c= takes a two-letter country code, not {value!r}")
    return text


def trustpoint_name(name: str, *, option: str = "--trustpoint") -> str:
    """``name`` if IOS takes it as ``crypto pki trustpoint NAME``: one word, at most 64 characters.

    >>> try:
    ...     trustpoint_name("my tp")
    ... except InvalidInput as exc:
    ...     print(str(exc)[:40])
    --trustpoint 'my tp': IOS takes one word
    >>> try:
    ...     trustpoint_name("NEWTP\\n")
    ... except InvalidInput as exc:
    ...     print(str(exc)[-37:])
    this holds a control character ('\\n')
    """
    problem = word_problem(name)
    if problem is not None:
        why = "" if problem == WORD_RULE or "'?'" in problem else f"; this holds {problem}"
        raise InvalidInput(f"{option} {name!r}: IOS takes {WORD_RULE}{why}")
    return name


def output_file(path: Path | None, *, option: str) -> Path | None:
    """``path`` if a file can be written there: its folder exists, is a folder, is writable.

    Checked before the run, so a typo in a report path does not waste a rollout.

    >>> output_file(None, option="--json") is None
    True
    >>> try:
    ...     output_file(Path("/nonexistent-folder/out.json"), option="--json")
    ... except InvalidInput as exc:
    ...     print(exc)
    --json /nonexistent-folder/out.json: the folder /nonexistent-folder does not exist
    """
    if path is None:
        return None
    folder = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        raise InvalidInput(f"{option} {path}: is a folder, not a file")
    if not folder.exists():
        raise InvalidInput(f"{option} {path}: the folder {folder} does not exist")
    if not folder.is_dir():
        raise InvalidInput(f"{option} {path}: {folder} is not a folder")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise InvalidInput(f"{option} {path}: the folder {folder} is not writable")
    return path
