"""pssc: Persistent Self-Signed Certificates for Cisco IOS, the application.

Holds the ``pssc`` command (``cli``, ``commands/``), the runbooks that compose the Nornir tasks
(``rollout/``, ``verify/``, ``audit/``), the Dask runner (``dask/``), the inventory loader
(``inventory``, ``credentials``), input checks (``validate/``), output (``output/``, ``atomic``),
the pin store (``pins``), the errors (``errors``) and the demo (``demo``).

May import ``tasks`` and ``parsers`` (the layers below), and ``lab`` only from ``commands.lab``
and ``demo`` (which run the emulated lab). Inside pssc, from the top: ``cli`` -> ``commands``
(and ``demo``) -> runbooks -> ``inventory``, ``output``, ``validate``, ``pins``, ``dask`` ->
``atomic``, ``credentials`` -> ``errors``; nothing imports ``cli``.
"""
