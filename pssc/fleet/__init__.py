"""Fleet operations: safe waves (canary, batches, --max-fail, reload groups), the wave runner,
the reload progress display and the confirmation before a reload.

``waves`` is pure (the plan and the stop rule); ``runner`` runs a Nornir task wave after wave;
``options`` declares and reads the command-line options; ``progress`` and ``confirm`` talk to the
terminal.
"""
