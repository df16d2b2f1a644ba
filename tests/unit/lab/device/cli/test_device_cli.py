"""The session: modes, prompts, enable, errors with carets, abbreviations, filters, pager."""

from __future__ import annotations

import pytest

from lab.device import Device
from tests.unit.lab.device_helpers import Cli, MakeDevice


def test_login_prompt_enable_and_disable(dev: Device) -> None:
    c = Cli(dev)
    assert c.banner == "\nR1>"
    assert c.line("enable") == "\nPassword: "
    assert c.session.echo is False
    assert c.line("cisco") == "\nR1#"
    assert c.session.echo is True
    assert c.line("show privilege") == "\nCurrent privilege level is 15\nR1#"
    assert c.line("disable") == "\nR1>"
    assert c.line("show privilege") == "\nCurrent privilege level is 1\nR1>"


def test_three_wrong_secrets_give_bad_secrets(dev: Device) -> None:
    c = Cli(dev)
    c.line("enable")
    assert c.line("nope") == "\nPassword: "
    assert c.line("") == "\nPassword: "
    assert c.line("wrong") == "\n% Bad secrets\n\nR1>"
    assert c.session.echo is True


def test_config_modes_and_exit_levels(cli: Cli) -> None:
    assert cli.line("configure terminal").endswith("R1(config)#")
    assert cli.line("crypto pki trustpoint TP").endswith("R1(ca-trustpoint)#")
    assert cli.line("exit") == "\nR1(config)#"
    assert cli.line("interface GigabitEthernet0/0") == "\nR1(config-if)#"
    assert cli.line("end") == "\nR1#"
    cli.line("conf t")
    cli.line("int gi0/1")
    assert cli.key("\x1a") == "^Z\nR1#"
    assert cli.line("exit") == "\n"
    assert cli.disconnected


def test_subcommand_unknown_in_submode_runs_in_global_config(cli: Cli) -> None:
    cli.lines("conf t", "crypto pki trustpoint TP")
    assert cli.line("ip http server") == "\nR1(config)#"
    assert cli.dev.state.config.http_server


def test_long_hostname_is_truncated_in_config_prompts(make_device: MakeDevice) -> None:
    dev = make_device("ROUTER-WITH-A-VERY-LONG-NAME")
    c = Cli(dev).enable()
    assert c.line("show privilege").endswith("ROUTER-WITH-A-VERY-LONG-NAME#")
    assert c.line("conf t").endswith("\nROUTER-WITH-A-VERY-L(config)#")


@pytest.mark.parametrize(
    ("line", "caret_col"),
    [
        ("show crpto", 10),  # under the p: "cr" still matches crypto
        ("sh run x", 10),
        ("xyz", 3),
        ("show running-config | frobnicate", 25),
    ],
)
def test_invalid_input_caret(cli: Cli, line: str, caret_col: int) -> None:
    out = cli.line(line)
    caret, message = out.splitlines()[1:3]
    assert caret == " " * caret_col + "^"
    assert message == "% Invalid input detected at '^' marker."
    assert out.endswith("\n\nR1#")


def test_caret_counts_the_prompt_in_config_mode(cli: Cli) -> None:
    cli.line("conf t")
    out = cli.line("crypto pki trustpoint")
    assert "% Incomplete command." in out
    out = cli.line("crypto pky")
    assert out.splitlines()[1] == " " * len("R1(config)#crypto pk") + "^"


def test_incomplete_and_ambiguous(cli: Cli) -> None:
    assert cli.line("show") == "\n% Incomplete command.\n\nR1#"
    assert cli.line("sh c") == '\n% Ambiguous command:  "sh c"\nR1#'
    assert cli.line("co") == '\n% Ambiguous command:  "co"\nR1#'
    assert cli.line("sh c run") == '\n% Ambiguous command:  "sh c run"\nR1#'


@pytest.mark.parametrize(
    "line", ["sh ver", "show version", "SHOW VER", "sho  vers", "term len 0", "terminal width 511"]
)
def test_abbreviations_are_accepted(cli: Cli, line: str) -> None:
    assert "%" not in cli.line(line)


def test_do_in_config_mode_and_its_errors(cli: Cli) -> None:
    cli.lines("conf t", "crypto pki trustpoint TP")
    assert "Current privilege level is 15" in cli.line("do show privilege")
    out = cli.line("do show crpto")
    assert out.splitlines()[1] == " " * len("R1(ca-trustpoint)#do show cr") + "^"
    assert cli.session.mode == "tp"


