"""Issue 17 item 4: a real browser trusts a CA-issued device certificate through the CA alone.

After ``pssc rollout --issuer ca``, headless Chromium whose NSS database (``$HOME/.pki/nssdb``,
a temporary home) holds the CA as trusted (``certutil -A -t C,,`` from libnss3-tools) loads each
device's page with no interstitial; with an empty NSS database it shows the certificate warning
(``ERR_CERT_AUTHORITY_INVALID``). No ``--ignore-certificate-errors-spki-list``: the only trust is
the CA. The page counts as loaded only when the DOM carries the lab's marker with this run's
nonce (see ``tests/browser/chromium.py``).
"""

from __future__ import annotations

import secrets
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from lab.https import NONCE_ENV, page_marker
from pssc.cli import main
from tests.e2e.trust_ca import CaFiles, make_ca

from .chromium import load_page

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("trust-browser")]

FLEET = {
    "defaults": {"boot_seconds": 0.3},
    "devices": [
        {"hostname": "C1", "personality": "ios15", "preset": "factory"},
        {"hostname": "C2", "personality": "iosxe17", "preset": "factory"},
        {"hostname": "C3", "personality": "ios12", "preset": "factory"},
    ],
}


def nss_home(folder: Path, ca: CaFiles | None) -> Path:
    """A home folder whose NSS database trusts ``ca`` for TLS servers (or nothing)."""
    db = folder / ".pki" / "nssdb"
    db.mkdir(parents=True)
    certutil = shutil.which("certutil")
    if certutil is None:
        pytest.fail("certutil (libnss3-tools) is not installed", pytrace=False)
    subprocess.run([certutil, "-d", f"sql:{db}", "-N", "--empty-password"], check=True)
    if ca is not None:
        add = [certutil, "-d", f"sql:{db}", "-A", "-t", "C,,", "-n", "pssc test CA"]
        subprocess.run([*add, "-i", str(ca.cert)], check=True)
    return folder


@pytest.fixture(scope="module")
def issued(lab_factory: Any, tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, str, CaFiles]:
    nonce = secrets.token_hex(8)
    with pytest.MonkeyPatch.context() as env:
        env.setenv(NONCE_ENV, nonce)
        lab = lab_factory(fleet_data=FLEET)
    ca = make_ca(tmp_path_factory.mktemp("ca"))
    code = main(["rollout", "-i", str(lab.inventory_dir), "--no-pins", "--issuer", "ca",
                 "--ca-cert", str(ca.cert), "--ca-key", str(ca.key)])  # fmt: skip
    assert code == 0
    return lab, nonce, ca


def test_chromium_trusts_the_devices_through_the_ca_only(
    chromium: str, issued: tuple[Any, str, CaFiles], tmp_path: Path, monkeypatch: Any
) -> None:
    lab, nonce, ca = issued
    monkeypatch.setenv("HOME", str(nss_home(tmp_path / "trusting", ca)))
    for name in ("C1", "C2", "C3"):
        url = f"https://127.0.0.1:{lab.hosts[name].https_port}/"  # the IP is in the SAN
        page = load_page(url, expect=[page_marker(name, nonce)], binary=chromium)
        assert page.ok, page.why()


def test_without_the_ca_chromium_shows_the_interstitial(
    chromium: str, issued: tuple[Any, str, CaFiles], tmp_path: Path, monkeypatch: Any
) -> None:
    lab, nonce, _ca = issued
    monkeypatch.setenv("HOME", str(nss_home(tmp_path / "empty", None)))
    url = f"https://127.0.0.1:{lab.hosts['C1'].https_port}/"
    page = load_page(url, expect=[page_marker("C1", nonce)], binary=chromium)
    assert not page.ok
    assert page.error == "net::ERR_CERT_AUTHORITY_INVALID", page.why()
    # and another CA in the database does not help
    monkeypatch.setenv("HOME", str(nss_home(tmp_path / "other", make_ca(tmp_path / "o", "other"))))
    page = load_page(url, expect=[page_marker("C1", nonce)], binary=chromium)
    assert not page.ok and page.error == "net::ERR_CERT_AUTHORITY_INVALID", page.why()
