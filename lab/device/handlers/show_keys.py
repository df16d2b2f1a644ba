"""``show crypto key mypubkey rsa [LABEL]``: each key pair, and the ``.server`` key of the first."""

from __future__ import annotations

from datetime import datetime

from lab.device.cli.context import Args, Context
from lab.device.cli.out import Out
from lab.device.cli.table import Command, Table
from lab.device.handlers.common import EXEC, SHOW, SHOW_CRYPTO
from lab.device.model.clock import ios_date
from lab.device.model.personality import Personality
from lab.device.pki.certs import hex_groups
from lab.device.pki.rsakeys import POOL, KeyPair, public_der
from lab.device.pki.trustpoints import server_bits


def _server_key(pair: KeyPair) -> None:
    if pair.server is None:
        pair.server = POOL.take(server_bits(pair.bits))
        pair.server_created = pair.created


def _key_lines(
    persona: Personality,
    name: str,
    der: bytes,
    created: datetime,
    bits: int,
    *,
    saved: bool = False,
    exportable: bool = False,
    temporary: bool = False,
) -> list[str]:
    bits_text = f"      {bits} bits" if persona.key_type_bits else ""
    lines = [
        f"% Key pair was generated at: {ios_date(created)}",
        f"Key name: {name}",
        f"Key type: RSA KEYS{bits_text}",
    ]
    if temporary:
        lines += ["Temporary key", " Usage: Encryption Key", " Key is not exportable."]
    else:
        lines.append(f" Storage Device: {'private-config' if saved else 'not specified'}")
        lines.append(" Usage: General Purpose Key")
        exp = "Key is exportable." if exportable else "Key is not exportable."
        lines.append(f" {exp}{' Redundancy enabled.' if persona.xe else ''}")
    lines.append(" Key Data:")
    hexl = hex_groups(der)
    lines += [f"  {h}{' ' if i < len(hexl) - 1 else ''}" for i, h in enumerate(hexl)]
    return lines


def h_show_mypubkey(ctx: Context, a: Args, out: Out) -> None:
    want = a.get("label")
    lines: list[str] = []
    first = True
    for pair in ctx.state.keys.values():
        if want in (None, pair.label):
            lines += _key_lines(
                ctx.persona,
                pair.label,
                pair.public_der,
                pair.created,
                pair.bits,
                saved=ctx.key_saved(pair),
                exportable=pair.exportable,
            )
        if first:
            first = False
            if want in (None, f"{pair.label}.server"):
                _server_key(pair)
                assert pair.server is not None
                lines += _key_lines(
                    ctx.persona,
                    f"{pair.label}.server",
                    public_der(pair.server),
                    pair.server_created,
                    pair.server.key_size,
                    temporary=True,
                )
    if lines:
        out.page("\n".join(lines) + "\n")


TABLE = Table(
    {
        "show": SHOW,
        "show crypto": SHOW_CRYPTO,
        "show crypto key": "Show long term public keys",
        "show crypto key mypubkey": "Show public keys associated with this router",
        "show crypto key mypubkey rsa": "Show RSA public keys",
        "show crypto key mypubkey all": "Show all public keys",
        "show crypto key mypubkey rsa <label:WORD>": "Key pair label",
    },
    (
        Command(EXEC, "show crypto key mypubkey rsa", h_show_mypubkey, pipe=True, crypto=True),
        Command(EXEC, "show crypto key mypubkey all", h_show_mypubkey, pipe=True, crypto=True),
        Command(
            EXEC,
            "show crypto key mypubkey rsa <label:WORD>",
            h_show_mypubkey,
            pipe=True,
            crypto=True,
        ),
    ),
)
