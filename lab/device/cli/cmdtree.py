"""A command tree with IOS abbreviations and IOS's three parse errors.

A tree is built from patterns such as ``"crypto pki trustpoint <name:WORD>"``; keywords may be
abbreviated to any unique prefix. Argument kinds: ``WORD`` (one token), ``LINE`` (the rest of the
line, as typed), ``INT:lo-hi``, ``IP`` (dotted quad). Trailing options in any order are given as a
mapping ``{"label": "WORD", "exportable": None}``. Every node may carry the help text of its word
(what IOS's ``?`` prints); the trees of the device are built by :mod:`lab.device.cli.table`.

>>> t = CommandTree()
>>> t.add("show running-config", "run", pipe=True)
>>> t.add("show clock", "clock")
>>> t.add("show crypto pki trustpoints", "tps")
>>> t.parse("sh run").handler
'run'
>>> t.parse("sh c")
ParseError(kind='ambiguous', pos=3, text='sh c')
>>> t.parse("sh cxun").pos  # the caret goes under the x
4
>>> t.parse("show").kind
'incomplete'
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

_IP_RE = re.compile(r"^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$")


@dataclass
class Node:
    keywords: dict[str, Node] = field(default_factory=dict)
    args: list[tuple[str, str, Node]] = field(default_factory=list)
    handler: Any = None
    options: dict[str, str | None] | None = None
    pipe: bool = False
    static: dict[str, str] = field(default_factory=dict)
    help: str = ""  # the description of the word that leads here (``?``)
    option_help: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Match:
    handler: Any
    args: dict[str, str]
    pipe: bool


@dataclass(frozen=True)
class ParseError:
    kind: str  # "invalid" | "incomplete" | "ambiguous"
    pos: int
    text: str


def tokenize(line: str) -> list[tuple[str, int]]:
    """Words and where they start.

    >>> tokenize("  sh  run ")
    [('sh', 2), ('run', 6)]
    """
    return [(m.group(0), m.start()) for m in re.finditer(r"\S+", line)]


def arg_ok(kind: str, tok: str) -> bool:
    """Whether ``tok`` is a valid argument of ``kind``.

    >>> arg_ok("INT:360-4096", "512"), arg_ok("INT:360-4096", "5"), arg_ok("IP", "10.0.0.300")
    (True, False, False)
    """
    if kind in ("WORD", "LINE"):
        return True
    if kind == "IP":
        m = _IP_RE.match(tok)
        return m is not None and all(int(g) <= 255 for g in m.groups())
    if kind.startswith("INT:"):
        lo, hi = (int(x) for x in kind[4:].split("-"))
        return tok.isdigit() and lo <= int(tok) <= hi
    if kind == "HEX":
        return all(c in "0123456789abcdefABCDEF" for c in tok)
    return False


def _invalid_offset(tok: str, words: list[str]) -> int:
    """How many characters of ``tok`` still match the start of some keyword."""
    low = tok.lower()
    best = 0
    for w in words:
        n = 0
        while n < len(low) and n < len(w) and low[n] == w[n]:
            n += 1
        best = max(best, n)
    return best


class CommandTree:
    def __init__(self) -> None:
        self.root = Node()

    def add(
        self,
        pattern: str,
        handler: Any,
        *,
        options: Mapping[str, str | None] | None = None,
        pipe: bool = False,
        static: Mapping[str, str] | None = None,
        help: Sequence[str] = (),
        option_help: Mapping[str, str] | None = None,
    ) -> None:
        """Add a command; ``help`` has one description per word of ``pattern`` (or none).

        A word's help given twice must agree, and a command is added once.
        """
        words = pattern.split()
        if help and len(help) != len(words):
            raise ValueError(f"{pattern!r}: {len(help)} help texts for {len(words)} words")
        node = self.root
        for i, word in enumerate(words):
            if word.startswith("<"):
                name, kind = word[1:-1].split(":", 1)
                for aname, akind, anode in node.args:
                    if aname == name and akind == kind:
                        node = anode
                        break
                else:
                    new = Node()
                    node.args.append((name, kind, new))
                    node = new
            else:
                node = node.keywords.setdefault(word, Node())
            if help:
                if node.help and node.help != help[i]:
                    raise ValueError(f"{pattern!r}: two help texts for {word!r}")
                node.help = help[i]
        if node.handler is not None:
            raise ValueError(f"{pattern!r} is defined twice")
        node.handler = handler
        node.options = dict(options) if options is not None else None
        node.option_help = dict(option_help or {})
        node.pipe = pipe
        node.static = dict(static or {})

    def words(self) -> list[str]:
        return sorted(self.root.keywords)

    def parse(self, line: str) -> Match | ParseError:
        toks = tokenize(line)
        node = self.root
        args: dict[str, str] = {}
        i = 0
        while i < len(toks):
            tok, pos = toks[i]
            if node.options is not None and node.handler is not None:
                return self._options(node, toks[i:], line, args)
            step = self._step(node, tok, pos, line)
            if isinstance(step, ParseError):
                return step
            name, kind, node = step
            if name is not None:
                if kind == "LINE":
                    args[name] = line[pos:].rstrip()
                    i = len(toks)
                    break
                args[name] = tok
            i += 1
        if node.handler is None:
            return ParseError("incomplete", len(line), line)
        return Match(node.handler, {**node.static, **args}, node.pipe)

    def _step(
        self, node: Node, tok: str, pos: int, line: str
    ) -> tuple[str | None, str, Node] | ParseError:
        low = tok.lower()
        if low in node.keywords:
            return None, "", node.keywords[low]
        cands = [w for w in node.keywords if w.startswith(low)]
        fitting = [(n, k, c) for n, k, c in node.args if arg_ok(k, tok)]
        if len(cands) == 1:
            return None, "", node.keywords[cands[0]]
        if fitting:
            return fitting[0]
        if len(cands) > 1:
            return ParseError("ambiguous", pos, line)
        off = _invalid_offset(tok, list(node.keywords)) if node.keywords else 0
        return ParseError("invalid", pos + off, line)

    def _options(
        self, node: Node, toks: list[tuple[str, int]], line: str, args: dict[str, str]
    ) -> Match | ParseError:
        assert node.options is not None
        opts = node.options
        i = 0
        while i < len(toks):
            tok, pos = toks[i]
            low = tok.lower()
            cands = [w for w in opts if w.startswith(low)]
            if low in opts:
                cands = [low]
            if len(cands) > 1:
                return ParseError("ambiguous", pos, line)
            if not cands:
                return ParseError("invalid", pos + _invalid_offset(tok, list(opts)), line)
            word = cands[0]
            kind = opts[word]
            if kind is None:
                args[word] = ""
                i += 1
                continue
            if i + 1 >= len(toks):
                return ParseError("incomplete", len(line), line)
            val, vpos = toks[i + 1]
            if not arg_ok(kind, val):
                return ParseError("invalid", vpos, line)
            args[word] = val
            i += 2
        return Match(node.handler, {**node.static, **args}, node.pipe)
