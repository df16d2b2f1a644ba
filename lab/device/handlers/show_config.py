"""``show running-config``, ``show startup-config``, ``dir nvram:``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lab.device.cli.out import Out
from lab.device.model import runconf

if TYPE_CHECKING:
    from lab.device.cli.session import Session

Args = dict[str, str]
NVRAM_SIZE = 262136


def h_show_running(s: Session, a: Args, out: Out) -> None:
    body = runconf.config_text(s.dev, brief="brief" in a)
    out.page(f"Building configuration...\n\nCurrent configuration : {len(body)} bytes\n{body}")


def h_show_startup(s: Session, a: Args, out: Out) -> None:
    text = s.dev.nvram_image.startup
    if text is None:
        out.write("startup-config is not present\n")
        return
    out.page(f"Using {len(text)} out of {NVRAM_SIZE} bytes\n{text}")


def h_dir_nvram(s: Session, a: Args, out: Out) -> None:
    img = s.dev.nvram_image
    rows = []
    used = 0
    if img.startup is not None:
        used += len(img.startup)
        rows.append((253, "-rw-", len(img.startup), "startup-config"))
        rows.append((254, "----", 24 + 600 * len(img.keys), "private-config"))
    for i, (name, data) in enumerate(sorted(img.files.items()), start=1):
        used += len(data)
        rows.append((i, "-rw-", len(data), name))
    lines = ["", "Directory of nvram:/", ""]
    for idx, perm, size, name in rows:
        lines.append(f"{idx:>5}  {perm}  {size:>10}                    <no date>  {name}")
    lines += ["", f"{NVRAM_SIZE} bytes total ({NVRAM_SIZE - used} bytes free)"]
    out.page("\n".join(lines) + "\n")
