"""Issue 13 finding 5: a remote Dask scheduler must be tls:// with certificates (given, or in
Dask's config), else one line before anything is contacted, unless --dask-insecure."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import dask
import pytest

from pssc.cli import main
from pssc.dask import DaskRunner
from pssc.dask.security import check_scheduler
from pssc.errors import DaskRunnerError


@pytest.mark.parametrize("address", ["tcp://10.0.0.5:8786", "10.0.0.5:8786", "ws://h:1"])
def test_a_scheduler_in_clear_is_refused_unless_insecure(address: str) -> None:
    with pytest.raises(DaskRunnerError, match=r"is not encrypted .*--dask-insecure on purpose"):
        check_scheduler(address)
    with pytest.raises(DaskRunnerError, match="is not encrypted"):
        DaskRunner(scheduler=address)  # a runbook's own runner: at once, not at the first run
    check_scheduler(address, insecure=True)


def test_tls_needs_certificates(tmp_path: Path) -> None:
    with pytest.raises(DaskRunnerError, match="no TLS certificates"):
        check_scheduler("tls://10.0.0.5:8786")
    with pytest.raises(DaskRunnerError, match=r"--dask-tls-ca .*ca.pem: no such file"):
        check_scheduler("tls://10.0.0.5:8786", tls_ca=tmp_path / "ca.pem")
    for name in ("ca.pem", "cert.pem"):
        (tmp_path / name).write_text("x")
    with pytest.raises(DaskRunnerError, match="are both needed"):
        check_scheduler("tls://h:1", tls_ca=tmp_path / "ca.pem")
    check_scheduler("tls://h:1", tls_ca=tmp_path / "ca.pem", tls_cert=tmp_path / "cert.pem")
    config = {"distributed.comm.tls.ca-file": "ca", "distributed.comm.tls.client.cert": "c"}
    with dask.config.set(config):
        check_scheduler("tls://10.0.0.5:8786")  # Dask's own configuration names them


def test_tls_files_are_for_a_scheduler(tmp_path: Path) -> None:
    (tmp_path / "ca.pem").write_text("x")
    with pytest.raises(DaskRunnerError, match="not a local one"):
        check_scheduler(None, tls_ca=tmp_path / "ca.pem")


@pytest.fixture
def listener() -> Iterator[socket.socket]:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(8)
    sock.setblocking(False)
    yield sock
    sock.close()


def test_the_cli_stops_with_one_line_before_any_device(
    tmp_path: Path, listener: socket.socket, capsys: pytest.CaptureFixture[str]
) -> None:
    port = listener.getsockname()[1]
    (tmp_path / "hosts.yaml").write_text(
        f"R1:\n  hostname: 127.0.0.1\n  port: {port}\n  username: u\n  password: p\n"
        "  platform: cisco_ios\n"
    )
    code = main(["audit", "-i", str(tmp_path), "--no-pins",
                 "--dask-scheduler", f"tcp://127.0.0.1:{port}"])  # fmt: skip
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1
    assert err.startswith(f"pssc audit: Dask scheduler tcp://127.0.0.1:{port} is not encrypted")
    with pytest.raises(BlockingIOError):  # neither the scheduler nor the device was contacted
        listener.accept()
