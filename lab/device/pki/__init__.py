"""Keys, certificates and trustpoints: the bottom layer of ``lab.device``.

Modules: ``rsakeys`` (keys of any size, small-prime keys under 1024 bits, the key pool,
``KeyPair``), ``certs`` (``Certificate``, ``self_signed`` with asn1crypto: MD5/SHA-1 signatures,
fingerprints, names, validity), ``trustpoints`` (the ``Trustpoint`` record and pure logic on it:
``TP-self-signed-<n>``, the subject, which key and certificate a trustpoint and HTTPS use,
issuing a self-signed certificate as an image does).

May import: nothing of ``lab.device`` outside ``pki`` (what it needs of a personality is the
``trustpoints.Image`` protocol). The actions that print and log (a new key pair, the HTTPS
trustpoint) are in ``handlers/actions.py``.
"""
