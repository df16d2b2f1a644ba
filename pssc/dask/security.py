"""TLS for the Dask runner: the shards carry the fleet's credentials, so they travel encrypted to
workers that prove who they are.

- ``--dask-local`` (no scheduler): the ``LocalCluster`` runs with ``distributed.Security.temporary``
  credentials (a CA and a certificate made for this run, in memory only): every connection
  between client, scheduler and workers is mutual TLS, so another local user can neither read a
  shard nor run code in a worker.
- A remote scheduler must be ``tls://``, with the certificates named (``tls_ca``, ``tls_cert``,
  ``tls_key``: ``--dask-tls-ca/--dask-tls-cert/--dask-tls-key``) or in Dask's own configuration
  (``distributed.comm.tls.ca-file``, ``...client.cert``, ``...client.key``). Anything else stops
  the run with one line (:class:`~pssc.errors.DaskRunnerError`, exit 2) before any device is
  contacted, unless ``insecure`` (``--dask-insecure``) says so on purpose.

:func:`check_scheduler` is pure (no ``distributed`` import), so the command line checks the
options before it loads anything; :func:`security_for` builds the ``distributed.Security``.

>>> check_scheduler("tcp://10.0.0.5:8786", insecure=True)
>>> try:
...     check_scheduler("tcp://10.0.0.5:8786")
... except DaskRunnerError as exc:
...     print(str(exc)[:64])
Dask scheduler tcp://10.0.0.5:8786 is not encrypted (tcp://): th
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pssc.errors import DaskRunnerError

__all__ = ["TLS_OPTIONS", "check_scheduler", "security_for"]

TLS_OPTIONS = "--dask-tls-ca/--dask-tls-cert/--dask-tls-key"


def _scheme(address: str) -> str:
    return address.split("://", 1)[0].lower() if "://" in address else "tcp"


def _config_tls() -> Mapping[str, Any]:
    """Dask's ``distributed.comm.tls`` configuration (empty without dask installed)."""
    try:
        import dask
    except ImportError:
        return {}
    tls = dask.config.get("distributed.comm.tls", default={}) or {}
    return tls if isinstance(tls, Mapping) else {}


def _configured() -> bool:
    tls = _config_tls()
    client = tls.get("client") or {}
    return bool(tls.get("ca-file")) and bool(isinstance(client, Mapping) and client.get("cert"))


def _check_file(path: str | os.PathLike[str] | None, option: str) -> None:
    if path is None:
        return
    file = Path(path)
    if not file.is_file():
        raise DaskRunnerError(f"{option} {file}: no such file")
    if not os.access(file, os.R_OK):
        raise DaskRunnerError(f"{option} {file}: not readable")


def check_scheduler(
    scheduler: str | None,
    *,
    tls_ca: str | os.PathLike[str] | None = None,
    tls_cert: str | os.PathLike[str] | None = None,
    tls_key: str | os.PathLike[str] | None = None,
    insecure: bool = False,
    security: Any = None,
) -> None:
    """Refuse (``DaskRunnerError``, one line) a scheduler the shards would reach in clear or
    without certificates; ``None`` (a local cluster) is always fine: it gets temporary ones."""
    _check_file(tls_ca, "--dask-tls-ca")
    _check_file(tls_cert, "--dask-tls-cert")
    _check_file(tls_key, "--dask-tls-key")
    given = any(x is not None for x in (tls_ca, tls_cert, tls_key))
    if scheduler is None:
        if given:
            raise DaskRunnerError(
                f"{TLS_OPTIONS} are for --dask-scheduler tls://..., not a local one"
            )
        return
    scheme = _scheme(scheduler)
    if scheme != "tls":
        if insecure:
            return
        raise DaskRunnerError(
            f"Dask scheduler {scheduler} is not encrypted ({scheme}://): the shards carry the"
            f" fleet's credentials; use tls:// with {TLS_OPTIONS} (or Dask's distributed.comm.tls"
            " config), or --dask-insecure on purpose"
        )
    if security is not None:
        return
    if given:
        if tls_ca is None or tls_cert is None:
            raise DaskRunnerError(
                f"Dask scheduler {scheduler}: --dask-tls-ca and --dask-tls-cert are both needed"
                " (--dask-tls-key unless the key is in the certificate file)"
            )
        return
    if not _configured():
        raise DaskRunnerError(
            f"Dask scheduler {scheduler}: no TLS certificates: give {TLS_OPTIONS}, or set"
            " distributed.comm.tls.ca-file and .client.cert/.key in Dask's config"
        )


def security_for(
    scheduler: str | None,
    *,
    tls_ca: str | os.PathLike[str] | None = None,
    tls_cert: str | os.PathLike[str] | None = None,
    tls_key: str | os.PathLike[str] | None = None,
    insecure: bool = False,
    security: Any = None,
) -> Any:
    """The ``distributed.Security`` of the connection (checked first, see ``check_scheduler``)."""
    check_scheduler(
        scheduler,
        tls_ca=tls_ca,
        tls_cert=tls_cert,
        tls_key=tls_key,
        insecure=insecure,
        security=security,
    )
    from distributed import Security

    if scheduler is None:
        return Security.temporary()  # type: ignore[no-untyped-call]
    if security is not None:
        return security
    if tls_ca is not None and tls_cert is not None:
        return Security(  # type: ignore[no-untyped-call]
            tls_ca_file=str(tls_ca),
            tls_client_cert=str(tls_cert),
            tls_client_key=None if tls_key is None else str(tls_key),
            require_encryption=True,
        )
    return Security()  # type: ignore[no-untyped-call]  # Dask's configuration (tls, or --dask-insecure)
