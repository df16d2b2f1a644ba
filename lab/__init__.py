"""lab: the emulated IOS device and fleet (asyncio + asyncssh). Imports nothing of pssc's."""

from __future__ import annotations

import warnings

from cryptography.utils import CryptographyDeprecationWarning

# asyncssh 2.x names cryptography's DSA classes at import time; cryptography >= 47 deprecates
# DSA and warns on each name. The lab never offers DSA host keys, so the warning says nothing
# to a lab user: silence exactly that message from asyncssh's modules, nothing else.
warnings.filterwarnings(
    "ignore",
    message="DSA is deprecated",
    category=CryptographyDeprecationWarning,
    module=r"asyncssh\.",
)
