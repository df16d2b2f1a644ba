"""Issue 12 item 6: ``?`` anywhere, no Enter needed (``docs/ios-behaviour.md`` section 1.5).

What may follow, one a line with its description; ``<cr>`` where the command may end, ``|`` where
filters may follow; the line typed so far redisplayed after the prompt; never ``% Invalid input``.
The transport side (the key goes to ``help`` at once) is proved with OpenSSH in
``tests/lab/test_lab_help_ca.py``.
"""

from __future__ import annotations

from lab.protocol import Write
from tests.unit.lab.device_helpers import Cli, text_of


def helped(cli: Cli, line: str) -> str:
    actions = cli.session.help(line)
    assert actions is not None
    return text_of(actions)


def test_question_mark_after_a_word_lists_what_follows(cli: Cli) -> None:
    out = helped(cli, "show crypto pki ")
    assert out == (
        "\n  certificates  Show certificates\n  trustpoints   Show trustpoints\n"
        "\nR1#show crypto pki "
    )
    out = helped(cli, "sh cry pki trustpoints ")
    assert out.splitlines()[1:5] == [
        "  WORD    Trustpoint name",
        "  status  Show trustpoint status",
        "  |       Output modifiers",
        "  <cr>",
    ]
    assert out.endswith("\n\nR1#sh cry pki trustpoints ")


def test_question_mark_inside_a_word_completes_it(cli: Cli) -> None:
    assert helped(cli, "sh") == "\nshow  \n\nR1#sh"
    assert helped(cli, "show c") == "\nclock  crypto  \n\nR1#show c"


def test_unknown_or_ambiguous_words_never_give_invalid_input(cli: Cli) -> None:
    out = helped(cli, "bogus ")
    assert out == "\n% Unrecognized command\nR1#bogus "
    assert "Invalid input" not in helped(cli, "show crypto pkx ")
    assert helped(cli, "sh c ").startswith('\n% Ambiguous command:  "sh c"\n')


def test_options_arguments_and_sub_modes(cli: Cli) -> None:
    cli.line("configure terminal")
    out = helped(cli, "crypto key generate rsa modulus 2048 ")
    assert "  exportable" in out and "  label" in out and "  <cr>" in out
    assert "modulus" not in out.split("\n\n")[0].replace("rsa modulus 2048", "")
    assert "  <360-4096>  " in helped(cli, "crypto key generate rsa modulus ")
    assert "  do " in helped(cli, "")
    assert helped(cli, "do show cl").startswith("\nclock  \n")
    cli.line("crypto pki trustpoint TP")
    out = helped(cli, "enrollment ")
    assert "  terminal    Enroll via the terminal (cut-and-paste)" in out
    assert out.endswith("R1(ca-trustpoint)#enrollment ")


def test_question_mark_is_a_character_inside_questions_and_pastes(cli: Cli) -> None:
    cli.lines("configure terminal", "crypto pki trustpoint TP", "enrollment terminal", "exit")
    cli.line("crypto pki authenticate TP")  # the paste of a CA certificate
    assert cli.session.help("MIIB") is None
    cli.line("quit")
    cli.line("end")
    cli.line("reload")  # System configuration has been modified. Save? [yes/no]:
    assert cli.session.help("") is None
    acts = cli.session.help("")
    assert acts is None or all(not isinstance(a, Write) or "Invalid" not in a.text for a in acts)
