"""The prompt table against every published wording (docs/prompts.md sections 1, 3, 5 and 6)."""

from __future__ import annotations

import pytest

from tasks.prompts import (
    ALL_PROMPTS,
    ENROLL_PROMPTS,
    KEYGEN_PROMPTS,
    RELOAD_PROMPTS,
    REMOVE_PROMPTS,
    SAVE_PROMPTS,
    match_prompt,
)
from tests.unit.tasks.tasks_fakes import CONFIRM_VARIANTS, SAVE_VARIANTS

# (table, exact text as published, expected name) -- the trailing space is part of the prompt.
CASES = [
    (
        ENROLL_PROMPTS,
        "% Include the router serial number in the subject name? [yes/no]: ",
        "serial",
    ),
    (ENROLL_PROMPTS, "% Include an IP address in the subject name? [no]: ", "ip"),
    (ENROLL_PROMPTS, "% Include an IP address in the subject name? [yes/no]: ", "ip"),
    (ENROLL_PROMPTS, "Enter Interface name or IP Address[]: ", "ip_value"),
    (ENROLL_PROMPTS, "Generate Self Signed Router Certificate? [yes/no]: ", "generate"),
    (
        ENROLL_PROMPTS,
        "The router has already generated a Self Signed Certificate for\r\n"
        "trustpoint TP-self-signed-4130127353.\r\n"
        "If you continue the existing trustpoint and Self Signed Certificate\r\n"
        "will be deleted.\r\n\r\nDo you want to continue? [yes/no]: ",
        "replace_selfsigned",
    ),
    (
        ENROLL_PROMPTS,
        "Trustpoint DMVPN has already enrolled and has a router cert issued to it.\r\n"
        "If you successfully re-enroll this trustpoint,the existing certificate will be "
        "replaced.\r\n\r\nDo you want to continue with re-enrollment? [yes/no]: ",
        "replace_certificate",
    ),
    (
        KEYGEN_PROMPTS,
        "% You already have RSA keys defined named PKI.\r\n"
        "% Do you really want to replace them? [yes/no]: ",
        "replace_keys",
    ),
    (
        KEYGEN_PROMPTS,
        "% You already have EC keys defined named ECKEYS.\r\n"
        "% Do you really want to replace them? [yes/no]: ",
        "replace_keys",
    ),
    (
        KEYGEN_PROMPTS,
        "Choose the size of the key modulus in the range of 360 to 4096 for your\r\n"
        "  General Purpose Keys. Choosing a key modulus greater than 512 may take\r\n"
        "  a few minutes.\r\n\r\nHow many bits in the modulus [512]: ",
        "modulus",
    ),
    (KEYGEN_PROMPTS, "How many bits in the modulus [2048]: ", "modulus"),
    (
        KEYGEN_PROMPTS,
        "% All keys will be removed.\r\n% All router certs issued using these keys will also "
        "be removed.\r\nDo you really want to remove these keys? [yes/no]: ",
        "remove_keys",
    ),
    (
        REMOVE_PROMPTS,
        "% Removing an enrolled trustpoint will destroy all certificates\r\n"
        "received from the related Certificate Authority.\r\n\r\n"
        "Are you sure you want to do this? [yes/no]: ",
        "remove_trustpoint",
    ),
    (SAVE_PROMPTS, "Destination filename [startup-config]? ", "destination"),
    (SAVE_PROMPTS, "Overwrite the previous NVRAM configuration?[confirm]", "overwrite"),
]


@pytest.mark.parametrize(("table", "text", "name"), CASES)
def test_every_published_prompt_is_recognised(table: tuple, text: str, name: str) -> None:
    prompt = match_prompt(table, "R1(config)#command\r\n" + text)
    assert prompt is not None and prompt.name == name


@pytest.mark.parametrize(
    "text",
    [
        "% The serial number in the certificate will be: 9XVYC51FMT6\r\n",
        "% The IP address in the certificate is 202.100.1.1\r\n",
        "% The fully-qualified domain name will not be included in the certificate\r\n",
        "Router Self Signed Certificate successfully created\r\n",
        "% Generating 2048 bit RSA keys, keys will be non-exportable...\r\n[OK]",
        "% Include the router serial number in the subject name? [yes/",
        "The name for the keys will be: TP\r\n% The key modulus size is 2048 bits\r\n",
        "% Generating 1024 bit RSA keys, keys will be exportable...\r\n",
        "% Generating crypto RSA keys in background ...\r\n",
        "% You already have RSA keys defined named RSAKEYS.\r\n% They will be replaced.\r\n\r\n",
        " RSA key size needs to be atleast 768 bits for ssh version 2\r\n",
        "[OK] (elapsed time was 10 seconds)\r\n",
    ],
)
def test_statements_and_partial_prompts_are_not_questions(text: str) -> None:
    assert match_prompt(ENROLL_PROMPTS + KEYGEN_PROMPTS, text) is None


@pytest.mark.parametrize(
    ("text", "name"),
    [(t, "save") for t in SAVE_VARIANTS] + [(t, "confirm") for t in CONFIRM_VARIANTS],
)
def test_reload_prompts_of_prompt_variants_section_6(text: str, name: str) -> None:
    prompt = match_prompt(RELOAD_PROMPTS, "reload\r\n" + text)
    assert prompt is not None and prompt.name == name
    assert prompt.final == (name == "confirm")  # after Enter the device goes down
    assert sum(match_prompt((p,), text) is not None for p in RELOAD_PROMPTS) == 1


def test_only_the_reload_confirmation_is_final() -> None:
    assert [p.name for p in ALL_PROMPTS if p.final] == ["confirm"]


@pytest.mark.parametrize(
    "text",
    [
        "Generate Self Signed Router Certificate? [yes/no]: \r\n",
        "Generate Self Signed Router Certificate? [yes/no]: \r\n"
        "*Nov 29 20:51:13.267: %CRYPTO-6-AUTOGEN: Generated new 2048 bit key pair\r\n",
    ],
)
def test_a_question_followed_by_a_line_end_or_a_syslog_line_is_still_asked(text: str) -> None:
    prompt = match_prompt(ENROLL_PROMPTS, text)
    assert prompt is not None and prompt.name == "generate"


def test_a_generic_question_needs_its_context() -> None:
    """``Do you want to continue? [yes/no]:`` is a replacement only after the text saying so."""
    assert match_prompt(ENROLL_PROMPTS, "Do you want to continue? [yes/no]: ") is None
    question = "Do you want to continue? [yes/no]: "
    found = match_prompt(
        ENROLL_PROMPTS,
        "The router has already generated a Self Signed Certificate for\r\ntrustpoint TP.\r\n"
        + question,
    )
    assert found is not None and found.name == "replace_selfsigned"
