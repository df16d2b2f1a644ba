"""The command trees of every mode, built from the handler modules' tables.

A set is built per release (a few commands differ: ``verbose`` needs a trustpoint name on
12.3) and per image kind: with the crypto commands (k9 images) and without them
(``no_crypto_image``: every ``crypto`` command and ``ip http secure-server`` are then unknown
words, so IOS's own ``% Invalid input detected at '^' marker.`` comes out with the caret where a
real box puts it).
A new handler module adds its ``TABLE`` to :data:`TABLES`.
"""

from __future__ import annotations

from functools import cache

from lab.device.cli.table import CommandSet, Table, build
from lab.device.handlers import (
    banner,
    ca_alias,
    ca_enroll,
    config_mode,
    enroll,
    exec_mode,
    interface,
    keys,
    pki_config,
    show_config,
    show_keys,
    show_pki,
    show_system,
    syslog,
    trustpoint,
    trustpoint_ca,
)

TABLES: tuple[Table, ...] = (
    exec_mode.TABLE,
    show_system.TABLE,
    show_config.TABLE,
    show_pki.TABLE,
    show_keys.TABLE,
    config_mode.TABLE,
    interface.TABLE,
    pki_config.TABLE,
    trustpoint.TABLE,
    trustpoint_ca.TABLE,
    enroll.TABLE,
    ca_enroll.TABLE,
    keys.TABLE,
    syslog.TABLE,
    ca_alias.TABLE,
    banner.TABLE,
)


@cache
def command_set(crypto: bool, personality: str | None = None) -> CommandSet:
    """The trees of an image with (``True``) or without crypto, of one release (``None``: the
    commands of every release); built once per process."""
    return build(TABLES, crypto=crypto, personality=personality)
