"""``crypto key generate/zeroize rsa`` dialogs and the HTTPS server's certificate."""

from __future__ import annotations

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.serialization import load_pem_private_key

from lab.device import Device
from lab.device.pki.trustpoints import serial_number
from tests.unit.lab.device_helpers import Cli, MakeDevice, enroll_trustpoint


def test_generate_with_modulus_prompt(cli: Cli) -> None:
    cli.lines("terminal monitor", "conf t")
    out = cli.line("crypto key generate rsa")
    assert out == (
        "\nThe name for the keys will be: R1.lab.example\n"
        "Choose the size of the key modulus in the range of 360 to 4096 for your\n"
        "  General Purpose Keys. Choosing a key modulus greater than 512 may take\n"
        "  a few minutes.\n\nHow many bits in the modulus [512]: "
    )
    assert cli.line("100") == (
        "\n% Key modulus size must be in the range of 360 to 4096\n"
        "How many bits in the modulus [512]: "
    )
    out = cli.line("")
    assert out.startswith(
        "\n% Generating 512 bit RSA keys, keys will be non-exportable...\n"
        "[OK] (elapsed time was 0 seconds)\n\nR1(config)#"
    )
    assert "%SSH-5-ENABLED: SSH 1.5 has been enabled" in out
    assert cli.dev.state.keys["R1.lab.example"].bits == 512


def test_iosxe17_modulus_prompt_defaults_to_2048(make_device: MakeDevice) -> None:
    c = Cli(make_device(personality="iosxe17")).enable()
    out = c.lines("conf t", "crypto key generate rsa label K")
    assert "in the range of 512 to 4096 for your" in out
    assert out.endswith("How many bits in the modulus [2048]: ")


def test_generate_replace_question_and_statement(cli: Cli) -> None:
    cli.lines("terminal monitor", "conf t", "crypto key generate rsa label K modulus 512")
    key = cli.dev.state.keys["K"]
    out = cli.line("crypto key generate rsa label K")
    assert out == (
        "\n% You already have RSA keys defined named K.\n"
        "% Do you really want to replace them? [yes/no]: "
    )
    assert cli.line("no") == "\nR1(config)#"
    assert cli.dev.state.keys["K"] is key
    out = cli.line("crypto key generate rsa general-keys label K modulus 768 exportable")
    assert out.startswith(
        "\n% You already have RSA keys defined named K.\n% They will be replaced.\n\n"
        "% The key modulus size is 768 bits\n"
        "% Generating 768 bit RSA keys, keys will be exportable...\n"
    )
    assert "%SSH-5-DISABLED: SSH 2.0 has been disabled" in out
    assert cli.dev.state.keys["K"].bits == 768 and cli.dev.state.keys["K"].exportable


def test_generate_needs_a_domain_without_label(cli: Cli) -> None:
    cli.lines("conf t", "no ip domain name")
    assert cli.line("crypto key generate rsa modulus 512") == (
        "\n% Please define a domain-name first.\nR1(config)#"
    )
    assert "% Invalid input" in cli.line("crypto key generate rsa modulus 99999")


def test_zeroize_all_or_one_and_the_certificates_with_them(cli: Cli) -> None:
    enroll_trustpoint(cli, "TP", 512)
    cli.lines("conf t", "crypto key generate rsa label OTHER modulus 512")
    out = cli.line("crypto key zeroize rsa OTHER")
    assert out == (
        "\n% Keys to be removed are named 'OTHER'.\n"
        "% All router certs issued using these keys will also be removed.\n"
        "Do you really want to remove these keys? [yes/no]: "
    )
    cli.line("y")
    assert list(cli.dev.state.keys) == ["TP"]
    assert cli.dev.state.config.trustpoints["TP"].certificate is not None
    out = cli.line("crypto key zeroize rsa")
    assert out.startswith("\n% All keys will be removed.\n")
    cli.line("yes")
    assert cli.dev.state.keys == {}
    assert cli.dev.state.config.trustpoints["TP"].certificate is None
    assert cli.line("crypto key zeroize rsa") == (
        "\n% No Signature RSA Keys found in configuration.\nR1(config)#"
    )


