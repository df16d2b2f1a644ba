"""TCP ports that a device keeps while it is down.

A device that reloads must refuse connections (the client sees ``connection refused``) and yet get
the same port back when it boots, also when the lab picked a free port (port 0). A socket that is
bound but not listening does both on Linux: a SYN to it is answered with a reset, and the port stays
ours. :class:`PortHolder` hands such a socket to a server that starts listening on it, and binds a
fresh one when that server closes.
"""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Iterable
from typing import Any


def _bound_socket(address: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((address, port))
    except OSError:
        sock.close()
        raise
    sock.setblocking(False)
    return sock


class PortHolder:
    """One TCP port on ``address``; ``port=0`` picks a free one and keeps it.

    >>> holder = PortHolder("127.0.0.1", 0)
    >>> holder.port > 0
    True
    >>> sock = holder.take()          # give it to a server, which will listen on it
    >>> sock.getsockname()[1] == holder.port
    True
    >>> sock.close(); holder.release()
    """

    def __init__(self, address: str, port: int) -> None:
        self.address = address
        self._sock: socket.socket | None = _bound_socket(address, port)
        self.port: int = self._sock.getsockname()[1]

    def take(self) -> socket.socket:
        """The bound socket, for a server to listen on; the holder keeps nothing until ``hold``."""
        sock = self._sock if self._sock is not None else _bound_socket(self.address, self.port)
        self._sock = None
        return sock

    def hold(self) -> None:
        """Bind the port again (not listening: connections are refused) after a server closed it."""
        if self._sock is None:
            self._sock = _bound_socket(self.address, self.port)

    def release(self) -> None:
        if self._sock is not None:
            self._sock.close()
            self._sock = None


async def stop_accepting(sockets: Iterable[Any]) -> None:
    """Stop taking connections on a server's listening sockets before the server is closed.

    CPython 3.11's event loop accepts a connection in one step and attaches it to its server in the
    next; a server closed in between fails the second step (``assert self._sockets is not None``
    in ``Server._attach``) and drops the accepted socket unclosed (a ``ResourceWarning``, one file
    descriptor lost for each connection that arrives as the device goes down: a client polling
    the port during a reload, a monitoring probe). Removing the listening sockets from the loop
    first and letting the accepts already taken attach makes ``Server.close()`` see them all.
    """
    loop = asyncio.get_running_loop()
    for sock in sockets:
        loop.remove_reader(sock.fileno())
    for _ in range(2):  # the accept tasks scheduled before: each attaches in its first step
        await asyncio.sleep(0)
