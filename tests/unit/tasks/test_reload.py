"""``tasks.reload``: the reload dialog against a fake connection (prompts answered by pattern,
never guessed, the end is the dropped session), the uptime check and the wait with backoff."""

from __future__ import annotations

import itertools

import pytest

from tasks.errors import CommandRejected, ReloadNotObserved, ReloadTimeout, UnexpectedPrompt
from tasks.reload import (
    DialogOutcome,
    backoff_delays,
    check_uptime,
    run_reload_dialog,
    wait_until,
)
from tests.unit.tasks.tasks_fakes import CONFIRM_VARIANTS, SAVE_VARIANTS, FakeClock, FakeConn, Step

RELOAD_LOG = (
    "\r\n*Nov 28 03:40:00.123: %SYS-5-RELOAD: Reload requested by admin on vty0 (127.0.0.1)."
    " Reload Reason: Reload Command.\r\n"
)


def dialog(conn: FakeConn, timeout: float = 60.0) -> DialogOutcome:
    clock = FakeClock()
    return run_reload_dialog(conn, "R1", timeout=timeout, clock=clock, sleep=clock.sleep)


def test_saved_device_only_confirms() -> None:
    conn = FakeConn(
        [Step("reload", "Proceed with reload? [confirm]"), Step("", RELOAD_LOG, drop=True)]
    )
    outcome = dialog(conn)
    assert outcome.answers == (("Proceed with reload? [confirm]", "<Enter>"),)
    assert outcome.declined_save is False
    assert conn.sent == ["reload\n", "\n"]


@pytest.mark.parametrize("save", SAVE_VARIANTS)
@pytest.mark.parametrize("confirm", CONFIRM_VARIANTS)
def test_save_is_answered_no(save: str, confirm: str) -> None:
    stack = "Reload command is being issued on Active unit, this will reload the whole stack\r\n"
    conn = FakeConn(
        [
            Step("reload", "\r\n" + save),
            Step("no", stack + confirm),
            Step("", "\r\nChassis 1 reloading, reason - Reload command\r\n", drop=True),
        ]
    )
    outcome = dialog(conn)
    assert outcome.declined_save is True
    assert [answer for _, answer in outcome.answers] == ["no", "<Enter>"]
    assert "yes\n" not in conn.sent and "y\n" not in conn.sent


def test_prompts_split_over_many_reads() -> None:
    conn = FakeConn(
        [
            Step("reload", SAVE_VARIANTS[0]),
            Step("no", CONFIRM_VARIANTS[0]),
            Step("", RELOAD_LOG, drop=True),
        ],
        chunk=3,
    )
    assert dialog(conn).declined_save is True
    assert conn.sent == ["reload\n", "no\n", "\n"]


def test_unknown_prompt_is_not_guessed() -> None:
    question = "Do you want to erase the flash before reload? [yes/no]: "
    conn = FakeConn([Step("reload", question), Step("\x03", "\r\nR1#")])
    with pytest.raises(UnexpectedPrompt) as exc:
        dialog(conn)
    assert "erase the flash" in str(exc.value)
    assert conn.sent == ["reload\n", "\x03"]  # Ctrl-C, even to a yes/no question


def test_invalid_input_is_rejected() -> None:
    text = "      ^\r\n% Invalid input detected at '^' marker.\r\n\r\nR1>"
    conn = FakeConn([Step("reload", text)])
    with pytest.raises(CommandRejected, match="Invalid input"):
        dialog(conn)


def test_back_at_the_prompt_means_no_reload() -> None:
    conn = FakeConn([Step("reload", "R1#")])
    with pytest.raises(CommandRejected, match="prompt came back"):
        dialog(conn)


def test_device_that_never_drops_times_out() -> None:
    conn = FakeConn([Step("reload", "Proceed with reload? [confirm]"), Step("", RELOAD_LOG)])
    with pytest.raises(ReloadTimeout, match="did not go down within 30 s"):
        dialog(conn, timeout=30.0)
    assert conn.sent == ["reload\n", "\n"]  # nothing typed after the confirmation


def test_drop_before_confirm_is_not_a_reload() -> None:
    conn = FakeConn([Step("reload", "", drop=True)])
    with pytest.raises(CommandRejected, match="dropped before"):
        dialog(conn)


def test_drop_with_the_reload_log_is_a_reload_even_unconfirmed() -> None:
    """Some platforms go down at once; the log line says the reload is under way."""
    conn = FakeConn([Step("reload", RELOAD_LOG, drop=True)])
    assert dialog(conn).answers == ()


@pytest.mark.parametrize(
    ("before", "after", "elapsed"),
    [
        (300.0, 0.0, 5.0),  # smaller: rebooted
        (120.0, 120.0, 200.0),  # would have grown by 3 minutes: rebooted
        (0.0, 0.0, 5.0),  # minute resolution, equal readings: the drop is the evidence
        (None, 60.0, 5.0),  # unknown before
    ],
)
def test_uptime_consistent_with_a_reboot(
    before: float | None, after: float, elapsed: float
) -> None:
    check_uptime("R1", before, after, elapsed)


@pytest.mark.parametrize(("before", "after", "elapsed"), [(300.0, 360.0, 70.0), (0.0, 60.0, 5.0)])
def test_uptime_that_grew_means_no_reboot(before: float, after: float, elapsed: float) -> None:
    with pytest.raises(ReloadNotObserved, match="did not reboot"):
        check_uptime("R1", before, after, elapsed)


def test_wait_until_backs_off_until_it_works() -> None:
    clock = FakeClock()
    calls: list[float] = []

    def attempt() -> str:
        calls.append(clock.now)
        if len(calls) < 4:
            raise ConnectionRefusedError("refused")
        return "session"

    value, attempts = wait_until(
        attempt, deadline=clock.now + 60, what="SSH", host="R1", clock=clock, sleep=clock.sleep
    )
    assert (value, attempts) == ("session", 4)
    gaps = [b - a for a, b in itertools.pairwise(calls)]
    assert gaps == [0.25, 0.5, 1.0]


def test_wait_until_stops_at_the_deadline_with_the_last_error() -> None:
    clock = FakeClock()
    deadline = clock.now + 10

    def attempt() -> None:
        raise ConnectionRefusedError("port 22 refused")

    with pytest.raises(ReloadTimeout, match="port 22 refused"):
        wait_until(
            attempt, deadline=deadline, what="SSH", host="R1", clock=clock, sleep=clock.sleep
        )
    assert clock.now == deadline


def test_wait_until_does_not_swallow_bugs() -> None:
    clock = FakeClock()

    def attempt() -> None:
        raise KeyError("bug")

    with pytest.raises(KeyError):
        wait_until(
            attempt, deadline=clock.now + 10, what="SSH", host="R1", clock=clock, sleep=clock.sleep
        )


def test_backoff_is_capped() -> None:
    delays = backoff_delays(1.0, 2.0, 5.0)
    assert [next(delays) for _ in range(5)] == [1.0, 2.0, 4.0, 5.0, 5.0]
