"""Keys and certificates: real RSA keys (weak ones included), X.509 building and signing,
trustpoint logic.

Modules: ``rsakeys`` (keys of any size, small-prime keys under 1024 bits, the key pool,
``KeyPair``), ``certs`` (``Certificate``, ``self_signed`` with asn1crypto: MD5/SHA-1 signatures,
fingerprints, names), ``trustpoints`` (pure functions of the state: ``TP-self-signed-<n>``, the
subject, which key and certificate a trustpoint and HTTPS use, issuing), ``actions`` (what
commands share and that prints or logs: a new key pair, the HTTPS self-signed trustpoint; these
take the handlers' ``Context``).

May import: ``model`` (state, clock, personality), ``cli.context`` and ``cli.out`` (``actions``
only). Never ``handlers``, ``cli.session`` nor ``lab.device.device``.
"""
