"""pssc subcommands: each module exposes register(subparsers)."""
