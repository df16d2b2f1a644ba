"""SSH host keys of the lab's devices, made on first start and kept in the state folder.

One ed25519 key per device (cheap to make: 500 devices take well under a second), in
``<state_dir>/ssh/<name>_ed25519``, written atomically (temporary file, fsync, rename) so a lab
killed at any moment never finds half a key at its next start.
"""

from __future__ import annotations

import logging
import os
import tempfile
from pathlib import Path

import asyncssh

log = logging.getLogger(__name__)

KEY_FOLDER = "ssh"


def host_key_path(state_dir: Path, name: str) -> Path:
    return state_dir / KEY_FOLDER / f"{name}_ed25519"


def _write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            os.fchmod(fh.fileno(), 0o600)
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def load_or_create(state_dir: Path, name: str) -> asyncssh.SSHKey:
    """The device's host key; made and saved when it does not exist yet (or cannot be read)."""
    path = host_key_path(state_dir, name)
    if path.exists():
        try:
            return asyncssh.read_private_key(path)
        except (asyncssh.KeyImportError, OSError, ValueError) as exc:
            log.warning("%s: host key %s unreadable (%s); making a new one", name, path, exc)
    key = asyncssh.generate_private_key("ssh-ed25519", comment=f"{name} lab host key")
    _write_atomic(path, key.export_private_key())
    log.debug("%s: new host key %s", name, path)
    return key


def known_hosts_line(key: asyncssh.SSHKey, address: str, port: int) -> str:
    """An OpenSSH ``known_hosts`` line: ``[127.0.0.1]:2200 ssh-ed25519 AAAA...``."""
    public = key.export_public_key("openssh").decode("ascii").split()
    host = address if port == 22 else f"[{address}]:{port}"
    return f"{host} {public[0]} {public[1]}"
