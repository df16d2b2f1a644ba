"""The emulated IOS device: state, NVRAM, boot and reload, sessions, HTTPS identity.

The composition root of ``lab.device``: it holds the model (state, NVRAM, clock), opens
:class:`~lab.device.cli.session.Session` objects on itself (it is their ``Host``) and gives them
the command trees built from the handler tables.
"""

from __future__ import annotations

import logging
import threading
import time
from datetime import datetime
from pathlib import Path

from lab.device.cli import loader
from lab.device.cli.context import Terminal
from lab.device.cli.out import Out
from lab.device.cli.session import Session
from lab.device.cli.table import CommandSet
from lab.device.handlers.registry import command_set
from lab.device.model import presets, runconf
from lab.device.model.clock import DeviceClock
from lab.device.model.logbuf import MessageLog
from lab.device.model.nvram import Nvram, NvramImage
from lab.device.model.personality import Personality, personality
from lab.device.model.spec import DeviceSpec
from lab.device.model.state import DeviceState, RunningConfig, default_interfaces
from lab.device.pki.certs import Certificate
from lab.device.pki.rsakeys import POOL, KeyPair, load_private
from lab.device.pki.trustpoints import Trustpoint, chain_of, https_pair, server_bits
from lab.errors import NvramError
from lab.protocol import Write

log = logging.getLogger(__name__)


def nvram_cert_name(cert: Certificate, taken: dict[str, bytes], *, ca: bool = False) -> str:
    """The ``nvram:`` file of a CA-issued certificate, as IOS names it: the issuer's common name
    without blanks, cut to 12 characters, ``#``, the serial number's last digits in hex, ``CA``
    for a CA certificate (``CiscoLicensi#1CA.cer``); ``IOS-Self-Sig#1.cer`` is the same rule."""
    cn = next((v for rdn in cert.issuer_rdns() for k, v in rdn if k == "cn"), "")
    stem = "".join(c for c in cn if c.isalnum() or c in "-_.")[:12] or "cert"
    name = f"{stem}#{cert.serial & 0xFFFF:X}{'CA' if ca else ''}.cer"
    n = 1
    while name in taken and taken[name] != cert.der:
        n += 1
        name = f"{stem}#{cert.serial & 0xFFFF:X}{'CA' if ca else ''}_{n}.cer"
    return name


