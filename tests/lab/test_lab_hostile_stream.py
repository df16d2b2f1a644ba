"""Over SSH, a device whose output never ends streams as the client reads (a bounded buffer in
the lab) and stops when the client goes; the other devices answer meanwhile (issue 13)."""

from __future__ import annotations

import time
from typing import Any

import pytest

from lab.runner import RunningLab
from tests.lab.lab_clients import Shell, wait_for

pytestmark = pytest.mark.xdist_group("lab-hostile-stream")

FLEET = {
    "defaults": {"boot_seconds": 0.1},
    "devices": [
        {"hostname": "ENDLESS", "faults": ["endless-output"]},
        {"hostname": "NORMAL"},
    ],
}


def test_endless_output_streams_and_stops_when_the_client_goes(lab_factory: Any) -> None:
    lab: RunningLab = lab_factory(fleet_data=FLEET)
    shell = Shell(lab.hosts["ENDLESS"].ssh_port)
    shell.read_until(r"ENDLESS>")
    shell.send("terminal length 0\r")
    shell.read_until(r"ENDLESS>")
    shell.send("show running-config\r")
    received = 0
    while received < 3_000_000:  # far more than the configuration: it repeats
        data = shell.chan.recv(1 << 20)
        assert data, "the device closed the session"
        received += len(data)
    other = Shell(lab.hosts["NORMAL"].ssh_port)  # meanwhile, another device answers
    other.read_until(r"NORMAL>")
    other.send("show clock\r")
    other.read_until(r"NORMAL>")
    other.client.close()
    shell.client.close()
    server = lab.server("ENDLESS")
    assert wait_for(lambda: not server.shells, timeout=30)  # the stream ended with the client
    time.sleep(0.2)
    assert not server.shells
