"""Shared fixtures: a running lab for lab and end-to-end tests.

``lab_factory`` (module scope) starts labs with :func:`lab.runner.start_lab` on free ports in a
temporary folder and stops them when the module's tests are done::

    def test_something(lab_factory):
        lab = lab_factory(devices=2)                          # R1, R2 in the factory state
        lab = lab_factory(fleet=Path("lab/fleets/demo.yaml"))  # or any fleet file
        lab = lab_factory(fleet_data={"devices": [{"hostname": "R1", "preset": "healthy"}]})
        lab.inventory_dir   # hosts.yaml, groups.yaml, defaults.yaml, known_hosts
        lab.hosts["R1"].ssh_port, lab.hosts["R1"].https_port, lab.device("R1")

Signature: ``lab_factory(devices=2, *, fleet=None, fleet_data=None, personality="ios15",
boot_seconds=0.3, state_dir=None, device_factory=None) -> lab.runner.RunningLab``.
``fleet_data`` is a fleet document (a dict, see ``lab/fleet.py``) written to a temporary file;
``state_dir`` reuses a state folder (a lab restarted on it comes back as after a reload).
Keep labs small (a few devices) and build them once per module: the suite runs on two cores.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest
import yaml

from lab.runner import DeviceFactory, LabConfig, RunningLab, start_lab
from tests import hypothesis_profiles

hypothesis_profiles.register()


def pytest_configure(config: pytest.Config) -> None:
    """Runs that pass no ``--pins`` write to a throw-away pin store, never to the user's
    (``~/.local/state/pssc``; read by ``pssc.pins`` at import, before any test module imports
    it)."""
    import os
    import tempfile

    os.environ.setdefault(
        "PSSC_PINS", str(Path(tempfile.mkdtemp(prefix="pssc-pins-")) / "pins.sqlite")
    )


LabFactory = Callable[..., RunningLab]


@pytest.fixture(scope="module")
def lab_factory(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LabFactory]:
    with ExitStack() as stack:

        def make(
            devices: int = 2,
            *,
            fleet: Path | None = None,
            fleet_data: dict[str, Any] | None = None,
            personality: str = "ios15",
            boot_seconds: float = 0.3,
            state_dir: Path | None = None,
            device_factory: DeviceFactory | None = None,
        ) -> RunningLab:
            folder = tmp_path_factory.mktemp("lab")
            if fleet_data is not None:
                fleet = folder / "fleet.yaml"
                fleet.write_text(yaml.safe_dump(fleet_data), encoding="utf-8")
            cfg = LabConfig(
                devices=devices,
                base_port=0,
                https_base_port=0,
                state_dir=state_dir or folder / "state",
                inventory_out=folder / "inventory",
                boot_seconds=boot_seconds,
                personality=personality,
                fleet=fleet,
            )
            return stack.enter_context(start_lab(cfg, device_factory=device_factory))

        yield make


@pytest.fixture(autouse=True)
def _no_stop_left_by_another_test() -> None:
    """``pssc.fleet.pool.STOP`` (the first Ctrl-C) is one flag per process: a test that leaves it
    set would make every later run in the same worker start no host."""
    pool = sys.modules.get("pssc.fleet.pool")
    if pool is not None:
        pool.STOP.clear()


@pytest.fixture(autouse=True)
def _no_inherited_terminal_width(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tables follow ``COLUMNS``; a test gets none unless it sets it (a terminal or a library may
    have left one in the environment, which made table tests depend on where they ran)."""
    monkeypatch.delenv("COLUMNS", raising=False)


# --- under CI, a skipped test fails the run --------------------------------------------------
# A test that skips cannot fail, so in CI (CI=true) every skip is an error unless it is listed
# here with its reason. Keep this list short.
SKIPS_ALLOWED = {
    "tests/reliability/test_bad_input.py::test_an_unreadable_inventory_folder_is_one_line": (
        "root reads every folder: the case cannot be played as root (CI runs as root)"
    ),
}


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.skipped and _in_ci() and report.nodeid.split("[")[0] not in SKIPS_ALLOWED:
        _UNEXPECTED_SKIPS.append(report.nodeid)


_UNEXPECTED_SKIPS: list[str] = []


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if _UNEXPECTED_SKIPS and not hasattr(session.config, "workerinput"):
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        if reporter is not None:
            reporter.ensure_newline()
            reporter.write_line(
                f"CI=true: {len(_UNEXPECTED_SKIPS)} test(s) skipped without an allowance in "
                "tests/conftest.py SKIPS_ALLOWED: " + ", ".join(sorted(_UNEXPECTED_SKIPS)[:20]),
                red=True,
            )
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


# --- `--dist loadgroup` must really group -----------------------------------------------------
# Labs are built once per module and some tests share state through an xdist group; when a
# pytest/xdist pairing stops honouring the groups (pytest 9.2 + xdist 3.8 did, silently), say so
# instead of letting the suite run split and slow.
@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if not (hasattr(config, "workerinput") and config.getvalue("loadgroup")):
        return
    grouped = [item for item in items if item.get_closest_marker("xdist_group")]
    if grouped and "@" not in grouped[0].nodeid:
        raise pytest.UsageError(
            "--dist loadgroup is not honoured by this pytest/pytest-xdist pair "
            f"({grouped[0].nodeid} has no @group suffix): see the pytest pin in pyproject.toml"
        )
