"""The progress processor counts finished and failed hosts; credentials come from env or prompt."""

from __future__ import annotations

import io
from pathlib import Path

from nornir.core.task import Result, Task

from pssc.credentials import Credentials, ask, from_env
from pssc.inventory import load_nornir
from pssc.output import progress_bar


def _work(task: Task) -> Result:
    if task.host.name == "R2":
        raise RuntimeError("boom")
    return Result(host=task.host, result="ok")


def test_progress_counts_every_host_once_and_the_failed_ones(tmp_path: Path) -> None:
    hosts = "".join(
        f"R{n}: {{hostname: 127.0.0.1, port: {2200 + n}, username: u, password: p}}\n"
        for n in (1, 2, 3)
    )
    (tmp_path / "hosts.yaml").write_text(hosts)
    nr = load_nornir(tmp_path, workers=3)
    stream = io.StringIO()
    with progress_bar(3, "work", enabled=True, stream=stream) as bar:
        nr.with_processors([bar]).run(task=_work)
    assert (bar.done, bar.failed) == (3, 1)
    assert bar.progress is not None and bar.progress.tasks[0].completed == 3


def test_progress_is_silent_without_a_terminal() -> None:
    stream = io.StringIO()
    with progress_bar(2, "work", stream=stream) as bar:
        assert bar.progress is None
    assert stream.getvalue() == ""


def test_ask_fills_only_what_the_environment_did_not_give() -> None:
    asked: list[str] = []

    def prompt(text: str) -> str:
        asked.append(text)
        return "typed-secret"

    creds = ask(from_env({"PSSC_USERNAME": "ops"}), prompt=prompt, read_line=lambda _: "nobody")
    assert creds.username == "ops"  # from the environment, not asked
    assert creds.password == "typed-secret" and creds.secret == "typed-secret"
    assert asked == ["Password: ", "Enable secret (empty: same as password): "]
    assert "typed-secret" not in repr(creds)


def test_empty_secret_answer_means_the_password() -> None:
    answers = iter(["pw", ""])
    creds = ask(Credentials(username="u"), prompt=lambda _: next(answers))
    assert (creds.password, creds.secret) == ("pw", "pw")