def test_filters(cli: Cli) -> None:
    out = cli.line("show running-config | include ^hostname|^interface")
    assert out == "\nhostname R1\ninterface GigabitEthernet0/0\ninterface GigabitEthernet0/1\nR1#"
    out = cli.line("show run | section interface GigabitEthernet0/1")
    assert out == "\ninterface GigabitEthernet0/1\n no ip address\n shutdown\nR1#"
    out = cli.line("show run | begin ^line")
    assert out.startswith("\nline con 0\n") and out.endswith("end\nR1#")
    assert cli.line("show run | exclude .").strip() == "R1#" or "!" not in cli.line(
        "show run | exclude !"
    )
    assert cli.line("show run | count ^interface") == (
        "\nNumber of lines which match regexp = 2\nR1#"
    )
    assert "% Incomplete command." in cli.line("show run |")
    assert "% Invalid input" in cli.line("configure terminal | include x")


def test_pager_space_enter_and_q(cli: Cli) -> None:
    cli.line("terminal length 5")
    out = cli.line("show running-config")
    assert out.endswith(" --More-- ")
    assert out.count("\n") == 5  # the line end of the command, then four lines
    assert cli.session.input_mode == "key"
    page = cli.key(" ")
    assert page.startswith("\b" * 10) and page.endswith(" --More-- ")
    assert page.count("\n") == 4
    one = cli.key("\r")
    assert one.count("\n") == 1
    assert cli.key("q").endswith("R1#")
    assert cli.session.input_mode == "line"
    cli.line("terminal length 0")
    assert "--More--" not in cli.line("show running-config")


def test_pager_runs_to_the_end_with_spaces(cli: Cli) -> None:
    cli.line("terminal length 24")
    full = cli.line("show running-config")
    while cli.session.input_mode == "key":
        full += cli.key(" ")
    assert full.rstrip().endswith("end\nR1#") or full.endswith("R1#")
    assert "Current configuration" in full


def test_show_users_lists_every_session(dev: Device) -> None:
    a, b = Cli(dev).enable(), Cli(dev, user="ops", peer="127.0.0.9").enable()
    out = a.line("show users")
    assert "*  2 vty 0     admin" in out
    assert "   3 vty 1     ops" in out and "127.0.0.9" in out
    b.session.close()
    assert "ops" not in a.line("show users")


def test_terminal_monitor_and_width(cli: Cli) -> None:
    assert cli.line("terminal monitor") == "\nR1#"
    assert cli.session.monitor
    assert cli.line("terminal no monitor") == "\nR1#"
    assert not cli.session.monitor
    cli.line("terminal width 132")
    assert "Width: 132 columns" in cli.line("show terminal")


def test_sessions_in_threads_are_serialised(dev: Device) -> None:
    """feed_line may run in worker threads: the device serialises its own state."""
    import threading

    errors: list[BaseException] = []

    def work(n: int) -> None:
        try:
            c = Cli(dev).enable()
            for i in range(40):
                c.config(f"crypto pki trustpoint T{n}-{i}", "enrollment selfsigned")
                out = c.line("show running-config | include ^crypto pki trustpoint")
                assert out.endswith("R1#") and f"crypto pki trustpoint T{n}-{i}\n" in out
            c.session.close()
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(dev.state.config.trustpoints) == 160


def test_terminal_monitor_shows_config_i(cli: Cli) -> None:
    assert "%SYS-5-CONFIG_I" not in cli.config("hostname R9")
    cli.line("terminal monitor")
    out = cli.config("no hostname")
    assert out.endswith(": %SYS-5-CONFIG_I: Configured from console by admin on vty0 (127.0.0.1)\n")
    assert "\nRouter#" in out
    cli.line("conf t")
    assert cli.key("\x1a").startswith("^Z\nRouter#")


def test_interfaces_known_and_unknown(cli: Cli) -> None:
    cli.line("conf t")
    out = cli.line("interface Serial0/0")
    assert out.splitlines()[1] == " " * len("R1(config)#interface ") + "^"
    assert cli.line("interface Loopback0") == "\nR1(config-if)#"
    cli.lines("ip address 192.0.2.1 255.255.255.255", "end")
    assert "interface Loopback0\n ip address 192.0.2.1 255.255.255.255\n" in cli.line(
        "show running-config"
    )