class Device:
    """One emulated device (a :class:`lab.protocol.DeviceModel`)."""

    def __init__(self, spec: DeviceSpec, state_dir: Path) -> None:
        self.spec = spec
        self.name = spec.name
        self.lock = threading.RLock()
        self.persona: Personality = personality(spec.personality)
        # the clock-unset fault is a device without a calendar: unset again at every boot
        self.clock = DeviceClock(calendar=self.persona.calendar and not spec.faults.clock_unset)
        self.nvram = Nvram(Path(state_dir) / spec.name, host=spec.name)
        self.nvram_image = NvramImage()
        self.state = DeviceState(RunningConfig(hostname=spec.name))
        self.sessions: dict[int, Session] = {}
        self.messages = MessageLog()  # the buffer of `show logging` (RAM: a reload empties it)
        self.last_reload_reason = "power-on"
        self.loading = False
        self.generation = 0  # bumped by every change of state
        self._saved_keys: dict[str, bytes] = {}
        self._https: tuple[object, ...] | None = None
        self._https_gen = -1
        self._temp: tuple[bytes, bytes] | None = None
        self._up = False
        self._booted = time.monotonic()
        POOL.prime(self.persona.http_key_bits)  # `ip http secure-server` will want one

    # -- DeviceModel ---------------------------------------------------------------------------
    @property
    def up(self) -> bool:
        return self._up

    @property
    def commands(self) -> CommandSet:
        """The command trees of this image (no crypto commands with ``no_crypto_image``)."""
        return command_set(not self.spec.faults.no_crypto_image, self.spec.personality)

    @property
    def boot_seconds(self) -> float | None:
        if self.spec.faults.reload_hangs:
            return None
        return self.spec.boot_seconds + self.spec.faults.slow_boot

    def boot(self) -> list[str]:
        """Come up from NVRAM (a first boot applies the preset and saves it first)."""
        with self.lock:
            self.clock.reset()
            self.messages = MessageLog()
            try:
                img = self.nvram.load()
            except NvramError:  # as IOS with a corrupt NVRAM: up, with no configuration
                log.exception("%s: NVRAM unreadable, booting without a configuration", self.name)
                img = NvramImage(startup="")
            if img.startup is None:  # first boot: the preset, saved as if by `write memory`
                self.state = presets.build(self.spec, self.persona)
                self.nvram.save(self.image())
                img = self.nvram.load()
            self.nvram_image = img
            self.state = DeviceState(
                RunningConfig(hostname=self.spec.name, interfaces=default_interfaces(""))
            )
            for cfg_if in self.state.config.interfaces.values():
                cfg_if.ip = cfg_if.mask = None
                cfg_if.shutdown = False
            self._load_keys(img)
            self.loading = True
            try:
                sess = Session(self, "startup", "nvram", -1)
                sess.mode = "config"
                console = loader.replay(sess, img.startup or "", self.name)
            finally:
                self.loading = False
            self._temp = None
            self._booted = time.monotonic()
            self._up = True
            self._https = self.https_token()
            self._https_gen = self.generation
            log.info("%s: booted (%s, %d keys)", self.name, self.spec.personality, len(img.keys))
            return console

    def _load_keys(self, img: NvramImage) -> None:
        self._saved_keys = {}
        for item in img.keys:
            key = load_private(item["pem"].encode())
            created = datetime.fromisoformat(item["created"])
            usage = item.get("usage") or "General Purpose Key"
            exportable = bool(item["exportable"])
            pair = KeyPair(item["label"], key, exportable=exportable, created=created, usage=usage)
            main = self.state.keys.get(pair.label)
            if usage == "Encryption Key" and main is not None:  # special usage: the second key
                main.encryption = pair
                continue
            self.state.keys[pair.label] = pair
            self._saved_keys[pair.label] = pair.public_der
        self.state.ssh_enabled = bool(self.state.keys)
        for pair in list(self.state.keys.values())[:1]:  # its `.server` key, shown on demand
            POOL.prime(server_bits(pair.bits))

    def shutdown(self) -> None:
        with self.lock:
            self._up = False
            for sess in list(self.sessions.values()):
                sess.closed = True
            self.sessions.clear()

    def check_login(self, username: str, password: str) -> bool:
        return username == self.spec.username and password == self.spec.password

    def open_session(self, username: str, peer: str) -> Session:
        with self.lock:
            line = 0
            while line in self.sessions:
                line += 1
            sess = Session(self, username, peer, line)
            self.sessions[line] = sess
            return sess

    def https_identity(self) -> tuple[bytes, bytes] | None:
        with self.lock:
            if not self._up or not self.state.config.http_secure_server:
                return None
            pair = self._https_pair()
            if pair is not None:  # the certificate, then its CA's (a CA-issued one)
                chain = chain_of(self.state.config.trustpoints, pair[0])
                return b"".join(c.pem for c in chain), pair[1].pem
            if self._temp is None:
                now = self.clock.now()
                self._temp = presets.temporary_identity(self.spec.serial, self.persona, now)
            return self._temp

    # -- state helpers -------------------------------------------------------------------------
    def changed(self) -> None:
        self.generation += 1
        if not self.loading:
            self.state.config.last_change = self.clock.now()

    def https_token(self) -> tuple[object, ...]:
        cfg = self.state.config
        pair = self._https_pair() if cfg.http_secure_server else None
        return (self._up, cfg.http_secure_server, pair[0].sha256 if pair else None)

    def _https_pair(self) -> tuple[Certificate, KeyPair] | None:
        cfg = self.state.config
        return https_pair(cfg.trustpoints, cfg.http_secure_trustpoint, self.state.keys, cfg.fqdn())

    def https_changed(self) -> bool:
        """Whether what HTTPS serves changed since the last call."""
        if self.generation == self._https_gen:
            return False
        self._https_gen = self.generation
        token = self.https_token()
        if token != self._https:
            self._https = token
            return True
        return False

    def log_line(self, out: Out, mnemonic: str, text: str, origin: Terminal | None = None) -> None:
        """A message ``%MNEMONIC: text`` stamped by the device clock (see :meth:`log_text`)."""
        self.log_text(out, f"{self.clock.syslog_stamp()}: %{mnemonic}: {text}", origin)

    def log_text(self, out: Out, line: str, origin: Terminal | None = None) -> None:
        """Log ``line`` as IOS does (``docs/ios-behaviour.md`` section 1.7): to the console
        (the boot's console lines), to the buffer of ``show logging``, and to every session with
        ``terminal monitor``: through ``out`` to the session that caused it (``origin``), after
        its prompt; to the others at once, through the transport. A session without
        ``terminal monitor`` gets nothing."""
        monitors = [s for s in self.sessions.values() if s.monitor and not s.closed]
        cfg = self.state.config.logging
        self.messages.add(
            line, capacity=cfg.capacity(self.persona.log_buffer_bytes), monitored=bool(monitors)
        )
        if self.loading:
            out.log(line)
        for sess in monitors:
            if sess is origin:
                out.log(line)
            else:
                sess.push_async(line)

    def forget_session(self, sess: Terminal) -> None:
        if self.sessions.get(sess.line_no) is sess:
            del self.sessions[sess.line_no]

    def session_list(self) -> list[Session]:
        return [self.sessions[k] for k in sorted(self.sessions)]

    def uptime(self) -> float:
        return time.monotonic() - self._booted

    def go_down(self, reason: str) -> None:
        """``reload`` confirmed: every session drops, HTTPS stops."""
        self.last_reload_reason = reason
        self.shutdown()

    # -- NVRAM ---------------------------------------------------------------------------------
    def image(self) -> NvramImage:
        """What a save writes now."""
        pairs = [p for k in self.state.keys.values() for p in (k, k.encryption) if p is not None]
        keys = [
            {
                "label": k.label,
                "pem": k.pem.decode(),
                "exportable": "1" if k.exportable else "",
                "created": k.created.isoformat(),
                "usage": k.usage,
            }
            for k in pairs
        ]
        files: dict[str, bytes] = {}
        n = 0
        for tp in self.state.config.trustpoints.values():
            if tp.certificate is not None and tp.selfsigned:
                n += 1
                files[f"IOS-Self-Sig#{n}.cer"] = tp.certificate.der
                continue
            for cert in tp.router_certificates():
                files[nvram_cert_name(cert, files)] = cert.der
            if tp.ca_certificate is not None:
                files[nvram_cert_name(tp.ca_certificate, files, ca=True)] = tp.ca_certificate.der
        return NvramImage(self.running_config(), keys, files)

    def save(self, out: Out) -> bool:
        """``write memory``: ``Building configuration...`` then ``[OK]`` or the NVRAM error."""
        out.write("Building configuration...\n")
        if self.spec.faults.nvram_write_error:
            out.write("%Error writing nvram:startup-config\n")
            return False
        img = self.image()
        try:
            self.nvram.save(img)
        except NvramError:
            log.exception("%s: save failed", self.name)
            out.write("%Error writing nvram:startup-config\n")
            return False
        self.nvram_image = img
        self._saved_keys = {k.label: k.public_der for k in self.state.keys.values()}
        out.write("[OK]\n")
        return True

    def saved(self) -> bool:
        """Running config and keys are what NVRAM holds."""
        keys = {k.label: k.public_der for k in self.state.keys.values()}
        if keys != self._saved_keys:
            return False
        return runconf.same_config(self.running_config(), self.nvram_image.startup)

    def key_saved(self, pair: KeyPair) -> bool:
        return self._saved_keys.get(pair.label) == pair.public_der

    def saved_cert_file(self, tp: Trustpoint, cert: Certificate | None = None) -> str | None:
        cert = cert or tp.certificate
        if cert is None:
            return None
        for name, der in self.nvram_image.files.items():
            if der == cert.der:
                return name
        return None

    def install(self, tp: Trustpoint, cert: Certificate, role: str = "router") -> None:
        """Give ``tp`` a certificate: ``router`` (or self-signed), ``encryption``, ``ca``."""
        cert.installed = self.clock.now()
        if role == "ca":
            tp.ca_certificate = cert
        elif role == "encryption":
            tp.encryption_certificate = cert
        else:
            tp.certificate = cert
        self.changed()

    # -- for tests and tools: the state as a user of the CLI would read it -----------------------
    def run(self, *commands: str) -> str:
        """Run privileged EXEC commands in a session of its own; their output, prompts included."""
        with self.lock:
            sess = Session(self, "lab", "internal", -1)
            sess.mode, sess.term_length = "exec", 0
            text = []
            for command in commands:
                text += [a.text for a in sess.feed_line(command) if isinstance(a, Write)]
            return "".join(text).replace("\r\n", "\n")

    def running_config(self) -> str:
        with self.lock:
            return runconf.config_text(self.state.config, self.persona, self.spec)

    def startup_config(self) -> str | None:
        return self.nvram_image.startup

    def certificate(self, trustpoint: str) -> bytes | None:
        """The DER of the trustpoint's certificate in the running state."""
        with self.lock:
            tp = self.state.config.trustpoints.get(trustpoint)
            return None if tp is None or tp.certificate is None else tp.certificate.der
