"""The SSH side of one emulated device (asyncssh), its HTTPS endpoint, and its reloads.

:class:`DeviceServer` boots its device, listens for SSH with password authentication, hands each
PTY shell to :class:`lab.shell.DeviceShell`, and plays a reload: every session dropped, HTTPS
stopped, the SSH port refusing connections for ``device.boot_seconds`` (forever when ``None``),
then ``device.boot()`` and both ports open again. The ``auth_fails`` and ``latency_ms`` faults are
played here; the device plays all the others.
"""

from __future__ import annotations

import asyncio
import logging
import time
from concurrent.futures import Executor
from dataclasses import dataclass

import asyncssh

from lab.errors import LabError
from lab.https import HttpsEndpoint
from lab.ports import PortHolder, stop_accepting
from lab.protocol import DeviceModel
from lab.shell import DeviceShell

log = logging.getLogger(__name__)

SERVER_VERSION = "Cisco-1.25"  # what IOS announces: SSH-2.0-Cisco-1.25


@dataclass(frozen=True)
class TransportFaults:
    """The faults that the transport plays rather than the device."""

    auth_fails: bool = False
    latency_ms: float = 0.0


class _SSHServer(asyncssh.SSHServer):
    """One SSH connection to the device: password authentication, then shells."""

    def __init__(self, owner: DeviceServer) -> None:
        self._owner = owner
        self._conn: asyncssh.SSHServerConnection | None = None
        self._username = ""

    def connection_made(self, conn: asyncssh.SSHServerConnection) -> None:
        self._conn = conn
        self._owner.connections.add(conn)

    def connection_lost(self, exc: Exception | None) -> None:
        if self._conn is not None:
            self._owner.connections.discard(self._conn)

    def begin_auth(self, username: str) -> bool:
        self._username = username
        self._owner.login_times.append(time.time())
        return True

    def password_auth_supported(self) -> bool:
        return True

    def validate_password(self, username: str, password: str) -> bool:
        if self._owner.faults.auth_fails:
            log.info("%s: login of %r refused (auth-fails fault)", self._owner.name, username)
            return False
        ok = self._owner.device.check_login(username, password)
        log.debug("%s: login of %r %s", self._owner.name, username, "ok" if ok else "refused")
        return ok

    def session_requested(self) -> DeviceShell | bool:
        if not self._owner.device.up:
            return False
        peer = self._conn.get_extra_info("peername") if self._conn is not None else None
        peer_text = str(peer[0]) if isinstance(peer, tuple) else "?"
        return DeviceShell(self._owner, self._username, peer_text)


class DeviceServer:
    """SSH + HTTPS for one device, on ports that it keeps while it is down."""

    def __init__(
        self,
        device: DeviceModel,
        *,
        host_key: asyncssh.SSHKey,
        ssh_port: PortHolder,
        https_port: PortHolder,
        executor: Executor,
        faults: TransportFaults | None = None,
    ) -> None:
        self.device = device
        self.name = device.name
        self.host_key = host_key
        self.executor = executor
        self.faults = faults or TransportFaults()
        self.connections: set[asyncssh.SSHServerConnection] = set()
        self.shells: set[asyncio.Task[None]] = set()
        self._ssh_port = ssh_port
        self._https = HttpsEndpoint(device.name, https_port)
        self._acceptor: asyncssh.SSHAcceptor | None = None
        self._reload: asyncio.Task[None] | None = None
        self.reloads = 0  # completed reloads, for tests and the bench
        self.login_times: list[float] = []  # time.time() of each SSH login begun (tests, bench)

    @property
    def ssh_port(self) -> int:
        return self._ssh_port.port

    @property
    def https_port(self) -> int:
        return self._https.port

    @property
    def latency(self) -> float:
        return self.faults.latency_ms / 1000.0

    @property
    def listening(self) -> bool:
        return self._acceptor is not None

    @property
    def reloading(self) -> bool:
        return self._reload is not None and not self._reload.done()

    async def start(self) -> None:
        """Boot the device (from NVRAM) and open its ports."""
        try:
            await self._boot()
        except LabError:
            raise
        except Exception as exc:
            raise LabError(f"the device does not boot: {exc}", host=self.name) from exc

    async def stop(self) -> None:
        if self._reload is not None:
            self._reload.cancel()
            await asyncio.gather(self._reload, return_exceptions=True)
        await self._go_down()
        await asyncio.get_running_loop().run_in_executor(self.executor, self.device.shutdown)
        self._ssh_port.release()
        await self._https.close()

    # reload -----------------------------------------------------------------------------------
    def request_reload(self) -> None:
        """The device asked to reload (``ReloadDevice``): carried out in the background."""
        if self.reloading:
            return
        self._reload = asyncio.get_running_loop().create_task(self._reload_device())

    async def _reload_device(self) -> None:
        log.info("%s: reloading", self.name)
        await self._go_down()
        boot_seconds = self.device.boot_seconds
        if boot_seconds is None:
            log.info("%s: reload hangs: the device stays down", self.name)
            return
        await asyncio.sleep(boot_seconds)
        try:
            await self._boot()
        except Exception:
            log.exception("%s: boot after reload failed; the device stays down", self.name)
            return
        self.reloads += 1

    async def _boot(self) -> None:
        loop = asyncio.get_running_loop()
        lines = await loop.run_in_executor(self.executor, self.device.boot)
        for line in lines:
            log.debug("%s console: %s", self.name, line.rstrip())
        self._acceptor = await asyncssh.listen(
            sock=self._ssh_port.take(),
            server_factory=lambda: _SSHServer(self),
            server_host_keys=[self.host_key],
            server_version=SERVER_VERSION,
            line_editor=False,
            encoding=None,
            allow_scp=False,
            login_timeout=60,
        )
        await self.https_changed()
        log.info("%s: up, SSH on %d", self.name, self.ssh_port)

    async def _go_down(self) -> None:
        acceptor, self._acceptor = self._acceptor, None  # https_changed() now keeps HTTPS off
        # HTTPS first: once SSH refuses connections, HTTPS already does too
        await self._https.stop()
        if acceptor is not None:
            await stop_accepting(acceptor.sockets)
            acceptor.close()
            await acceptor.wait_closed()
            self._ssh_port.hold()
        for conn in list(self.connections):
            conn.close()
        self.connections.clear()
        shells = [t for t in self.shells if t is not asyncio.current_task()]
        for task in shells:
            task.cancel()  # a session in the middle of a Sleep (key generation) ends now too
        await asyncio.gather(*shells, return_exceptions=True)

    # HTTPS ------------------------------------------------------------------------------------
    async def https_changed(self) -> None:
        """Serve what ``device.https_identity()`` says now (nothing while the device is down)."""
        if not self.device.up or self._acceptor is None:
            await self._https.stop()
            return
        loop = asyncio.get_running_loop()
        identity = await loop.run_in_executor(self.executor, self.device.https_identity)
        await self._https.apply(identity)

    @property
    def https_serving(self) -> bool:
        return self._https.serving
