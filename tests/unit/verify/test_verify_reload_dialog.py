"""The reload dialog against a fake connection: prompts answered by pattern, never guessed."""

from __future__ import annotations

import itertools

import pytest

from tasks.errors import CommandRejected, ReloadTimeout, UnexpectedPrompt
from tasks.reload import (
    RELOAD_PROMPTS,
    ReloadNotObserved,
    backoff_delays,
    check_uptime,
    parse_uptime,
    run_reload_dialog,
    wait_until,
)

RELOAD_LOG = (
    "\r\n*Nov 28 03:40:00.123: %SYS-5-RELOAD: Reload requested by admin on vty0 (127.0.0.1)."
    " Reload Reason: Reload Command.\r\n"
)
DROP = object()


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds


class FakeChannel:
    closed = False
    eof_received = False
    transport = None


class FakeConn:
    """Replies to each write from a script; output arrives ``chunk`` characters per read."""

    def __init__(self, script: list[tuple[str, str, bool]], chunk: int = 1000) -> None:
        self.script = list(script)
        self.remote_conn = FakeChannel()
        self.written: list[str] = []
        self.outbox = ""
        self.drop_when_read = False
        self.chunk = chunk

    def write_channel(self, data: str) -> None:
        self.written.append(data)
        if not self.script:
            return
        expected, output, drop = self.script.pop(0)
        assert data == expected, f"sent {data!r}, the script expected {expected!r}"
        self.outbox += output
        self.drop_when_read = drop

    def read_channel(self) -> str:
        out, self.outbox = self.outbox[: self.chunk], self.outbox[self.chunk :]
        if not self.outbox and self.drop_when_read:
            self.remote_conn.closed = True
        return out


def dialog(conn: FakeConn, timeout: float = 60.0) -> object:
    clock = FakeClock()
    return run_reload_dialog(conn, "R1", timeout=timeout, clock=clock, sleep=clock.sleep)


def test_saved_device_only_confirms() -> None:
    conn = FakeConn(
        [
            ("reload\n", "reload\r\nProceed with reload? [confirm]", False),
            ("\n", RELOAD_LOG, True),
        ]
    )
    outcome = dialog(conn)
    assert outcome.answers == (("Proceed with reload? [confirm]", "<Enter>"),)
    assert outcome.declined_save is False
    assert conn.written == ["reload\n", "\n"]


SAVE_VARIANTS = [
    "System configuration has been modified. Save? [yes/no]: ",
    "System configuration has been modified. Save? [yes/no]:",
    "System config has been modified. Save? [yes/no]: ",
]
CONFIRM_VARIANTS = [
    "Proceed with reload? [confirm]",
    "Proceed with reload?[confirm]:",
    "Proceed with quick reload? [confirm]",
    "Proceed with reload fast? [confirm]",
    "Do you wish to proceed with reload anyway[confirm]",
    "Reload the entire shelf [confirm]",
    "Proceed with reload command (cold)? [confirm]",
]


@pytest.mark.parametrize("save", SAVE_VARIANTS)
@pytest.mark.parametrize("confirm", CONFIRM_VARIANTS)
def test_save_is_answered_no(save: str, confirm: str) -> None:
    stack = "Reload command is being issued on Active unit, this will reload the whole stack\r\n"
    conn = FakeConn(
        [
            ("reload\n", "reload\r\n\r\n" + save, False),
            ("no\n", "no\r\n" + stack + confirm, False),
            ("\n", "\r\nChassis 1 reloading, reason - Reload command\r\n", True),
        ]
    )
    outcome = dialog(conn)
    assert outcome.declined_save is True
    assert [answer for _, answer in outcome.answers] == ["no", "<Enter>"]
    assert "yes\n" not in conn.written and "y\n" not in conn.written


def test_prompts_split_over_many_reads() -> None:
    conn = FakeConn(
        [
            ("reload\n", "reload\r\n" + SAVE_VARIANTS[0], False),
            ("no\n", "no\r\n" + CONFIRM_VARIANTS[0], False),
            ("\n", RELOAD_LOG, True),
        ],
        chunk=3,
    )
    assert dialog(conn).declined_save is True
    assert conn.written == ["reload\n", "no\n", "\n"]


def test_unknown_prompt_is_not_guessed() -> None:
    question = "Do you want to erase the flash before reload? [yes/no]: "
    conn = FakeConn([("reload\n", "reload\r\n" + question, False)])
    with pytest.raises(UnexpectedPrompt) as exc:
        dialog(conn)
    assert "erase the flash" in str(exc.value)
    assert conn.written == ["reload\n", "\x03"]


def test_invalid_input_is_rejected() -> None:
    text = "reload\r\n      ^\r\n% Invalid input detected at '^' marker.\r\n\r\nR1>"
    conn = FakeConn([("reload\n", text, False)])
    with pytest.raises(CommandRejected, match="Invalid input"):
        dialog(conn)


def test_back_at_the_prompt_means_no_reload() -> None:
    conn = FakeConn([("reload\n", "reload\r\nR1#", False)])
    with pytest.raises(CommandRejected, match="without reloading"):
        dialog(conn)


def test_device_that_never_drops_times_out() -> None:
    conn = FakeConn(
        [("reload\n", "reload\r\nProceed with reload? [confirm]", False), ("\n", RELOAD_LOG, False)]
    )
    with pytest.raises(ReloadTimeout):
        dialog(conn, timeout=30.0)


def test_drop_before_confirm_is_not_a_reload() -> None:
    conn = FakeConn([("reload\n", "reload\r\n", True)])
    with pytest.raises(CommandRejected, match="dropped before"):
        dialog(conn)


def test_prompt_table_covers_prompt_variants_section_6() -> None:
    names = {
        rule.name
        for rule in RELOAD_PROMPTS
        for text in SAVE_VARIANTS + CONFIRM_VARIANTS
        if rule.pattern.search(text)
    }
    assert names == {"save", "confirm"}
    for text in SAVE_VARIANTS + CONFIRM_VARIANTS:
        assert sum(bool(rule.pattern.search(text)) for rule in RELOAD_PROMPTS) == 1, text


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("R1 uptime is 2 minutes", 120.0),
        ("R1 uptime is 1 year, 3 weeks, 1 day, 1 hour, 1 minute", 33_440_460.0),
        ("Router uptime is 5 seconds\r\n", 5.0),
        ("Router uptime is 0 minutes", 0.0),
        ("no uptime line here", None),
    ],
)
def test_parse_uptime(text: str, seconds: float | None) -> None:
    assert parse_uptime(text) == seconds


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