def test_mypubkey_shows_the_real_public_key(cli: Cli) -> None:
    """15.7 layout [PHIPPS] (docs/ios-behaviour.md section 4.4): two-space indents."""
    cli.config("crypto key generate rsa label K modulus 512 exportable")
    out = cli.line("show crypto key mypubkey rsa K")
    lines = out.splitlines()
    assert lines[2:8] == [
        "Key name: K",
        "Key type: RSA KEYS",
        "  Storage Device: not specified",
        "  Usage: General Purpose Key",
        "  Key is exportable.",
        "  Key Data:",
    ]
    data = "".join(ln.strip().replace(" ", "") for ln in lines[8:-1])
    assert bytes.fromhex(data) == cli.dev.state.keys["K"].public_der
    cli.line("write memory")
    assert "  Storage Device: private-config" in cli.line("show crypto key mypubkey rsa K")
    full = cli.line("show crypto key mypubkey rsa")
    assert "Key name: K.server\nKey type: RSA KEYS\nTemporary key\n  Usage: Encryption Key" in full


def test_mypubkey_iosxe17_layout(make_device: MakeDevice) -> None:
    """IOS XE 17 [GENIEPARSER show_crypto_key_mypubkey_rsa/genieparser_3]: one-space indents,
    the bit count on the type line, ``Redundancy enabled.``, a trailing space after full lines."""
    c = Cli(make_device(personality="iosxe17")).enable()
    c.config("crypto key generate rsa label K modulus 2048")
    lines = c.line("show crypto key mypubkey rsa K").splitlines()
    assert lines[2:8] == [
        "Key name: K",
        "Key type: RSA KEYS      2048 bits",
        " Storage Device: not specified",
        " Usage: General Purpose Key",
        " Key is not exportable. Redundancy enabled.",
        " Key Data:",
    ]
    assert all(ln.endswith(" ") for ln in lines[8:-2]) and not lines[-2].endswith(" ")


@pytest.mark.parametrize(("personality", "bits"), [("ios15", 1024), ("iosxe17", 2048)])
def test_secure_server_makes_tp_self_signed(
    make_device: MakeDevice, personality: str, bits: int
) -> None:
    dev = make_device(personality=personality, serial="C63EBBE9")
    c = Cli(dev).enable()
    c.config("no ip http secure-server")
    assert dev.https_identity() is None
    for tp in list(dev.state.config.trustpoints):  # iosxe17 made one at its first boot
        c.config(f"no crypto pki trustpoint {tp}", "yes", "crypto key zeroize rsa", "yes")
    c.line("conf t")
    out = c.line("ip http secure-server")
    assert c.https_changed
    name = "TP-self-signed-3326000105"
    assert serial_number("C63EBBE9") == 3326000105
    assert f"% Generating {bits} bit RSA keys, keys will be non-exportable...\n[OK]" in out
    if personality == "ios15":
        assert out.startswith(
            f"\nCRYPTO_PKI: setting trustpoint policy {name} to use keypair {name}%"
        )
    tp = dev.state.config.trustpoints[name]
    assert tp.subject_name == "cn=IOS-Self-Signed-Certificate-3326000105"
    identity = dev.https_identity()
    assert identity is not None
    cert = x509.load_pem_x509_certificate(identity[0])
    key = load_pem_private_key(identity[1], None)
    assert cert.public_key() == key.public_key()
    assert tp.certificate is not None and cert.serial_number == 1
    assert cert.public_key().key_size == bits  # type: ignore[union-attr]


def test_secure_trustpoint_binds_https_and_no_secure_server_stops_it(cli: Cli) -> None:
    dev: Device = cli.dev
    enroll_trustpoint(cli, "WEB", 1024)
    cli.lines("conf t", "ip http secure-server")
    assert "TP-self-signed" not in " ".join(dev.state.config.trustpoints)  # WEB is the one
    cli.line("ip http secure-trustpoint WEB")
    status = cli.line("do show ip http server secure status")
    assert "HTTP secure server status: Enabled\n" in status
    assert "HTTP secure server trustpoint: WEB\n" in status
    identity = dev.https_identity()
    web = dev.state.config.trustpoints["WEB"].certificate
    assert identity is not None and web is not None and identity[0] == web.pem
    cli.line("no ip http secure-server")
    assert cli.https_changed and dev.https_identity() is None


def test_no_crypto_image_knows_no_crypto(make_device: MakeDevice) -> None:
    from lab.device import Faults

    c = Cli(make_device(faults=Faults(no_crypto_image=True))).enable()
    c.line("conf t")
    # the caret goes under the first character no command of the image starts with
    for line, col in (("crypto pki trustpoint TP", 1), ("ip http secure-server", 10)):
        out = c.line(line)
        assert out.splitlines()[1:3] == [
            " " * (len("R1(config)#") + col) + "^",
            "% Invalid input detected at '^' marker.",
        ], line
    assert "% Invalid input" in c.line("do show crypto pki certificates")
