"""The ``crypto ca`` forms of the PKI commands (the feature guide: ``crypto pki trustpoint``
replaced ``crypto ca trustpoint`` in 12.3(8)T, ``show crypto pki certificates`` replaced ``show
crypto ca certificates`` in 12.3(7)T; the old forms are still taken and the configuration is
written as ``crypto pki``; ``show crypto ca roots`` is ``show crypto pki trustpoints``)."""

from __future__ import annotations

from lab.device.cli.table import Command, Table
from lab.device.handlers import ca_enroll, pki_config, show_pki
from lab.device.handlers.common import CONFIG, EXEC, NO, SHOW, SHOW_CRYPTO, USER_EXEC

CA = "Certification authority"
NO_FORM = {"no": "1"}
VERBOSE = {"verbose": "1"}
STATUS = {"status": "1"}
HELP = {
    "no": NO,
    "crypto": "Encryption module",
    "crypto ca": CA,
    "crypto ca trustpoint": "Define a CA trustpoint",
    "crypto ca enroll": "Request a certificate from a CA",
    "crypto ca authenticate": "Get the CA certificate",
    "crypto ca import": "Import certificates or keys",
    "crypto ca export": "Export certificates or keys",
    "crypto ca certificate": "Actions on certificates",
    "crypto ca certificate chain": "Enter certificate chain editor",
    "<name:WORD>": "Trustpoint name",
    "crypto ca import <name:WORD> certificate": "Import a certificate from the terminal",
    "crypto ca export <name:WORD> pem": "File format is PEM",
    "crypto ca export <name:WORD> pem terminal": "Export to the terminal",
    "show": SHOW,
    "show crypto": SHOW_CRYPTO,
    "show crypto ca": CA,
    "show crypto ca certificates": "Show certificates",
    "show crypto ca roots": "Show trustpoints",
    "show crypto ca trustpoints": "Show trustpoints",
    "<tp:WORD>": "Trustpoint name",
    "verbose": "Display in verbose mode",
    "status": "Show trustpoint status",
}
_SHOW_CERTS = show_pki.h_show_certificates
_SHOW_TPS = show_pki.h_show_trustpoints
TABLE = Table(
    HELP,
    (
        Command(CONFIG, "crypto ca trustpoint <name:WORD>", pki_config.h_trustpoint, crypto=True),
        Command(
            CONFIG, "no crypto ca trustpoint <name:WORD>", pki_config.h_no_trustpoint, crypto=True
        ),
        Command(CONFIG, "crypto ca enroll <name:WORD>", ca_enroll.h_enroll, crypto=True),
        Command(
            CONFIG, "crypto ca authenticate <name:WORD>", ca_enroll.h_authenticate, crypto=True
        ),
        Command(
            CONFIG, "crypto ca import <name:WORD> certificate", ca_enroll.h_import, crypto=True
        ),
        Command(
            CONFIG, "crypto ca export <name:WORD> pem terminal", ca_enroll.h_export, crypto=True
        ),
        Command(CONFIG, "crypto ca certificate chain <name:WORD>", pki_config.h_chain, crypto=True),
        Command(
            CONFIG, "no crypto ca certificate chain <name:WORD>", pki_config.h_no_chain, crypto=True
        ),
        Command(EXEC, "show crypto ca certificates", _SHOW_CERTS, pipe=True, crypto=True),
        Command(EXEC, "show crypto ca certificates <tp:WORD>", _SHOW_CERTS, pipe=True, crypto=True),
        Command(
            EXEC,
            "show crypto ca certificates <tp:WORD> verbose",
            _SHOW_CERTS,
            pipe=True,
            crypto=True,
            static=VERBOSE,
        ),
        Command(USER_EXEC, "show crypto ca roots", _SHOW_TPS, pipe=True, crypto=True),
        Command(USER_EXEC, "show crypto ca trustpoints", _SHOW_TPS, pipe=True, crypto=True),
        Command(
            USER_EXEC,
            "show crypto ca trustpoints status",
            _SHOW_TPS,
            pipe=True,
            crypto=True,
            static=STATUS,
        ),
        Command(
            USER_EXEC, "show crypto ca trustpoints <tp:WORD>", _SHOW_TPS, pipe=True, crypto=True
        ),
        Command(
            USER_EXEC,
            "show crypto ca trustpoints <tp:WORD> status",
            _SHOW_TPS,
            pipe=True,
            crypto=True,
            static=STATUS,
        ),
    ),
)
