"""Start and stop a whole lab: devices, their SSH and HTTPS ports, and the inventory for pssc.

:func:`start_lab` runs the lab's event loop in a background thread (tests, the demo, benchmarks);
:func:`run_foreground` runs it in the calling thread until SIGINT or SIGTERM (``pssc lab up``).
Both write the Nornir inventory (:mod:`lab.inventory_out`) once every device listens.
"""

from __future__ import annotations

import asyncio
import logging
import resource
import signal
import threading
from collections.abc import Callable, Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO, TypeVar

from lab.device.model.spec import DeviceSpec
from lab.errors import LabError
from lab.fleet import load_fleet, simple_fleet
from lab.hostkeys import known_hosts_line, load_or_create
from lab.inventory_out import InventoryHost, write_inventory
from lab.ports import PortHolder
from lab.protocol import DeviceModel
from lab.server import DeviceServer, TransportFaults
from lab.statelock import StateLock

log = logging.getLogger(__name__)
T = TypeVar("T")
DeviceFactory = Callable[[DeviceSpec, Path], DeviceModel]


@dataclass(frozen=True)
class LabConfig:
    """What ``pssc lab up`` takes; port 0 picks free ports (written into the inventory)."""

    devices: int = 3
    base_port: int = 2200
    https_base_port: int = 8443
    state_dir: Path = Path("lab/state")
    inventory_out: Path = Path("inventory")
    boot_seconds: float = 3.0
    personality: str = "ios15"
    fleet: Path | None = None
    listen: str = "127.0.0.1"
    workers: int = 16  # threads that run the devices' code (key generation must not stall others)

    def specs(self) -> list[DeviceSpec]:
        if self.fleet is not None:
            return load_fleet(self.fleet, boot_seconds=self.boot_seconds)
        if self.devices < 1:
            raise LabError(f"--devices must be at least 1, got {self.devices}")
        return simple_fleet(
            self.devices, personality=self.personality, boot_seconds=self.boot_seconds
        )

    @property
    def client_address(self) -> str:
        """The address clients use: the listen address, or loopback for a wildcard."""
        return "127.0.0.1" if self.listen in ("0.0.0.0", "", "::") else self.listen


@dataclass(frozen=True)
class LabHost:
    name: str
    ssh_port: int
    https_port: int
    device: DeviceModel
    spec: DeviceSpec = field(repr=False)
    server: DeviceServer = field(repr=False)


def _default_factory(spec: DeviceSpec, state_dir: Path) -> DeviceModel:
    from lab.device import Device  # the device model, imported late so tests can use fakes

    device: DeviceModel = Device(spec, state_dir=state_dir)
    return device


def _holder(address: str, base: int, index: int, what: str, name: str) -> PortHolder:
    port = base + index if base else 0
    if port > 65535:
        raise LabError(f"{what} port {port} is past 65535 (lower the base port)", host=name)
    try:
        return PortHolder(address, port)
    except OSError as exc:
        raise LabError(
            f"cannot bind {what} port {address}:{port} ({exc.strerror})", host=name
        ) from None


def _enough_files(devices: int) -> None:
    """Raise the soft limit of open files for a big lab (two ports per device, plus sessions)."""
    needed = 4 * devices + 256
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != resource.RLIM_INFINITY and soft < needed:
        target = needed if hard == resource.RLIM_INFINITY else min(needed, hard)
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
        log.info("open files limit raised from %d to %d", soft, target)


