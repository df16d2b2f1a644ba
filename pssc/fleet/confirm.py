"""Ask before a reload: on a terminal, announce the plan and wait for ``y``; ``--yes`` for
scripts; neither a terminal nor ``--yes``: refused before any device is contacted."""

from __future__ import annotations

import sys
from typing import TextIO

from pssc.errors import UsageError

__all__ = ["confirm", "require_consent"]


def require_consent(
    yes: bool, *, stdin: TextIO | None = None, what: str = "verify --reload"
) -> None:
    """Refuse (one line, exit 2) when nobody can answer the question and ``--yes`` was not given.

    >>> import io
    >>> require_consent(True, stdin=io.StringIO())
    >>> require_consent(False, stdin=io.StringIO())
    Traceback (most recent call last):
    ...
    pssc.errors.UsageError: verify --reload: no terminal to confirm the reload on; pass --yes
    """
    stream = stdin if stdin is not None else sys.stdin
    if not yes and not (stream is not None and stream.isatty()):
        raise UsageError(f"{what}: no terminal to confirm the reload on; pass --yes")


def confirm(
    announcement: str,
    *,
    yes: bool,
    stdin: TextIO | None = None,
    stderr: TextIO | None = None,
) -> bool:
    """Print the plan on stderr; with ``yes`` go ahead, else ask ``Proceed? [y/N]``.

    >>> import io
    >>> err = io.StringIO()
    >>> confirm("reload 2 hosts", yes=False, stdin=io.StringIO("y\\n"), stderr=err)
    True
    >>> err.getvalue()
    'reload 2 hosts\\nProceed? [y/N] '
    >>> confirm("reload 2 hosts", yes=False, stdin=io.StringIO(""), stderr=io.StringIO())
    False
    """
    out = stderr if stderr is not None else sys.stderr
    out.write(announcement + "\n")
    if yes:
        out.flush()
        return True
    out.write("Proceed? [y/N] ")
    out.flush()
    answer = (stdin if stdin is not None else sys.stdin).readline()
    return answer.strip().lower() in ("y", "yes")
