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
    usage: str = "General Purpose Key",
) -> list[str]:
    """One key pair, in the release's layout (``docs/ios-behaviour.md`` section 4.4): 12.3 has
    no ``Key type`` and no storage line and indents nothing [FEATURE-GUIDE]; 15.7 indents two
    spaces [PHIPPS]; IOS XE one, with ``Redundancy enabled.`` and a trailing space after each
    full line of key data [GENIEPARSER]."""
    exp = "Key is exportable." if exportable else "Key is not exportable."
    lines = [
        f"% Key pair was generated at: {ios_date(created, persona.pki_zone)}",
        f"Key name: {name}",
    ]
    if persona.name == "ios12":
        lines += [f"Usage: {'Encryption Key' if temporary else usage}", exp, "Key Data:"]
        return lines + [f"  {h}" for h in hex_groups(der)]
    ind = " " if persona.xe else "  "
    bits_text = f"      {bits} bits" if persona.key_type_bits else ""
    lines.append(f"Key type: RSA KEYS{bits_text}")
    if temporary:
        lines += ["Temporary key", f"{ind}Usage: Encryption Key", f"{ind}Key is not exportable."]
    else:
        lines.append(f"{ind}Storage Device: {'private-config' if saved else 'not specified'}")
        lines.append(f"{ind}Usage: {usage}")
        lines.append(f"{ind}{exp}{' Redundancy enabled.' if persona.xe else ''}")
    lines.append(f"{ind}Key Data:")
    hexl = hex_groups(der)
    trail = " " if persona.xe else ""
    lines += [f"  {h}{trail if i < len(hexl) - 1 else ''}" for i, h in enumerate(hexl)]
    return lines


def h_show_mypubkey(ctx: Context, a: Args, out: Out) -> None:
    want = a.get("label")
    lines: list[str] = []
    first = True
    for pair in ctx.state.keys.values():
        for half in (pair, pair.encryption):  # special-usage keys: signature, encryption
            if half is not None and want in (None, pair.label):
                lines += _key_lines(
                    ctx.persona,
                    half.label,
                    half.public_der,
                    half.created,
                    half.bits,
                    saved=ctx.key_saved(pair),
                    exportable=half.exportable,
                    usage=half.usage,
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
