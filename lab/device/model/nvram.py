"""The NVRAM of a device in ``state_dir/<name>/``, replaced atomically as a whole.

Layout: ``current`` is a symbolic link to ``gen-<n>/``, a folder that holds ``startup-config``
(text), ``private-config`` (JSON: the RSA key pairs) and the ``nvram:`` certificate files such as
``IOS-Self-Sig#1.cer`` (DER). A save writes a new generation folder (every file written and
fsynced, the folder fsynced), renames it into place, then swaps the ``current`` link with
``rename()`` over it and fsyncs the parent. ``rename`` is atomic, so a SIGKILL at any moment leaves
``current`` pointing at a complete old or a complete new generation, never at a mix.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from lab.errors import NvramError

CURRENT = "current"


@dataclass
class NvramImage:
    startup: str | None = None
    keys: list[dict[str, str]] = field(default_factory=list)
    files: dict[str, bytes] = field(default_factory=dict)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write(path: Path, data: bytes) -> None:
    with open(path, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


class Nvram:
    def __init__(self, root: Path, *, host: str = "") -> None:
        self.root = root
        self.host = host

    def exists(self) -> bool:
        return (self.root / CURRENT).is_dir()

    def _gen(self) -> int:
        link = self.root / CURRENT
        if not link.is_symlink():
            return 0
        name = os.readlink(link)
        try:
            return int(name.rsplit("-", 1)[1])
        except (IndexError, ValueError):
            return 0

    def load(self) -> NvramImage:
        """What NVRAM holds (empty when nothing was ever saved)."""
        cur = self.root / CURRENT
        if not cur.is_dir():
            return NvramImage()
        img = NvramImage()
        try:
            for item in sorted(cur.iterdir()):
                if item.name == "startup-config":
                    img.startup = item.read_text(encoding="utf-8")
                elif item.name == "private-config":
                    img.keys = json.loads(item.read_text(encoding="utf-8"))["keys"]
                else:
                    img.files[item.name] = item.read_bytes()
        except (OSError, ValueError, KeyError) as exc:
            raise NvramError(f"NVRAM unreadable: {exc}", host=self.host) from exc
        return img

    def save(self, img: NvramImage) -> None:
        """Replace the whole NVRAM atomically."""
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            gen = self._gen() + 1
            tmp = self.root / f"gen-{gen}.tmp"
            if tmp.exists():
                shutil.rmtree(tmp)
            tmp.mkdir()
            if img.startup is not None:
                _write(tmp / "startup-config", img.startup.encode("utf-8"))
            _write(tmp / "private-config", json.dumps({"keys": img.keys}).encode("utf-8"))
            for name, data in img.files.items():
                _write(tmp / name, data)
            _fsync_dir(tmp)
            final = self.root / f"gen-{gen}"
            if final.exists():
                shutil.rmtree(final)
            os.rename(tmp, final)
            link_tmp = self.root / f"{CURRENT}.tmp"
            if link_tmp.is_symlink() or link_tmp.exists():
                link_tmp.unlink()
            os.symlink(final.name, link_tmp)
            os.rename(link_tmp, self.root / CURRENT)
            _fsync_dir(self.root)
        except OSError as exc:
            raise NvramError(f"NVRAM write failed: {exc}", host=self.host) from exc
        self._sweep(keep=final.name)

    def _sweep(self, keep: str) -> None:
        """Remove old generations and leftovers of an interrupted save."""
        for item in self.root.iterdir():
            if item.name.startswith("gen-") and item.name != keep:
                shutil.rmtree(item, ignore_errors=True)

    def wipe(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)
