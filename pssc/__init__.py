"""pssc: Persistent Self-Signed Certificates for Cisco IOS."""
