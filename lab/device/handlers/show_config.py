"""``show running-config`` (``write terminal``, ``more system:running-config``), ``show
startup-config`` and ``dir nvram:``."""

from __future__ import annotations

from lab.device.cli.context import Args, Context
from lab.device.cli.out import Out
from lab.device.cli.table import Command, Table
from lab.device.handlers.common import EXEC, SHOW
from lab.device.model import runconf

NVRAM_SIZE = 262136


def h_show_running(ctx: Context, a: Args, out: Out) -> None:
    body = runconf.config_text(ctx.state.config, ctx.persona, ctx.spec, brief="brief" in a)
    out.page(f"Building configuration...\n\nCurrent configuration : {len(body)} bytes\n{body}")


def h_show_startup(ctx: Context, a: Args, out: Out) -> None:
    text = ctx.nvram_image.startup
    if text is None:
        out.write("startup-config is not present\n")
        return
    out.page(f"Using {len(text)} out of {NVRAM_SIZE} bytes\n{text}")


def h_dir_nvram(ctx: Context, a: Args, out: Out) -> None:
    img = ctx.nvram_image
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


TABLE = Table(
    {
        "show": SHOW,
        "show running-config": "Current operating configuration",
        "show running-config brief": "configuration without certificate data",
        "show startup-config": "Contents of startup configuration",
        "dir": "List files on a filesystem",
        "dir nvram:": "Directory or file name",
        "more": "Display the contents of a file",
        "more system:running-config": "File to display",
    },
    (
        Command(EXEC, "show running-config", h_show_running, pipe=True),
        Command(
            EXEC, "show running-config brief", h_show_running, pipe=True, static={"brief": "1"}
        ),
        Command(EXEC, "show startup-config", h_show_startup, pipe=True),
        Command(EXEC, "dir nvram:", h_dir_nvram, pipe=True),
        Command(EXEC, "more system:running-config", h_show_running, pipe=True),
    ),
)
