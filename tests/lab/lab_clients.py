"""Small client helpers for the lab tests: a raw paramiko shell and a permissive TLS fetch."""

from __future__ import annotations

import re
import socket
import ssl
import time

import paramiko


class Shell:
    """An interactive PTY shell read byte by byte, as a terminal would see it."""

    def __init__(self, port: int, username: str = "admin", password: str = "admin") -> None:
        self.client = paramiko.SSHClient()
        self.client.set_missing_host_key_policy(paramiko.AutoAddPolicy())
        self.client.connect(
            "127.0.0.1",
            port=port,
            username=username,
            password=password,
            look_for_keys=False,
            allow_agent=False,
            timeout=10,
        )
        self.chan = self.client.invoke_shell(term="vt100", width=511, height=0)
        self.chan.settimeout(0.1)
        self.seen = ""

    def send(self, text: str) -> None:
        self.chan.sendall(text.encode())

    def read_until(self, pattern: str, timeout: float = 10.0) -> str:
        """Read until the regex ``pattern`` matches what arrived since this call began."""
        deadline = time.monotonic() + timeout
        start = len(self.seen)
        while not re.search(pattern, self.seen[start:]):
            if time.monotonic() > deadline:
                raise AssertionError(f"timeout waiting for {pattern!r}; got {self.seen[start:]!r}")
            try:
                data = self.chan.recv(65536)
            except TimeoutError:
                continue
            except OSError as exc:  # closed under us
                raise EOFError(f"channel closed waiting for {pattern!r}: {exc}") from exc
            if not data:
                raise EOFError(f"closed waiting for {pattern!r}; got {self.seen[start:]!r}")
            self.seen += data.decode("utf-8", errors="replace")
        return self.seen[start:]

    def read_for(self, seconds: float) -> str:
        """Whatever arrives within ``seconds`` (for 'nothing more arrives' checks)."""
        start = len(self.seen)
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                data = self.chan.recv(65536)
            except TimeoutError:
                continue
            if not data:
                break
            self.seen += data.decode("utf-8", errors="replace")
        return self.seen[start:]

    def closed_by_peer(self, timeout: float = 10.0) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                if not self.chan.recv(65536):
                    return True
            except TimeoutError:
                continue
            except OSError:
                return True
        return False

    def close(self) -> None:
        self.client.close()


def refused(port: int) -> bool:
    """True when a TCP connection to the port is refused right now."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=2):
            return False
    except (ConnectionRefusedError, ConnectionResetError):
        # a reset: the device closed its listener with this connection still in the backlog
        return True


def wait_for(predicate: object, timeout: float = 15.0, step: float = 0.05) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():  # type: ignore[operator]
            return True
        time.sleep(step)
    return False


def permissive_client_context() -> ssl.SSLContext:
    """A TLS client that accepts what an old router offers (weak keys, SHA-1, MD5)."""
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    ctx.set_ciphers("ALL:@SECLEVEL=0")
    return ctx


def fetch_tls(port: int, path: str = "/") -> tuple[bytes, bytes]:
    """(DER of the certificate served, HTTP response) from the device's HTTPS port."""
    ctx = permissive_client_context()
    with socket.create_connection(("127.0.0.1", port), timeout=10) as raw:
        with ctx.wrap_socket(raw, server_hostname="lab") as tls:
            der = tls.getpeercert(binary_form=True)
            assert der is not None
            tls.sendall(f"GET {path} HTTP/1.1\r\nHost: lab\r\nConnection: close\r\n\r\n".encode())
            body = b""
            while chunk := tls.recv(65536):
                body += chunk
    return der, body


def chain_der(config: str, trustpoint: str) -> bytes | None:
    """The DER of the self-signed certificate of ``trustpoint`` in a configuration, or None.

    >>> text = "crypto pki certificate chain TP\\n certificate self-signed 01\\n"
    >>> chain_der(text + "  3082 01\\n  \\tquit\\n", "TP")
    b'0\\x82\\x01'
    """
    lines = config.replace("\r\n", "\n").split("\n")
    try:
        start = lines.index(f"crypto pki certificate chain {trustpoint}")
    except ValueError:
        return None
    hex_text: list[str] = []
    inside = False
    for line in lines[start + 1 :]:
        if line.startswith(" certificate self-signed"):
            inside = True
            continue
        if not inside:
            if not line.startswith(" "):
                return None
            continue
        if line.strip() == "quit":
            return bytes.fromhex("".join(hex_text))
        hex_text.append(line.strip().replace(" ", ""))
    return None


def tls_version(port: int) -> str:
    """The TLS version a permissive client negotiates with the device (``TLSv1.2``...)."""
    ctx = permissive_client_context()
    with socket.create_connection(("127.0.0.1", port), timeout=10) as raw:
        with ctx.wrap_socket(raw, server_hostname="lab") as tls:
            return str(tls.version())
