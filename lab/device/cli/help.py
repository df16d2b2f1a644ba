r"""IOS's context help: what ``?`` prints for the line typed before it (no Enter needed).

After a space, ``?`` lists what may follow, one a line: argument placeholders first (``WORD``,
``LINE``, ``A.B.C.D``, ``<360-4096>``), then the keywords alphabetically, each with its help
text, ``|`` where output filters may follow and ``<cr>`` where the command may end. Inside a word
(``sh?``) it lists the keywords that start so, on one line. A word that matches nothing gives
``% Unrecognized command``, an ambiguous one ``% Ambiguous command:  "..."``; never
``% Invalid input`` (``docs/ios-behaviour.md`` section 1.5). The session prints the list, then
the prompt and the line again (:meth:`lab.device.cli.session.Session.help`).

>>> from lab.device.cli.cmdtree import CommandTree
>>> t = CommandTree()
>>> SHOW = "Show running system information"
>>> t.add("show clock", "c", pipe=True, help=[SHOW, "Display the system clock"])
>>> words = [SHOW, "Encryption module", "Show PKI", "Show trustpoints", "Trustpoint name"]
>>> t.add("show crypto pki trustpoints <tp:WORD>", "t", help=words)
>>> help_text(t, "show c")
'clock  crypto  \n'
>>> print(help_text(t, "sh cl "), end="")
  |     Output modifiers
  <cr>
>>> print(help_text(t, "show crypto pki trustpoints "), end="")
  WORD  Trustpoint name
>>> print(help_text(t, "show x"))
% Unrecognized command
"""

from __future__ import annotations

from lab.device.cli.cmdtree import CommandTree, Node, ParseError, arg_ok, tokenize

CR = "<cr>"
PIPE_HELP = "Output modifiers"


def placeholder(kind: str) -> str:
    """How ``?`` names an argument of this kind.

    >>> placeholder("INT:360-4096"), placeholder("IP"), placeholder("LINE")
    ('<360-4096>', 'A.B.C.D', 'LINE')
    """
    if kind.startswith("INT:"):
        return f"<{kind[4:]}>"
    return {"IP": "A.B.C.D", "LINE": "LINE"}.get(kind, "WORD")


Walked = tuple[Node, set[str], str | None]  # node, options used, what the next word must be


def _walk(tree: CommandTree, words: list[tuple[str, int]], line: str) -> Walked | str:
    """Where the complete ``words`` lead: the node, the options used, and ``"LINE"`` when a
    LINE argument took the rest or an option's kind when its value comes next; or the error."""
    node = tree.root
    used: set[str] = set()
    i = 0
    while i < len(words):
        tok, pos = words[i]
        if node.options is not None and node.handler is not None:
            opts = node.options
            cands = [w for w in opts if w.startswith(tok.lower())]
            if tok.lower() in opts:
                cands = [tok.lower()]
            if len(cands) != 1:
                return _error(len(cands), line)
            used.add(cands[0])
            kind = opts[cands[0]]
            if kind is not None and i + 1 == len(words):
                return node, used, f"{kind}|{node.option_help.get(cands[0], '')}"
            i += 2 if kind is not None else 1
            continue
        step = tree._step(node, tok, pos, line)
        if isinstance(step, ParseError):
            return _error(0 if step.kind == "invalid" else 2, line)
        name, kind, node = step
        if name is not None and kind == "LINE":
            return node, used, f"LINE|{node.help}"
        i += 1
    return node, used, None


def _error(count: int, line: str) -> str:
    if count > 1:
        return f'% Ambiguous command:  "{line.rstrip(" ?").strip()}"'
    return "% Unrecognized command"


def _entries(node: Node, used: set[str], waiting: str | None) -> list[tuple[str, str]]:
    if waiting is not None:
        kind, text = waiting.split("|", 1)
        return [(CR, "")] if kind == "LINE" else [(placeholder(kind), text)]
    entries: list[tuple[str, str]] = []
    if node.options is not None and node.handler is not None:
        for word in sorted(node.options):
            if word not in used:
                entries.append((word, node.option_help.get(word, "")))
    else:
        for _name, kind, child in node.args:
            entries.append((placeholder(kind), child.help))
        entries += [(w, node.keywords[w].help) for w in sorted(node.keywords)]
    if node.handler is not None:
        if node.pipe:
            entries.append(("|", PIPE_HELP))
        entries.append((CR, ""))
    return entries


def help_text(tree: CommandTree, line: str, *, extra: dict[str, str] | None = None) -> str:
    """What ``?`` prints after ``line`` (``extra``: words the mode takes outside its tree, such
    as ``do``); the last line of a list is blank, an error has none."""
    partial = bool(line) and not line[-1].isspace()
    words = tokenize(line)
    last = words.pop()[0] if partial and words else ""
    walked = _walk(tree, words, line)
    if isinstance(walked, str):
        return walked
    node, used, waiting = walked
    if partial:
        if waiting is not None:
            return placeholder(waiting.split("|", 1)[0]) + "\n"
        pool = list(node.keywords) if node.options is None else list(node.options)
        if node is tree.root:
            pool += list(extra or {})
        found = sorted(w for w in pool if w.startswith(last.lower()) and w not in used)
        fits = [a for a in node.args if arg_ok(a[1], last)] if node.options is None else []
        if not found and not fits:
            return "% Unrecognized command"
        names = found or [placeholder(fits[0][1])]
        return "  ".join(names) + "  \n"
    entries = _entries(node, used, waiting)
    if node is tree.root and extra:
        entries = sorted(entries + list(extra.items()))
    if not entries:
        return "% Unrecognized command"
    width = max(len(name) for name, _ in entries)
    rows = [f"  {name:<{width}}  {text}".rstrip() for name, text in entries]
    return "\n".join(rows) + "\n"
