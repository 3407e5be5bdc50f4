"""Token Desk: manage a tenant's API tokens (desktop app + token service)."""

__version__ = "0.1.0"
