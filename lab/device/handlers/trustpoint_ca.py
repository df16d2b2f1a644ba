"""The other ``(ca-trustpoint)#`` sub-commands the feature guide lists for ``crypto pki
trustpoint``: ``crl``, ``default``, ``enrollment http-proxy``, ``match certificate``,
``primary``, ``root``, and ``auto-enroll``. They are kept and shown in the configuration (the
lab reaches no CA, CRL or proxy); ``crl optional`` is written as ``revocation-check none``, as
IOS has done since ``revocation-check`` replaced it.
"""

from __future__ import annotations

from lab.device.cli.context import Args, Context, Handler
from lab.device.cli.out import Out
from lab.device.cli.table import Command, Table
from lab.device.handlers import trustpoint as base
from lab.device.handlers.common import NO, TP
from lab.device.pki.trustpoints import Trustpoint

NO_FORM = {"no": "1"}


def _tp(ctx: Context) -> Trustpoint:
    return ctx.state.config.trustpoints[ctx.tp or ""]


def h_crl(ctx: Context, a: Args, out: Out) -> None:
    tp = _tp(ctx)
    if "no" in a:
        tp.crl_query = None
    elif "url" in a:
        tp.crl_query = a["url"]
    else:  # `crl optional` / `crl best-effort`: the revocation-check they became
        tp.revocation_check = "none" if a["how"] == "optional" else "crl none"
    ctx.changed()


def h_http_proxy(ctx: Context, a: Args, out: Out) -> None:
    _tp(ctx).http_proxy = None if "no" in a else f"{a['host']} {a['port']}"
    ctx.changed()


def h_match(ctx: Context, a: Args, out: Out) -> None:
    _tp(ctx).match_certificate = None if "no" in a else a["map"]
    ctx.changed()


def h_primary(ctx: Context, a: Args, out: Out) -> None:
    tps = ctx.state.config.trustpoints.values()
    if "no" not in a:
        for other in tps:  # one primary trustpoint on the router
            other.primary = False
    _tp(ctx).primary = "no" not in a
    ctx.changed()


def h_root(ctx: Context, a: Args, out: Out) -> None:
    _tp(ctx).root = None if "no" in a else f"tftp {a['server']} {a['file']}"
    ctx.changed()


def h_auto_enroll(ctx: Context, a: Args, out: Out) -> None:
    tp = _tp(ctx)
    if "no" in a:
        tp.auto_enroll = None
    else:
        tp.auto_enroll = " ".join(w for w in (a.get("pct"), a.get("regenerate")) if w)
    ctx.changed()


DEFAULTS: dict[str, Handler] = {  # `default WORD ...` is the `no` form of WORD
    "enrollment": base.h_enrollment,
    "subject-name": base.h_subject_name,
    "subject-alt-name": base.h_subject_alt_name,
    "rsakeypair": base.h_rsakeypair,
    "serial-number": base.h_serial,
    "ip-address": base.h_ip_address,
    "fqdn": base.h_fqdn,
    "revocation-check": base.h_revocation,
    "hash": base.h_hash,
    "crl": h_crl,
    "match": h_match,
    "primary": h_primary,
    "root": h_root,
    "auto-enroll": h_auto_enroll,
}


def h_default(ctx: Context, a: Args, out: Out) -> None:
    DEFAULTS[a["word"]](ctx, {"no": "1"}, out)


HELP = {
    "no": NO,
    "crl": "CRL parameters",
    "crl query": "URL when querying CRL",
    "crl query <url:WORD>": "LDAP URL to query",
    "crl optional": "Accept certificates even if the CRL is not available",
    "crl best-effort": "Check CRL if available; accept certificates otherwise",
    "enrollment": "Enrollment parameters",
    "enrollment http-proxy": "HTTP proxy server for enrollment",
    "enrollment http-proxy <host:WORD>": "Proxy host name",
    "enrollment http-proxy <host:WORD> <port:INT:1-65535>": "Proxy port number",
    "match": "Match certificate parameters",
    "match certificate": "Match a certificate map",
    "match certificate <map:WORD>": "Certificate map name",
    "primary": "Use this trustpoint as the primary trustpoint",
    "root": "Retrieve the CA certificate",
    "root tftp": "Retrieve the CA certificate via TFTP",
    "root tftp <server:WORD>": "TFTP server name",
    "root tftp <server:WORD> <file:WORD>": "File name of the CA certificate",
    "auto-enroll": "Enable auto enrollment",
    "auto-enroll <pct:INT:1-100>": "Percent of validity at which to renew the certificate",
    "regenerate": "Generate a new key pair when re-enrolling",
    "default": "Set a command to its defaults",
    "<rest:LINE>": "The rest of the command",
    **{f"default {word}": f"The default of {word}" for word in DEFAULTS},
}
TABLE = Table(
    HELP,
    (
        Command(TP, "crl query <url:WORD>", h_crl, static={"url": "1"}),
        *(
            Command(TP, f"crl {how}", h_crl, static={"how": how})
            for how in ("optional", "best-effort")
        ),
        Command(TP, "no crl", h_crl, static=NO_FORM),
        Command(TP, "no crl <rest:LINE>", h_crl, static=NO_FORM),
        Command(TP, "enrollment http-proxy <host:WORD> <port:INT:1-65535>", h_http_proxy),
        Command(TP, "no enrollment http-proxy", h_http_proxy, static=NO_FORM),
        Command(TP, "no enrollment http-proxy <rest:LINE>", h_http_proxy, static=NO_FORM),
        Command(TP, "match certificate <map:WORD>", h_match),
        Command(TP, "no match certificate", h_match, static=NO_FORM),
        Command(TP, "no match certificate <rest:LINE>", h_match, static=NO_FORM),
        Command(TP, "primary", h_primary),
        Command(TP, "no primary", h_primary, static=NO_FORM),
        Command(TP, "root tftp <server:WORD> <file:WORD>", h_root),
        Command(TP, "no root", h_root, static=NO_FORM),
        Command(TP, "no root <rest:LINE>", h_root, static=NO_FORM),
        Command(TP, "auto-enroll", h_auto_enroll),
        Command(TP, "auto-enroll regenerate", h_auto_enroll, static={"regenerate": "regenerate"}),
        Command(TP, "auto-enroll <pct:INT:1-100>", h_auto_enroll),
        Command(
            TP,
            "auto-enroll <pct:INT:1-100> regenerate",
            h_auto_enroll,
            static={"regenerate": "regenerate"},
        ),
        Command(TP, "no auto-enroll", h_auto_enroll, static=NO_FORM),
        Command(TP, "no auto-enroll <rest:LINE>", h_auto_enroll, static=NO_FORM),
        *(
            cmd
            for word in DEFAULTS
            for cmd in (
                Command(TP, f"default {word}", h_default, static={"word": word}),
                Command(TP, f"default {word} <rest:LINE>", h_default, static={"word": word}),
            )
        ),
    ),
)
