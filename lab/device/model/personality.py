"""Per-release behaviour: defaults, validity, signature hash, messages, formats.

The personalities of ``docs/ios-behaviour.md`` section 8.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Personality:
    name: str
    http_key_bits: int  # key made by `ip http secure-server`
    fixed_end: datetime | None  # self-signed end date; None: start + 10 years
    sig_hash: str  # "sha1" | "sha256" | "md5"
    save_mnemonic: str  # PKI-4-NOAUTOSAVE | PKI-4-NOCONFIGAUTOSAVE
    modulus_min: int
    modulus_default: int
    key_type_bits: bool  # `Key type: RSA KEYS      2048 bits`
    autogen_bits: int  # enroll without a key and without an rsakeypair size
    xe: bool  # IOS XE: TP-self-signed created at boot, `hash sha256` line
    version_lines: tuple[str, ...]
    image: str
    platform: str
    hex_trailing_space: bool  # 16.x: a trailing space after each full hex line
    pki_zone: str  # the zone named in PKI dates: 12.3(14)T prints GMT (docs/ios-behaviour.md 4.1)
    keygen_one_line: bool  # 12.3: `% Generating 1024 bit RSA keys ...[OK]` (docs/prompts.md 3.3)
    ssh_v2_min_bits: int  # a smaller first key starts SSH 1.5 only (0: never, as on 12.3)
    log_buffer_bytes: int  # the default `logging buffered` size (`Log Buffer (4096 bytes):`)
    rom: str  # the `ROM:` line of `show version`
    calendar: bool  # a battery-backed clock: time keeps running across reloads (3845, 2921)


PERSONALITY_TABLE: dict[str, Personality] = {
    "ios12": Personality(
        name="ios12",
        http_key_bits=1024,
        fixed_end=datetime(2020, 1, 1),
        sig_hash="sha1",
        save_mnemonic="PKI-4-NOAUTOSAVE",
        modulus_min=360,
        modulus_default=512,
        key_type_bits=False,
        autogen_bits=512,
        xe=False,
        version_lines=(
            "Cisco IOS Software, 3800 Software (C3845-ADVENTERPRISEK9-M), Version 12.3(14)T, "
            "RELEASE SOFTWARE (fc1)",
            "Technical Support: http://www.cisco.com/techsupport",
            "Copyright (c) 1986-2005 by Cisco Systems, Inc.",
        ),
        image="flash:c3845-adventerprisek9-mz.123-14.T.bin",
        platform="Cisco 3845 (revision 1.0) with 249856K/12288K bytes of memory.",
        hex_trailing_space=False,
        pki_zone="GMT",
        keygen_one_line=True,
        ssh_v2_min_bits=0,
        log_buffer_bytes=4096,
        rom="System Bootstrap, Version 12.3(11r)T2, RELEASE SOFTWARE (fc1)",  # a 3845's
        calendar=True,
    ),
    "ios15": Personality(
        name="ios15",
        http_key_bits=1024,
        fixed_end=datetime(2030, 1, 1),
        sig_hash="sha1",
        save_mnemonic="PKI-4-NOCONFIGAUTOSAVE",
        modulus_min=360,
        modulus_default=512,
        key_type_bits=False,
        autogen_bits=512,
        xe=False,
        version_lines=(
            "Cisco IOS Software, C2900 Software (C2900-UNIVERSALK9-M), Version 15.7(3)M8, "
            "RELEASE SOFTWARE (fc2)",
            "Technical Support: http://www.cisco.com/techsupport",
            "Copyright (c) 1986-2021 by Cisco Systems, Inc.",
        ),
        image="flash0:c2900-universalk9-mz.SPA.157-3.M8.bin",
        platform="Cisco CISCO2921/K9 (revision 1.0) with 1007584K/40960K bytes of memory.",
        hex_trailing_space=False,
        pki_zone="UTC",
        keygen_one_line=False,
        ssh_v2_min_bits=768,
        log_buffer_bytes=4096,
        rom="System Bootstrap, Version 15.0(1r)M16, RELEASE SOFTWARE (fc1)",
        calendar=True,
    ),
    "iosxe17": Personality(
        name="iosxe17",
        http_key_bits=2048,
        fixed_end=None,
        sig_hash="sha256",
        save_mnemonic="PKI-4-NOCONFIGAUTOSAVE",
        modulus_min=512,
        modulus_default=2048,
        key_type_bits=True,
        autogen_bits=2048,
        xe=True,
        version_lines=(
            "Cisco IOS XE Software, Version 17.12.04",
            "Cisco IOS Software [Dublin], Virtual XE Software (X86_64_LINUX_IOSD-UNIVERSALK9-M), "
            "Version 17.12.4, RELEASE SOFTWARE (fc3)",
            "Technical Support: http://www.cisco.com/techsupport",
            "Copyright (c) 1986-2024 by Cisco Systems, Inc.",
        ),
        image="bootflash:packages.conf",
        platform="cisco C8000V (VXE) processor (revision VXE) with 1987774K/3075K bytes of memory.",
        hex_trailing_space=False,
        pki_zone="UTC",
        keygen_one_line=False,
        ssh_v2_min_bits=768,
        log_buffer_bytes=8192,
        rom="IOS-XE ROMMON",
        calendar=True,  # a C8000V reads the hypervisor's clock at boot
    ),
}


def personality(name: str) -> Personality:
    return PERSONALITY_TABLE[name]
