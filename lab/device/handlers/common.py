"""What the handler tables share: mode groups and the help of words many tables use."""

from __future__ import annotations

# mode groups of Command.modes
USER_EXEC = ("user", "exec")  # `>` and `#`
EXEC = ("exec",)
CONFIG = ("config",)
CONFIG_ALL = ("config", "tp", "if", "line", "chain")  # global configuration and its sub-modes
TP = ("tp",)
IF = ("if",)
LINE = ("line",)
CHAIN = ("chain",)

# help texts of words that several tables use (they must agree within a mode)
NO = "Negate a command or set its defaults"
SHOW = "Show running system information"
CRYPTO = "Encryption module"
SHOW_CRYPTO = "Encryption module"
CRYPTO_PKI = "Public Key components"
CRYPTO_KEY = "Long term key operations"