class Lab:
    """The asyncio side of a lab: one :class:`DeviceServer` per device."""

    def __init__(self, cfg: LabConfig, *, device_factory: DeviceFactory | None = None) -> None:
        self.cfg = cfg
        self.hosts: dict[str, LabHost] = {}
        self._factory = device_factory or _default_factory
        self._executor = ThreadPoolExecutor(max_workers=cfg.workers, thread_name_prefix="lab-dev")
        self._holders: list[PortHolder] = []
        self._lock = StateLock(cfg.state_dir)

    async def start(self) -> None:
        specs = self.cfg.specs()
        _enough_files(len(specs))
        self._lock.acquire()  # LabBusy when another lab runs on the state folder
        loop = asyncio.get_running_loop()
        try:
            prepared = await asyncio.gather(
                *(loop.run_in_executor(self._executor, self._prepare, spec) for spec in specs)
            )
        except BaseException:
            self._lock.release()
            raise
        try:
            for i, (spec, device, key) in enumerate(prepared):
                self._add_host(i, spec, device, key)
            await asyncio.gather(*(h.server.start() for h in self.hosts.values()))
        except BaseException:
            await self.stop()
            raise
        self.write_inventory()

    def _prepare(self, spec: DeviceSpec) -> tuple[DeviceSpec, DeviceModel, Any]:
        device = self._factory(spec, self.cfg.state_dir)
        return spec, device, load_or_create(self.cfg.state_dir, spec.name)

    def _add_host(self, index: int, spec: DeviceSpec, device: DeviceModel, key: Any) -> None:
        ssh = _holder(self.cfg.listen, self.cfg.base_port, index, "SSH", spec.name)
        self._holders.append(ssh)
        https = _holder(self.cfg.listen, self.cfg.https_base_port, index, "HTTPS", spec.name)
        self._holders.append(https)
        faults = TransportFaults(spec.faults.auth_fails, spec.faults.latency_ms)
        server = DeviceServer(
            device,
            host_key=key,
            ssh_port=ssh,
            https_port=https,
            executor=self._executor,
            faults=faults,
        )
        self.hosts[spec.name] = LabHost(spec.name, ssh.port, https.port, device, spec, server)

    def write_inventory(self) -> Path:
        address = self.cfg.client_address
        entries = [
            InventoryHost(
                h.spec,
                address,
                h.ssh_port,
                h.https_port,
                known_hosts_line(h.server.host_key, address, h.ssh_port),
            )
            for h in self.hosts.values()
        ]
        return write_inventory(self.cfg.inventory_out, entries)

    async def stop(self) -> None:
        results = await asyncio.gather(
            *(h.server.stop() for h in self.hosts.values()), return_exceptions=True
        )
        for host, result in zip(self.hosts.values(), results, strict=True):
            if isinstance(result, BaseException):
                log.warning("%s: stopping failed: %s", host.name, result)
        for holder in self._holders:
            holder.release()
        self._executor.shutdown(wait=False, cancel_futures=True)
        self._lock.release()

    def ready_line(self) -> str:
        hosts = list(self.hosts.values())
        ssh = sorted(h.ssh_port for h in hosts)
        https = sorted(h.https_port for h in hosts)
        return (
            f"lab ready: {len(hosts)} device(s) on {self.cfg.client_address}, "
            f"SSH ports {_ranges(ssh)}, HTTPS ports {_ranges(https)}, "
            f"inventory {self.cfg.inventory_out}/ (host keys not checked: "
            f"data.host_key_checking false; keys in known_hosts)"
        )


def _ranges(ports: list[int]) -> str:
    """``2200-2202`` for consecutive ports, else a comma list (shortened past 6).

    >>> _ranges([2200, 2201, 2202]), _ranges([5, 9])
    ('2200-2202', '5,9')
    """
    if ports and ports == list(range(ports[0], ports[0] + len(ports))) and len(ports) > 1:
        return f"{ports[0]}-{ports[-1]}"
    text = ",".join(map(str, ports[:6]))
    return text + (",..." if len(ports) > 6 else "")


class RunningLab:
    """A lab running in a background thread (what :func:`start_lab` yields)."""

    def __init__(self, lab: Lab, loop: asyncio.AbstractEventLoop) -> None:
        self._lab = lab
        self.loop = loop
        self.inventory_dir: Path = lab.cfg.inventory_out
        self.hosts: dict[str, LabHost] = lab.hosts
        self.config = lab.cfg

    def device(self, name: str) -> DeviceModel:
        return self.hosts[name].device

    def server(self, name: str) -> DeviceServer:
        return self.hosts[name].server

    def call(self, coro: Coroutine[Any, Any, T], timeout: float | None = 60) -> T:
        """Run a coroutine in the lab's loop and wait for its result."""
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)


@contextmanager
def start_lab(
    cfg: LabConfig, *, device_factory: DeviceFactory | None = None
) -> Iterator[RunningLab]:
    """Run a lab in a background thread for the duration of the ``with`` block."""
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, name="pssc-lab", daemon=True)
    thread.start()
    lab = Lab(cfg, device_factory=device_factory)
    running = RunningLab(lab, loop)
    try:
        running.call(lab.start(), timeout=None)
        yield running
    finally:
        try:
            running.call(lab.stop(), timeout=120)
        finally:
            loop.call_soon_threadsafe(loop.stop)
            thread.join(timeout=30)
            loop.close()


def run_foreground(
    cfg: LabConfig, *, out: TextIO, device_factory: DeviceFactory | None = None
) -> int:
    """``pssc lab up``: run until SIGINT/SIGTERM, then stop cleanly. Returns the exit code."""
    return asyncio.run(_foreground(cfg, out, device_factory))


async def _foreground(cfg: LabConfig, out: TextIO, factory: DeviceFactory | None) -> int:
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    lab = Lab(cfg, device_factory=factory)
    if cfg.listen != "127.0.0.1":
        print(f"lab: listening on {cfg.listen}, not only on loopback", file=out, flush=True)
    await lab.start()
    print(lab.ready_line(), file=out, flush=True)
    try:
        await stop.wait()
    finally:
        print("lab: stopping", file=out, flush=True)
        await lab.stop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(sig)
    print("lab: stopped", file=out, flush=True)
    return 0
